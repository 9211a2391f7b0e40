"""Mentions of known document symbols in an article's body link to the document's page."""

from __future__ import annotations

import pytest

from articles.templatetags.site_tags import SYMBOL_RE, document_links, link_symbols, symbols_in

from .conftest import make_document


@pytest.mark.parametrize(
    "text, expected",
    [
        ("theo Nghị quyết số 25-NQ/TW của Trung ương", {"25-NQ/TW"}),
        ("Quyết định 2765/QĐ-UBND ngày 5/8", {"2765/QĐ-UBND"}),
        ("Nghị định 30/2020/NĐ-CP về công tác văn thư", {"30/2020/NĐ-CP"}),
        ("Quyết định số 99/QĐ-TTg.", {"99/QĐ-TTG"}),
        ("Quy định 217-QĐ/TW, 218-QĐ/TW", {"217-QĐ/TW", "218-QĐ/TW"}),
        ("ngày 27/9/2016, 3500 cán bộ, giai đoạn 2009-2015", set()),
    ],
)
def test_symbols_in_text(text, expected):
    assert symbols_in(text) == expected


def test_regex_does_not_take_dates():
    assert not SYMBOL_RE.search("Ngày 06/10/2021")


@pytest.mark.django_db
def test_links_only_known_symbols_outside_tags_and_links():
    nq25 = make_document(symbol="25-NQ/TW")
    html = '<p>Nghị quyết 25-NQ/TW và 26-NQ/TW.</p><p><a href="/x/">25-NQ/TW</a></p><p title="25-NQ/TW">x</p>'
    links = document_links(html, [])
    out = link_symbols(html, links)
    assert out.count(f'href="{nq25.get_absolute_url()}"') == 1
    assert "26-NQ/TW" in out and out.count("doc-link") == 1
    assert '<p title="25-NQ/TW">' in out


@pytest.mark.django_db
def test_symbol_used_in_two_terms_links_to_the_attached_document_only():
    old = make_document(symbol="01-NQ/TW", issued_on=None, issue_year=1997)
    new = make_document(symbol="01-NQ/TW", issued_on=None, issue_year=2016)
    html = "<p>Nghị quyết 01-NQ/TW</p>"
    assert link_symbols(html, document_links(html, [])) == html  # ambiguous: no link
    linked = link_symbols(html, document_links(html, [new]))
    assert new.get_absolute_url() in linked and old.get_absolute_url() not in linked
