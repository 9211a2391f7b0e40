"""Property-based: the parser never raises anything but ParseError, on any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importing.extract import Gazetteer, KnownDocument, extract
from importing.files import ReadError, decode
from importing.parse import ParseError, parse

from .conftest import seed_text

SEED_LINES = sorted({line for n in ("000", "001", "002", "003", "004") for line in seed_text(n).splitlines()})
GAZETTEER = Gazetteer(
    [KnownDocument(1, "25-NQ/TW", "nghi_quyet", "25", 2013, "XI", ("Nghị quyết 25",))],
    [(1, ["Tỉnh ủy Quảng Ninh", "Đảng ủy Khối"]), (2, ["Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh"])],
    [(3, ["Dân vận khéo trong phòng, chống dịch bệnh COVID-19"])],
)
# Lines in the seeds' shapes plus arbitrary text, so the fuzzer reaches past the title.
LINE = st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=120), st.sampled_from(["", " ", "\u00a0", "•", "/", "Ảnh: X"]))


def check(text: str) -> None:
    try:
        article = parse(text)
    except ParseError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert article.title and "\n" not in article.title
    assert article.paragraphs or article.lead
    extract(article.article_text(), GAZETTEER, year=2020)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_parse_never_raises_on_arbitrary_text(text):
    check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=40))
def test_parse_never_raises_on_pages_made_of_seed_lines(lines):
    check("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_gives_text_or_a_reason(data):
    try:
        decoded = decode(data)
    except ReadError as error:
        assert str(error) and "\n" not in str(error)
        return
    check(decoded.text)
