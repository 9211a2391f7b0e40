"""The import_articles command: arguments, report formats, exit status."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article

from .conftest import SEEDS, article_text

pytestmark = pytest.mark.django_db


def command(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_imports_seeds_and_prints_summary(reference):
    out, _err = command(str(SEEDS))
    assert out.strip().endswith("Tạo mới: 5, cập nhật: 0, không đổi: 0, lỗi: 0")
    assert Article.objects.filter(section__slug="tin-hoat-dong").count() == 5
    out, _err = command(str(SEEDS))
    assert "Tạo mới: 0, cập nhật: 0, không đổi: 5, lỗi: 0" in out


def test_load_reference_with_seeds_uses_this_command(db):
    call_command("load_reference", "--seeds", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.published().count() == 5


def test_failures_are_listed_and_exit_status_is_non_zero(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    (archive / "b.txt").write_bytes(b"")
    err = StringIO()
    with pytest.raises(CommandError, match="2 tệp không nhập được") as raised:
        call_command("import_articles", str(archive), str(archive / "none.txt"), stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "LỖI archive/b.txt: tệp rỗng",
        f"LỖI {archive / 'none.txt'}: không có tệp hoặc thư mục này",
    ]
    assert Article.objects.count() == 1


def test_json_report_with_dry_run(reference):
    out, _err = command(str(SEEDS / "*.txt"), "--dry-run", "--format", "json")
    report = json.loads(out)
    assert report["dry_run"] is True
    assert report["summary"] == {"created": 5, "updated": 0, "unchanged": 0, "failed": 0}
    assert sorted(f["key"] for f in report["files"]) == sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.txt"))
    assert not Article.objects.exists()


def test_verbose_lines_and_section_by_name(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    out, _err = command(str(archive), "--section", "Dân vận khéo", "--status", "review", verbosity=3)
    assert "created   archive/a.txt: Hội nghị giao ban công tác dân vận quý 1 tại xã Tân Bình" in out
    article = Article.objects.get()
    assert (article.section.slug, article.status) == ("dan-van-kheo", "review")


def test_unknown_section_is_refused_before_any_work(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    with pytest.raises(CommandError, match="Không có chuyên mục “không-có”"):
        command(str(archive), "--section", "không-có")
    assert not Article.objects.exists()
