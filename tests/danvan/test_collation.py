"""Vietnamese alphabetical order: the Python key (SQLite) and the ICU collation (PostgreSQL) agree.

Run on both: ``DATABASE_URL=postgres://… pytest tests/danvan/test_collation.py`` runs the
database tests against the ICU collation made by migration organizations.0003.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection

from danvan.collation import COLLATION, compare, sort_key, sort_key_string
from organizations.models import Document, Organization

BODIES = ["Ủy ban", "Đảng ủy Khối", "Bình Thuận", "Ban Dân vận"]
# Code point order would put Đ (U+0110) after E and Ủ (U+1EE6) after V.
MIXED = ["Văn phòng", "Em", "Ủy ban", "đa", "Dân vận", "Đảng ủy Khối", "da", "Ấp Bắc", "an", "ăn", "Bình Thuận", "Ban Dân vận"]
VIETNAMESE_ORDER = ["an", "ăn", "Ấp Bắc", "Ban Dân vận", "Bình Thuận", "da", "Dân vận", "đa", "Đảng ủy Khối", "Em", "Ủy ban", "Văn phòng"]
# The same letters: no tone, huyền, hỏi, ngã, sắc, nặng; lower case before upper case.
TONES = ["mạ", "má", "Ma", "mã", "mả", "mà", "ma"]
TONE_ORDER = ["ma", "Ma", "mà", "mả", "mã", "má", "mạ"]


def test_bodies_sort_as_in_the_alphabet():
    assert sorted(BODIES, key=sort_key) == ["Ban Dân vận", "Bình Thuận", "Đảng ủy Khối", "Ủy ban"]
    assert sorted(MIXED, key=sort_key) == VIETNAMESE_ORDER
    assert sorted(MIXED) != VIETNAMESE_ORDER  # code point order is not it


def test_tones_after_the_bare_letter_in_their_order():
    assert sorted(TONES, key=sort_key) == TONE_ORDER
    # The tone of an earlier letter decides first: "quý" before "qúy".
    assert sorted(["qúy", "quý", "quy"], key=sort_key) == ["quy", "quý", "qúy"]


def test_numbers_sort_by_their_value():
    """A party committee's cells and a list of documents are read as numbered: "số 2" before
    "số 10" (digit by digit, "10" and "100" came first)."""
    cells = ["Chi bộ cơ sở số 10", "Chi bộ cơ sở số 100", "Chi bộ cơ sở số 2", "Chi bộ cơ sở số 1"]
    assert sorted(cells, key=sort_key) == ["Chi bộ cơ sở số 1", "Chi bộ cơ sở số 2", "Chi bộ cơ sở số 10", "Chi bộ cơ sở số 100"]
    assert sorted(["25-NQ/TW", "3-NQ/TW", "120-NQ/TW"], key=sort_key) == ["3-NQ/TW", "25-NQ/TW", "120-NQ/TW"]
    assert sort_key("Tổ 007") == sort_key("Tổ 7")  # leading zeros do not count (ties: by code point)
    assert sorted(["Tổ 9 a", "Tổ 10", "Tổ 9"], key=sort_key) == ["Tổ 9", "Tổ 9 a", "Tổ 10"]


@pytest.mark.django_db
def test_bodies_numbered_are_listed_by_their_number():
    for n in (10, 2, 100, 1):
        Organization.objects.create(name=f"Chi bộ cơ sở số {n}")
    assert [o.name for o in Organization.objects.all()] == [f"Chi bộ cơ sở số {n}" for n in (1, 2, 10, 100)]


def test_decomposed_input_sorts_as_composed():
    assert sort_key("Đa\u0301ng") == sort_key("Đáng")


def test_key_string_orders_as_the_key():
    words = VIETNAMESE_ORDER + TONE_ORDER + ["Ban", "Ban/Chi bộ", "Ban Dân", "1 ban", "(a)"]
    shuffled = random.Random(7).sample(words, len(words))
    assert sorted(shuffled, key=sort_key_string) == sorted(shuffled, key=sort_key)


def test_sqlite_collation_breaks_ties_by_code_point():
    assert compare("Ban", "Ban") == 0
    assert compare("Ban", "Bàn") == -1 and compare("Đa", "Dz") == 1


@pytest.mark.django_db
def test_bodies_listed_in_vietnamese_order_by_the_database():
    for name in MIXED:
        Organization.objects.create(name=name)
    assert [o.name for o in Organization.objects.all()] == VIETNAMESE_ORDER


@pytest.mark.django_db
def test_documents_with_the_same_date_ordered_by_symbol_in_vietnamese_order():
    for symbol in ["12-QĐ/TW", "12-QE/TW", "12-QD/TW", "12-QC/TW"]:
        Document.objects.create(kind="quyet_dinh", symbol=symbol)
    assert [d.symbol for d in Document.objects.all()] == ["12-QC/TW", "12-QD/TW", "12-QĐ/TW", "12-QE/TW"]


@pytest.mark.django_db
def test_python_key_agrees_with_the_database_collation():
    """On PostgreSQL this compares our key with ICU's Vietnamese rules; on SQLite with itself."""
    words = [*VIETNAMESE_ORDER, *TONE_ORDER, "Ban", "Ban/Chi bộ", "Ban Dân", "1 ban", "(a)", "quy", "quý", "qúy"]
    words += ["Ơn", "Ôn", "On", "Ưu", "Uu", "Ê-đê", "Ea Súp"]
    words += ["Chi bộ số 2", "Chi bộ số 10", "Chi bộ số 100", "Chi bộ số 1", "3-NQ/TW", "25-NQ/TW", "12-QĐ/TW", "Tổ 7 khu phố 12"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE words (w varchar(100))")
        cursor.executemany("INSERT INTO words (w) VALUES (%s)", [(w,) for w in words])
        cursor.execute(f'SELECT w FROM words ORDER BY w COLLATE "{COLLATION}"')
        from_db = [row[0] for row in cursor.fetchall()]
    assert from_db == sorted(words, key=lambda w: (sort_key(w), w))


@pytest.mark.django_db
def test_the_postgresql_collation_is_icu():
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL (the ICU collation); this run uses {connection.vendor} — set DATABASE_URL=postgres://…")
    with connection.cursor() as cursor:
        cursor.execute("SELECT collprovider, colliculocale FROM pg_collation WHERE collname = %s", [COLLATION])
        assert cursor.fetchone() == ("i", "vi-u-kn-true")
