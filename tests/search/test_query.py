"""Parsing what readers type: pure functions, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.query import MAX_QUERY_LENGTH, MAX_TERMS, TERM, parse, term_string


@pytest.mark.parametrize("raw", ["dan van kheo", "Dân vận khéo", "DÂN VẬN KHÉO", "  dân   VẬN\u00a0khéo "])
def test_the_spellings_of_dan_van_kheo_give_the_same_terms(raw):
    assert parse(raw).terms == ("dan", "van", "kheo")


def test_decomposed_input_is_composed_first():
    query = parse("\u0110a\u0309ng")  # "Đảng" as a Mac keyboard may send it (NFD)
    assert query.exact == "đảng"
    assert query.terms == ("dang",)


def test_exact_keeps_diacritics_in_lower_case():
    assert parse("DÂN VẬN KHÉO").exact == "dân vận khéo"
    assert parse("Đảng").exact == "đảng"


@pytest.mark.parametrize("raw", ["25-NQ/TW", "25-nq/tw", "25 - NQ / TW", "25–NQ/TW", "Nghị quyết số 25-NQ/TW ngày 3/6/2013"])
def test_symbols_are_found_in_canonical_form(raw):
    assert "25-NQ/TW" in parse(raw).symbols


@pytest.mark.parametrize(
    ("raw", "symbol"), [("2765/QĐ-UBND", "2765/QĐ-UBND"), ("30/2020/nđ-cp", "30/2020/NĐ-CP"), ("290-QĐ/TW", "290-QĐ/TW")]
)
def test_other_symbol_shapes(raw, symbol):
    assert parse(raw).symbols == (symbol,)


@pytest.mark.parametrize("raw", ["nghi quyet 25", "ngày 14/7", "2013-2025", "dân vận"])
def test_no_symbol_where_there_is_none(raw):
    assert parse(raw).symbols == ()


def test_nghi_quyet_25_terms():
    assert parse("nghi quyet 25").terms == ("nghi", "quyet", "25")
    assert term_string("Nghị quyết 25-NQ/TW") == "nghi quyet 25 nq tw"


@pytest.mark.parametrize("raw", ["", "   ", '"', "*", "'", "!!! ??? ...", "\"'*()-/\\", "___"])
def test_punctuation_only_is_empty(raw):
    assert parse(raw).is_empty


def test_fts_syntax_becomes_plain_words():
    query = parse('"dân vận" OR khéo* NEAR(a b) \'; DROP TABLE x; --')
    assert query.terms == ("dan", "van", "or", "kheo", "near", "a", "b", "drop", "table", "x")


def test_very_long_query_is_cut_and_says_so():
    query = parse("dân vận " * 200)
    assert query.truncated
    assert len(query.raw) <= MAX_QUERY_LENGTH
    assert query.terms == ("dan", "van")


def test_control_characters_are_spaces():
    query = parse("dân\x00vận\x1bkhéo\ud800")
    assert query.raw == "dân vận khéo"
    assert query.terms == ("dan", "van", "kheo")


def test_number_of_terms_is_capped():
    assert len(parse(" ".join(f"w{i}" for i in range(100))).terms) == MAX_TERMS


@given(st.text(max_size=400))
def test_any_input_parses_to_safe_terms(raw):
    query = parse(raw)
    assert len(query.raw) <= MAX_QUERY_LENGTH
    assert all(TERM.fullmatch(t) for t in query.terms)
    assert all('"' not in t and "*" not in t for t in query.terms)
    assert "\x00" not in query.raw + query.exact


def test_an_unsupported_database_is_a_configuration_error():
    from types import SimpleNamespace

    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from search.backends import get_backend

    with pytest.raises(ImproperlyConfigured, match="not mysql"):
        get_backend(SimpleNamespace(vendor="mysql"))
