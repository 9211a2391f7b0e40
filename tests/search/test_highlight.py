"""Snippets: escaped, matches marked on the original characters."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.text import fold
from search.highlight import fold_aligned, highlight, snippet
from search.query import TERM


def test_folded_match_marks_original_diacritics():
    assert highlight("Mô hình “Dân vận khéo” ở Đồng Nai", ["dan", "van", "kheo"]) == (
        "Mô hình “<mark>Dân</mark> <mark>vận</mark> <mark>khéo</mark>” ở Đồng Nai"
    )


def test_d_with_stroke_is_matched_by_d():
    assert highlight("Đảng bộ xã", ["dang"]) == "<mark>Đảng</mark> bộ xã"


def test_whole_words_only():
    assert highlight("dân dâng dấn", ["dan"]) == "<mark>dân</mark> dâng <mark>dấn</mark>"


def test_everything_is_escaped_before_marking():
    html = highlight('<script>alert("dân")</script> & dân', ["dan"])
    assert "<script>" not in html
    assert html == "&lt;script&gt;alert(&quot;<mark>dân</mark>&quot;)&lt;/script&gt; &amp; <mark>dân</mark>"


def test_a_term_that_matches_markup_cannot_break_out():
    assert highlight("a <mark>b</mark>", ["mark"]) == "a &lt;<mark>mark</mark>&gt;b&lt;/<mark>mark</mark>&gt;"


def test_snippet_is_a_window_around_the_first_match():
    text = "Mở đầu. " * 60 + "Phong trào thi đua Dân vận khéo lan rộng. " + "Kết thúc. " * 60
    result = snippet(text, ["dan", "van", "kheo"])
    assert result.startswith("… ")
    assert result.endswith(" …")
    assert "<mark>Dân</mark> <mark>vận</mark> <mark>khéo</mark>" in result
    assert len(result) < 400


def test_snippet_without_match_shows_the_beginning():
    assert snippet("Sapo ngắn gọn.", ["khac"]) == "Sapo ngắn gọn."


def test_alignment_survives_text_that_fold_would_shorten():
    text = "Straße  dân"  # ß folds to "ss"; two spaces collapse
    folded, origin = fold_aligned(text)
    assert folded == "strasse  dan"
    assert origin == [0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10]
    assert highlight(text, ["dan"]).endswith("<mark>dân</mark>")


def test_decomposed_input_keeps_positions():
    text = "Da\u0302n va\u0323n"  # NFD
    assert highlight(text, ["van"]) == "Da\u0302n <mark>va\u0323n</mark>"


def test_snippet_prefers_the_terms_together():
    text = "Công tác dân vận. " * 30 + "Mô hình dân vận khéo ở xã. " + "Kết thúc. " * 30
    result = snippet(text, ["dan", "van", "kheo"])
    assert "<mark>dân</mark> <mark>vận</mark> <mark>khéo</mark> ở xã" in result


# Letters of every sort a text may hold: Vietnamese in both cases, plain ASCII, digits,
# punctuation, and what the direct patterns must leave to folding (a decomposed mark, "ß"
# that folds to two letters, a letter outside the fold table, a doubled space, a tab).
_PIECES = (
    "dân", "Dân", "DÂN", "vận", "VẬN", "khéo", "Khéo", "đảng", "Đảng", "ĐẢNG", "dang", "bình", "thuận", "Thuận",
    "25-NQ/TW", "nq", "2025", "“", "”", ",", ".", "(", ")", "_", "xã", "ủy", "Ủy", "ban",
    "Da\u0302n", "Straße", "strasse", "ſ", "Ωmega", "日本", "😀", "é",
)  # fmt: skip


@given(
    words=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40),
    gaps=st.lists(st.sampled_from([" ", " ", " ", "", "  ", "\t"]), min_size=40, max_size=40),
    picked=st.lists(st.integers(min_value=0, max_value=39), min_size=1, max_size=4),
    length=st.sampled_from([12, 40, 240]),
)
@settings(max_examples=400, deadline=None)
def test_marks_found_on_the_original_text_are_those_found_on_its_folded_copy(words, gaps, picked, length):
    from search import highlight as module

    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False)).strip() or "dân"
    folded_words = fold(" ".join(words)).split()
    terms = [t for i in picked for t in TERM.findall(folded_words[i % len(folded_words)])] or ["dan"]
    direct = (str(highlight(text, terms)), str(snippet(text, terms, length)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_reads_directly", lambda _text: False)  # always fold the text
        assert direct == (str(highlight(text, terms)), str(snippet(text, terms, length)))


def test_texts_stored_as_the_index_stores_them_are_read_without_folding():
    from search.highlight import _reads_directly

    assert _reads_directly("Mô hình “Dân vận khéo” ở Đồng Nai, 25-NQ/TW (2025) 😀.")
    for irregular in ("Da\u0302n vận", "Straße", "dân  vận", " dân", "dân\tvận", "ſ dân"):
        assert not _reads_directly(irregular), irregular
    assert highlight("Straße ſ dân", ["dan"]) == "Straße ſ <mark>dân</mark>"


def test_long_texts_mark_their_best_window():
    filler = "Cán bộ cơ sở gần dân, hiểu dân, giúp dân. " * 60  # about 2,500 characters
    text = f"Phong trào Dân vận khéo ở thôn. {filler} Bình ở xã. {filler} Tỉnh Bình Thuận tổng kết. {filler}"
    assert "<mark>Bình</mark> <mark>Thuận</mark>" in snippet(text, ["binh", "thuan"])
    assert snippet(text, ["kheo"]).startswith("Phong trào Dân vận <mark>khéo</mark>")
