"""Shared fixtures for importer tests: the seed corpus, reference data, archive folders."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from importing.extract import Gazetteer
from importing.load import gazetteer_from_db

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


def seed_path(number: str) -> Path:
    """The seed whose file name starts with ``number`` ("000" … "004")."""
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path


def seed_text(number: str) -> str:
    return seed_path(number).read_text(encoding="utf-8")


@pytest.fixture
def reference(db) -> Gazetteer:
    """Reference fixtures loaded through the project's own command; the gazetteer built from them."""
    call_command("load_reference", stdout=StringIO())
    return gazetteer_from_db()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An empty archive folder; tests write files into it."""
    folder = tmp_path / "archive"
    folder.mkdir()
    return folder


ARTICLE = (
    "\n\n".join(
        [
            "Hội nghị giao ban công tác dân vận quý {n} tại xã {place}",
            "Thứ Hai, 15/03/2021 08:30",
            "Ngày 12/3, Ban Dân vận Tỉnh ủy Quảng Ninh tổ chức hội nghị giao ban công tác dân vận quý {n} với sự tham dự "
            "của đại diện Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trên địa bàn, đánh giá kết quả thực hiện "
            "Quyết định số 290-QĐ/TW của Bộ Chính trị.",
            "Hội nghị đã nghe báo cáo kết quả thực hiện phong trào thi đua “Dân vận khéo” và thảo luận các giải pháp nâng "
            "cao hiệu quả công tác dân vận chính quyền trong thời gian tới, nhất là ở cơ sở, nơi gần dân nhất.",
            "Quang cảnh hội nghị",
            "Kết thúc hội nghị, đồng chí Trưởng Ban Dân vận đề nghị các đơn vị tiếp tục bám sát cơ sở, lắng nghe ý kiến "
            "của nhân dân, kịp thời giải quyết những vướng mắc phát sinh và nhân rộng các mô hình hay.",
            "Minh Châu",
        ]
    )
    + "\n"
)


def article_text(n: int = 1, place: str = "Tân Bình") -> str:
    """A small well-formed article in the seeds' shape; ``n`` and ``place`` vary its text."""
    return ARTICLE.format(n=n, place=place)
