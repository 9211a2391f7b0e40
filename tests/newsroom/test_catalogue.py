"""The project's catalogues: compiled files match their sources, built without gettext tools."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.catalogue import catalogues, compile_po, parse_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def test_the_catalogues_exist_where_django_looks():
    assert [po.name for po in catalogues(settings.LOCALE_PATHS)] == ["django.po", "djangojs.po"]


@pytest.mark.parametrize("po", catalogues(settings.LOCALE_PATHS), ids=lambda po: po.name)
def test_committed_mo_matches_its_po(po: Path):
    compiled = compile_po(po.read_text(encoding="utf-8"))
    assert po.with_suffix(".mo").read_bytes() == compiled, "run: manage.py compile_catalogue"


@pytest.mark.parametrize("po", catalogues(settings.LOCALE_PATHS), ids=lambda po: po.name)
def test_every_entry_is_translated_with_the_same_placeholders(po: Path):
    entries = parse_po(po.read_text(encoding="utf-8"))
    assert len(entries) > 40
    for entry in entries[1:]:  # the header aside
        assert entry.msgstr and all(entry.msgstr), entry.msgid
        assert sorted(PLACEHOLDER.findall(entry.msgstr[0])) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_compiled_catalogue_reads_back_with_pythons_gettext(tmp_path):
    po = """msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "History"
msgstr "Lịch sử"

msgctxt "A tag name"
msgid "name"
msgstr "tên"

msgid "entry"
msgid_plural "entries"
msgstr[0] "mục"

msgid "Please correct "
"the error below."
msgstr "Vui lòng "
"sửa lỗi."
"""
    mo = tmp_path / "django.mo"
    mo.write_bytes(compile_po(po))
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("History") == "Lịch sử"
    assert catalogue.pgettext("A tag name", "name") == "tên"
    assert catalogue.ngettext("entry", "entries", 5) == "mục"
    assert catalogue.gettext("Please correct the error below.") == "Vui lòng sửa lỗi."


def test_check_command_fails_on_a_stale_mo(settings, tmp_path):
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text('msgid "Save"\nmsgstr "Lưu"\n', encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError):
        call_command("compile_catalogue", "--check")
    call_command("compile_catalogue")
    call_command("compile_catalogue", "--check")
    assert (folder / "django.mo").exists()
