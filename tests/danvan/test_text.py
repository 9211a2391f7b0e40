import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan.text import (
    _COMBINING_MARKS,
    _FOLD,
    _INVISIBLE,
    _ODD_SPACES,
    WordMap,
    fold,
    normalize,
    normalize_line,
    slugify_vi,
    split_lines,
    unique_slug,
)

SEED_TITLES = {
    "Khảo sát xây dựng Nghị quyết của Ban Chấp hành Đảng bộ Khối các cơ quan Trung ương về “Nâng cao hiệu quả công tác dân vận "
    "của đảng bộ các cơ quan nhà nước” tại Đảng bộ Bộ Nông nghiệp và Phát triển nông thôn": (
        "khao-sat-xay-dung-nghi-quyet-cua-ban-chap-hanh-dang-bo-khoi-cac-co-quan-trung-uong-ve-nang-cao-hieu-qua-cong-tac-dan-van-"
        "cua-dang-bo-cac-co-quan-nha-nuoc-tai-dang-bo-bo-nong-nghiep-va-phat-trien-nong-thon"
    ),
    "Công tác dân vận qua 01 năm triển khai thực hiện Nghị quyết số 25 của BCH Trung ương Đảng (khóa XI)": (
        "cong-tac-dan-van-qua-01-nam-trien-khai-thuc-hien-nghi-quyet-so-25-cua-bch-trung-uong-dang-khoa-xi"
    ),
    # The scraped file spells Đảng with the Icelandic Ð (U+00D0).
    "Đổi mới, nâng cao hiệu quả công tác dân vận ở \u00d0ảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh": (
        "doi-moi-nang-cao-hieu-qua-cong-tac-dan-van-o-dang-bo-khoi-cac-co-quan-va-doanh-nghiep-tinh"
    ),
    "Đổi mới công tác dân vận ở Đảng bộ Khối các cơ quan TW": "doi-moi-cong-tac-dan-van-o-dang-bo-khoi-cac-co-quan-tw",
    "Đoàn giám sát của Ban Dân vận tỉnh ủy làm việc với huyện Đầm Hà": "doan-giam-sat-cua-ban-dan-van-tinh-uy-lam-viec-voi-huyen-dam-ha",
}


@pytest.mark.parametrize(("title", "expected"), SEED_TITLES.items())
def test_seed_titles_slug(title, expected):
    assert slugify_vi(title) == expected


def test_seed_title_in_nfd_gives_the_same_slug():
    for title, expected in SEED_TITLES.items():
        assert slugify_vi(unicodedata.normalize("NFD", title)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đ", "d"),
        ("đ", "d"),
        ("Đảng bộ", "dang-bo"),
        ("ĐẢNG ỦY", "dang-uy"),
        ("25-NQ/TW", "25-nq-tw"),
        ("Nghị quyết 25-NQ/TW", "nghi-quyet-25-nq-tw"),
        ("2765/QĐ-UBND", "2765-qd-ubnd"),
        ("30/2020/NĐ-CP", "30-2020-nd-cp"),
        ("  --Dân vận khéo!!  ", "dan-van-kheo"),
        ("", ""),
        ("“”!?", ""),
    ],
)
def test_slug_cases(text, expected):
    assert slugify_vi(text) == expected


def test_long_title_is_cut_at_a_word_boundary():
    title = "Đảng bộ " * 60
    slug = slugify_vi(title, max_length=50)
    assert len(slug) <= 50
    assert slug == "-".join(["dang-bo"] * 6)  # 47 characters; one more word would make 52


def test_unique_slug_appends_counter_within_length():
    taken = {"dan-van-kheo", "dan-van-kheo-2"}
    assert unique_slug("Dân vận khéo", taken.__contains__) == "dan-van-kheo-3"
    assert unique_slug("“”", set().__contains__) == "bai-viet"
    long = unique_slug("a" * 300, {"a" * 255}.__contains__)
    assert long == "a" * 253 + "-2"


def test_normalize_nfc_eth_and_spaces():
    raw = unicodedata.normalize("NFD", "Dân vận") + "\u00a0\u00a0khéo\r\n\r\n\r\n\u00d0ảng\u200b bộ  "
    assert normalize(raw) == "Dân vận khéo\n\n" + "Đảng bộ"
    assert unicodedata.is_normalized("NFC", normalize(raw))
    assert normalize(None) == ""
    assert normalize_line(" a \n b ") == "a b"


@pytest.mark.parametrize("text", ["Dân vận khéo", "DÂN VẬN KHÉO", "dan van kheo", "Dan  Van\tKheo", "\u00d0ân vận khéo"])
def test_fold_spellings_agree(text):
    assert fold(text) == "dan van kheo"


def test_fold_keeps_length_for_nfc_text():
    text = "Nghị quyết Trung ương 7 (khóa XI) về công tác dân vận"
    assert len(fold(text)) == len(text)


def test_split_lines():
    assert split_lines("  Đảng ủy Khối \n\n BDV  \n") == ["Đảng ủy Khối", "BDV"]


def _fold_whole_text(text: str) -> str:
    """``fold`` as it was first written: the whole text at once, no word cache."""
    text = unicodedata.normalize("NFC", text)
    folded = _COMBINING_MARKS.sub("", text.casefold().translate(_FOLD))
    return " ".join(folded.split())


@given(st.text(alphabet=st.sampled_from(list("aAđĐÐðeêếỆôơưƯ \n\t\u00a0\u0301\u0323ß.,-/25")), max_size=60))
def test_fold_word_by_word_equals_fold_of_the_whole_text(text):
    assert fold(text) == _fold_whole_text(text)


@given(st.text(max_size=40))
def test_fold_equals_fold_of_the_whole_text_on_any_text(text):
    assert fold(text) == _fold_whole_text(text)


def test_word_map_cache_stays_bounded():
    upper = WordMap(str.upper, size=3)
    assert upper("a b  c d a") == "A B  C D A"  # spaces kept exactly, words mapped
    assert len(upper.cache) <= 3


def _normalize_every_pass(text: str) -> str:
    """``normalize`` with every pass always run (the shipped one skips passes with nothing to do)."""
    text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    text = re.sub(r" *\n *", "\n", re.sub(r" {2,}", " ", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@given(st.text(alphabet=st.sampled_from(list("a Đ\u00d0\u00f0\n\r\t\f\v\u00a0\u200b\u00ad\ufeff\u3000\u0301e1")), max_size=30))
def test_normalize_skipping_passes_changes_nothing(text):
    assert normalize(text) == _normalize_every_pass(text)


@given(st.text(max_size=80), st.sets(st.sampled_from(["chuyen-muc", "chuyen-muc-2", "dan-van", "a", "a-2"]), max_size=5))
def test_unique_slug_is_always_a_usable_free_ascii_slug(text, taken):
    slug = unique_slug(text, taken.__contains__, max_length=40, fallback="chuyen-muc")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 40 and slug not in taken
