"""Snippets: escaped, matches marked on the original characters."""

import pytest

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
