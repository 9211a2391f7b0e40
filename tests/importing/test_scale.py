"""Big files: parsing and extraction are linear in the size of the file."""

from __future__ import annotations

import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importing.dates import parse_meta, read_meta
from importing.extract import Gazetteer, KnownDocument, extract
from importing.files import MAX_BYTES
from importing.parse import ParseError, parse

from .test_fuzz import GAZETTEER, LINE

HEADER = "Hội nghị giao ban công tác dân vận\nThứ Hai, 15/03/2021 08:30\n"


def many_lines(line_for, size: int = MAX_BYTES - 4096) -> str:
    """A page of about ``size`` bytes: a title, a date line, then one short line after another."""
    lines, total, number = [], len(HEADER), 0
    while total < size:
        line = line_for(number)
        lines.append(line)
        total += len(line.encode()) + 1
        number += 1
    return HEADER + "\n".join(lines) + "\n"


def test_five_megabytes_of_short_lines_parse_in_seconds():
    text = many_lines(lambda n: f"Dòng ngắn số {n} của bài.")
    lines = text.count("\n") - 2
    assert len(text.encode()) > 4.9 * 1024 * 1024 and lines > 140_000
    started = time.process_time()  # CPU time: what the parsing costs, not how busy the machine is
    article = parse(text)
    extract(article.article_text(), GAZETTEER)
    elapsed = time.process_time() - started
    # Once per line, the splitter rebuilt the rest of the body: this took hours. Then about 7 s;
    # folding each line once and refusing most lines as dates before folding: under 3 s on
    # this loaded two-core machine. The bound leaves room for a noisy runner.
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert article.title == "Hội nghị giao ban công tác dân vận"
    assert len(article.paragraphs) + len(article.captions) == lines


def work(text: str) -> int:
    """Function calls (Python and C) made parsing and extracting ``text``: a count of the work
    done that does not depend on the machine or its load."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        article = parse(text)
        extract(article.article_text(), GAZETTEER, year=2020)
    except ParseError:
        pass
    finally:
        sys.setprofile(None)
    return calls


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(LINE, min_size=1, max_size=30))
def test_work_grows_linearly_with_the_number_of_lines(lines):
    page = (lines * (300 // len(lines) + 1))[:300]
    single, double = work("\n".join(page)), work("\n".join(page * 2))
    assert double <= 2.5 * single, (single, double)


def extract_work(texts: list[str]) -> int:
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    gazetteer = Gazetteer(
        [KnownDocument(2, "2765/QĐ-UBND", "quyet_dinh", "2765", 2020, "", (), ("Quảng Ninh",))],
        [(1, ["Tỉnh ủy Quảng Ninh"]), (2, ["Tỉnh ủy"]), (3, ["Tỉnh ủy"])],
    )
    sys.setprofile(count)
    try:
        extract(texts, gazetteer, year=2021)
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize(
    "line",
    [
        "Thực hiện Quyết định 2765 của tỉnh.",  # a bare number: each looked for its issuer's place
        "Tỉnh ủy Quảng Ninh và Tỉnh ủy chỉ đạo.",  # names: each compared with every other
        "Theo 25-NQ/TW, 26-NQ/TW, " * 5 + "Nghị quyết 25 và Quyết định 2765.",  # symbols, then bare numbers
    ],
)
def test_extraction_grows_linearly_with_repeated_references(line):
    single, double = extract_work([line] * 200), extract_work([line] * 400)
    assert double <= 2.5 * single, (single, double)
    long_single, long_double = extract_work([" ".join([line] * 200)]), extract_work([" ".join([line] * 400)])
    assert long_double <= 2.5 * long_single, (long_single, long_double)


def test_a_bare_number_cited_thousands_of_times_extracts_in_seconds():
    # Each citation used to search the whole article for its issuer's place: minutes here.
    gazetteer = Gazetteer([KnownDocument(2, "2765/QĐ-UBND", "quyet_dinh", "2765", 2020, "", (), ("Quảng Ninh",))])
    started = time.perf_counter()
    extraction = extract(["Thực hiện Quyết định 2765 của tỉnh."] * 20_000, gazetteer, year=2021)
    assert time.perf_counter() - started < 10
    assert [u.reason for u in extraction.unresolved] == ["may be 2765/QĐ-UBND, but nothing in the article ties it to its issuer"]


# Every date and view-count form the tests read, and pieces of them to recombine, so the lines
# generated below come near the date patterns from every side.
META_LINES = [
    "Thứ Hai, 15/03/2021 08:30",
    "05/06/2020 14h15 - Lượt xem: 1.234",
    "12/03/2019 | Lượt xem: 1234",
    "12/11/2019 (245 lượt xem)",
    "2021-10-06 08:30:00",
    "Ngày xuất bản: 2019-03-12T08:30",
    "Xuất bản: 2019-03-12T08:30:00",
    "Đăng ngày: 2021-10-06 07:05",
    "5 Tháng 3 2018",
    "5 tháng Ba, 2018",
    "Thứ Hai, 5 tháng Ba, 2018",
    "Chủ nhật, 3.1.2021, 9:00 (GMT+7)",
    "Ngày 6 tháng 10 năm 2021",
    "ngày 12 tháng Mười Hai năm 2019",
    "Ngày đăng: 12/03/2019 | Tác giả: Trần Minh | Lượt xem: 1.234",
    "15/7",
    "14 / 7",
    "31/02/2020",
    "12 THÁNG 3 NĂM 2019",
    "Lượt đọc: 98",
    "Đã xem 1.234",
    "Số lần xem: 5",
    "1234 views",
    "View: 7",
    "cập nhật lúc 08:30 15-03-2021",
]
PIECES = st.sampled_from(
    [
        *"15|3|2021|/|.|-| |  |\t|\u00a0|tháng|THÁNG|Tháng|thang|Ba|lượt|xem|đọc|Đã|số lần|views|View|:|,|T|h".split("|"),
        "Thứ Hai",
        "của bài.",
    ]
)
META_LIKE = st.one_of(
    st.sampled_from(META_LINES),
    st.lists(st.one_of(PIECES, st.sampled_from(META_LINES)), max_size=8).map("".join),
    st.text(alphabet="0123456789/.- \t\u00a0tThHaAáÁnNgGlượtxemđọcviewsĐã:,", max_size=40),
    st.text(max_size=60),
)


@settings(max_examples=3000, deadline=None)
@given(META_LIKE)
def test_the_quick_refusal_of_date_lines_never_refuses_one(line):
    # The refusal before folding is what makes a page of many lines fast; it must only ever
    # refuse lines the full reading refuses too.
    assert parse_meta(line) == (read_meta(line) if len(line) <= 120 else None)


def test_every_date_form_the_tests_use_is_read_as_without_the_quick_refusal():
    read = [line for line in META_LINES if read_meta(line) is not None]
    assert len(read) == len(META_LINES) - 2  # all but the byline line and 31 February
    assert [line for line in META_LINES if parse_meta(line) != read_meta(line)] == []
