"""An undated article whose address or text fixes the year records it in ``year_hint`` (with how
it was found) and keeps ``published_at`` empty; a date about an event is never the publication date."""

from __future__ import annotations

import pytest

from articles.models import Article
from importing.files import find_files
from importing.load import import_files
from importing.years import YearHint, year_hint

from .conftest import article_text


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Năm 2016, Ban Dân vận Tỉnh ủy chỉ đạo xây dựng 120 mô hình."], YearHint(2016, "năm trong bài: «Năm 2016»")),
        (
            ["Các cấp ủy đã hoàn thành tốt nhiệm vụ trong năm 2019 và đề ra phương hướng."],
            YearHint(2019, "năm trong bài: «trong năm 2019»"),
        ),
        (
            ["Ngày 27/9/2016, tại Hà Nội, Tổ Biên tập tiến hành khảo sát.", "Trong năm 2016, Đảng ủy Bộ ban hành 29 văn bản."],
            YearHint(2016, "năm trong bài: «Ngày 27/9/2016», «Trong năm 2016»"),
        ),
        (["Sáng ngày 12 tháng 3 năm 2019, hội nghị khai mạc."], YearHint(2019, "năm trong bài: «ngày 12 tháng 3 năm 2019»")),
        # a document's date is the document's; a period and a comparison say nothing
        (
            ["Thực hiện Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương, giai đoạn 2016 - 2021, tăng so với năm 2020."],
            YearHint(None),
        ),
        (["Quyết định số 290-QĐ/TW, ngày 25/2/2010 của Bộ Chính trị được quán triệt."], YearHint(None)),
        (["Sáng 5/3, hội nghị triển khai công tác dân vận."], YearHint(None)),
        # signs that disagree: no year, and the report says why
        (
            ["Năm 2016, mô hình ra đời.", "Ngày 5/10/2021, tỉnh tổng kết phong trào."],
            YearHint(None, warning="bài không có ngày đăng và nhắc nhiều năm (2016, 2021): không ghi năm ước định"),
        ),
        (["“Trong năm 2019-2020, …” là hai năm."], YearHint(None)),
    ],
)
def test_the_year_the_text_fixes(texts, expected):
    assert year_hint(texts) == expected


def test_the_old_address_fixes_it_first():
    texts = ["Ngày 5/10/2021, tỉnh tổng kết phong trào."]
    assert year_hint(texts, url="https://danvan.binhthuan.example/2019/03/bai-viet/") == YearHint(
        2019, "năm trong đường dẫn bài gốc: /2019/03/"
    )
    assert year_hint(texts, url="https://danvan.example.vn/tin-tuc/bai-2020.html") == YearHint(2021, "năm trong bài: «Ngày 5/10/2021»")


UNDATED = article_text(1).replace("Thứ Hai, 15/03/2021 08:30\n\n", "")


@pytest.mark.django_db
def test_an_undated_import_records_the_year_and_stays_undated(reference, archive):
    (archive / "a.txt").write_text(UNDATED.replace("Ngày 12/3, Ban Dân vận", "Năm 2016, Ban Dân vận"), encoding="utf-8")
    (archive / "b.txt").write_text(UNDATED.replace("quý 1", "quý 2"), encoding="utf-8")  # "Ngày 12/3": no year
    (archive / "c.txt").write_text(article_text(3).replace("Ngày 12/3,", "Năm 2016,"), encoding="utf-8")  # dated
    result = import_files(find_files([str(archive)]).files, workers=0)
    assert [f.outcome for f in result.files] == ["created", "created", "created"]
    a, b, c = (Article.objects.get(import_source=f"archive/{name}.txt") for name in "abc")
    assert (a.published_at, a.year_hint, a.year_hint_source) == (None, 2016, "năm trong bài: «Năm 2016»")
    assert (b.published_at, b.year_hint, b.year_hint_source) == (None, None, "")
    assert (c.published_at is not None, c.year_hint, c.year_hint_source) == (True, None, "")
    # The year's archive lists the undated article; its page shows the year.
    assert list(Article.objects.published().filter(published_at__isnull=True, year_hint=2016)) == [a]


@pytest.mark.django_db
def test_a_year_an_editor_corrected_is_kept_on_re_import(reference, archive):
    path = archive / "a.txt"
    path.write_text(UNDATED.replace("Ngày 12/3, Ban Dân vận", "Năm 2016, Ban Dân vận"), encoding="utf-8")
    import_files(find_files([str(archive)]).files, workers=0)
    Article.objects.update(year_hint=2017, year_hint_source="biên tập viên sửa")
    path.write_text(UNDATED.replace("Ngày 12/3, Ban Dân vận", "Năm 2016, Ban Dân vận").replace("quý 1", "quý 4"), encoding="utf-8")
    (result,) = import_files(find_files([str(archive)]).files, workers=0).files
    assert result.outcome == "updated"
    assert Article.objects.values_list("year_hint", "year_hint_source").get() == (2017, "biên tập viên sửa")
