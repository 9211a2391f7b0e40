"""Bad input: each file gets a one-line reason, writes nothing, and the run goes on."""

from __future__ import annotations

import os
import unicodedata

import pytest

from articles.models import Article
from importing.files import MAX_BYTES, decode, find_files
from importing.load import import_files

from .conftest import article_text, seed_path

pytestmark = pytest.mark.django_db

BAD = {
    "empty": (b"", "tệp rỗng"),
    "whitespace": (b" \n\t\r\n   \n", "tệp chỉ có khoảng trắng"),
    "nul-bytes": (b"Ti\xc3\xaau \x00\x01\x02\x00\xff\xfe\x00\x00binary" * 10, "dữ liệu nhị phân"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "dữ liệu nhị phân: tệp là ảnh PNG"),
    "control-chars": (bytes(range(1, 32)) * 20, "dữ liệu nhị phân"),
    "html": (
        "<!DOCTYPE html><html><body><h1>Tiêu đề</h1><p>Nội dung bài viết.</p></body></html>".encode(),
        "tệp HTML, không phải văn bản thuần",
    ),
    "html-fragment": (("<div><p>Đoạn một</p><p>Đoạn hai</p><p>Đoạn ba</p><br><span>x</span></div>\n" * 3).encode(), "HTML"),
    "mojibake": (article_text(1).encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"), "mojibake"),
    "boilerplate": ("Chia sẻ:\n\nWebsite liên kết\n\nDÂN VẬN KHÉO\n\nQUY CHẾ DÂN CHỦ\n".encode(), "chỉ có phần khung trang"),
    "no-title": (("Ngày 12/3, Ban Dân vận tổ chức hội nghị giao ban. " * 8).encode(), "không có tiêu đề"),
    "not-text-encoding": (b"\x81\x8d\x8f\x90\x9d" * 50, "không phải văn bản UTF-8, UTF-16 hay Windows-1258"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_fails_with_reason_and_writes_nothing(reference, archive, name):
    data, reason = BAD[name]
    (archive / f"0-{name}.txt").write_bytes(data)
    (archive / "1-good.txt").write_text(article_text(1), encoding="utf-8")
    result = import_files(find_files([str(archive)]).files)
    bad, good = result.files
    assert (bad.outcome, good.outcome) == ("failed", "created")
    assert reason in bad.reason and "\n" not in bad.reason
    assert list(Article.objects.values_list("import_source", flat=True)) == ["archive/1-good.txt"]


def test_over_five_megabytes(reference, archive):
    path = archive / "big.txt"
    path.write_bytes(article_text(1).encode() + b" " * (MAX_BYTES + 1))
    (result,) = import_files(find_files([str(path)]).files).files
    assert result.outcome == "failed" and result.reason.startswith("tệp quá lớn: 5.0 MB")
    assert not Article.objects.exists()


def test_unreadable_paths(reference, archive):
    (archive / "dangling.txt").symlink_to(archive / "gone.txt")
    discovery = find_files([str(archive / "dangling.txt"), str(archive / "missing.txt"), str(archive / "nothing-*.txt")])
    assert discovery.missing == [
        (str(archive / "missing.txt"), "không có tệp hoặc thư mục này"),
        (str(archive / "nothing-*.txt"), "mẫu không khớp tệp nào"),
    ]
    (result,) = import_files(discovery.files).files
    assert result.outcome == "failed"
    assert result.reason == "không đọc được tệp: không có tệp này (hoặc liên kết tượng trưng trỏ tới tệp không còn)"
    if os.geteuid() != 0:  # root reads anything, so permissions can only be tested as a user
        locked = archive / "locked.txt"
        locked.write_text(article_text(1), encoding="utf-8")
        locked.chmod(0)
        (result,) = import_files(find_files([str(locked)]).files).files
        assert result.reason == "không đọc được tệp: không có quyền đọc"
    assert not Article.objects.exists()


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """How Windows-1258 writes Vietnamese: precomposed â/ê/ô/ơ/ư/ă/đ plus a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (windows_1258, "cp1258"),
        (lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8"),
    ],
)
def test_other_encodings_import_the_same_article(reference, archive, encode, encoding):
    text = article_text(1)
    (archive / "a.txt").write_bytes(encode(text))
    (result,) = import_files(find_files([str(archive)]).files).files
    assert result.outcome == "created", result.reason
    article = Article.objects.get()
    assert article.title == "Hội nghị giao ban công tác dân vận quý 1 tại xã Tân Bình"
    assert article.byline == "Minh Châu"
    assert article.lead.startswith("Ngày 12/3, Ban Dân vận Tỉnh ủy Quảng Ninh tổ chức hội nghị")
    assert unicodedata.is_normalized("NFC", article.body + article.lead) and "“Dân vận khéo”" in article.body
    assert article.import_report["encoding"] == encoding
    # The same words in UTF-8 are the same article: the hash is over normalised text.
    (archive / "a.txt").write_text(text, encoding="utf-8")
    assert import_files(find_files([str(archive)]).files).counts["unchanged"] == 1


def test_seed_002_eth_is_stored_as_vietnamese_d(reference):
    import_files(find_files([str(seed_path("002"))]).files)
    article = Article.objects.get()
    assert "\u00d0" not in article.title + article.body and article.title.endswith("ở Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh")


def test_decode_prefers_utf8_and_never_guesses_cp1258_for_utf8():
    text = "Đảng ủy Khối các cơ quan Trung ương"
    assert decode(text.encode("utf-8")).text == text
    assert decode(text.encode("utf-8")).encoding == "utf-8"
