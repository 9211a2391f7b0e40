"""Snippets: escaped, matches marked on the original characters."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.text import fold
from search.highlight import fold_aligned, highlight, snippet


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


@pytest.mark.parametrize(
    "terms",
    [("dan", "van", "kheo"), ("kheo",), ("binh", "thuan"), ("dan",)],
    ids=["phrase-early", "word-early", "phrase-late-word-early", "many-words"],
)
def test_long_texts_read_from_their_beginning_give_the_same_snippet(monkeypatch, terms):
    from search import highlight

    filler = "Cán bộ cơ sở gần dân, hiểu dân, giúp dân. " * 60  # about 2,500 characters
    text = f"Phong trào Dân vận khéo ở thôn. {filler} Bình ở xã. {filler} Tỉnh Bình Thuận tổng kết. {filler}"
    fast = str(snippet(text, terms))
    monkeypatch.setattr(highlight, "PREFIX", 10**6)  # the whole text, always
    assert fast == str(snippet(text, terms))
    assert "<mark>" in fast


@given(st.text(alphabet=st.sampled_from(["a", "đ", " ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "."]), max_size=12))
def test_the_spacing_check_is_what_fold_does_to_spaces(text):
    from danvan.text import _UNEVEN_SPACING

    assert bool(_UNEVEN_SPACING.search(text)) == (" ".join(text.split()) != text)


def _every_match_snippet(text, terms, length):
    """The snippet as first written: every match of the words and of the phrase in the whole
    folded text, then the window's (what ``snippet`` must still give, reading less)."""
    import re

    from search import highlight as module

    aligned = fold_aligned(text)
    words = "|".join(map(re.escape, sorted(set(terms), key=len, reverse=True)))
    pattern = re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])")
    phrase = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, terms)) + r"(?![^\W_])")
    spans = module._spans(text, pattern, aligned)
    together = module._spans(text, phrase, aligned) if len(terms) > 1 else []
    best = together[0] if together else (spans[0] if spans else None)
    start, end = module.window(text, best, length)  # where the window lies is not what this checks
    window = [(a, b) for a, b in spans if a >= start and b <= end]
    return str(module._render(text[start:end], window, offset=start, before="… " if start else "", after=" …" if end < len(text) else ""))


_PIECES = (
    "dân", "Dân", "vận", "VẬN", "khéo", "đảng", "Đảng", "dang", "bình", "thuận", "25-NQ/TW", "nq", "“", "”", ",",
    "_", "xã", "Da\u0302n", "Straße", "日本", "😀",
)  # fmt: skip


@given(
    words=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60),
    gaps=st.lists(st.sampled_from([" ", " ", " ", "", "  ", "\t"]), min_size=60, max_size=60),
    picked=st.lists(st.integers(min_value=0, max_value=59), min_size=1, max_size=4),
    length=st.sampled_from([12, 40, 240]),
)
@settings(max_examples=300, deadline=None)
def test_snippets_read_only_what_they_show_and_mark_the_same(words, gaps, picked, length):
    from search.query import TERM

    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False)).strip() or "dân"
    folded_words = fold(" ".join(words)).split()
    terms = [t for i in picked for t in TERM.findall(folded_words[i % len(folded_words)])] or ["dan"]
    from search import highlight as module

    expected = _every_match_snippet(text, terms, length)
    # What the ranking's phrase test tells the page: the terms together in the text's terms.
    together = f" {' '.join(terms)} " in f" {' '.join(TERM.findall(fold(text)))} "
    for prefix in (module.PREFIX, 20):  # 20: the beginning first, as for long texts
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(module, "PREFIX", prefix)
            assert str(snippet(text, terms, length)) == expected
            assert str(snippet(text, terms, length, phrase_in_text=together)) == expected


@given(st.text(alphabet=st.sampled_from(["a", "Ấ", "đ", "ß", "ǅ", " ", "\t", "\u0302", "\u212b", "İ", "."]), max_size=12))
def test_folding_in_place_is_fold_where_it_answers(text):
    from danvan.text import fold_in_place

    folded = fold_in_place(text)
    if folded is not None:
        assert folded == fold(text) and len(folded) == len(text)
    elif text and " ".join(text.split()) == text and len(fold(text)) == len(text):
        assert any(c in text for c in "\u0302\u212bİ")  # not NFC, or marks dropped: the long way
