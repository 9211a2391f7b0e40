"""The project's translation catalogues (locale/), compiled without GNU gettext.

``compilemessages`` needs ``msgfmt``, which a fresh machine (and CI's slim image) lacks.
The catalogues here are plain: msgctxt, msgid, msgid_plural, msgstr and msgstr[n], string
lines continued on the next line, comments. ``compile_po`` turns one into the bytes of a
GNU ``.mo`` file exactly as CPython's ``Tools/i18n/msgfmt.py`` lays it out (sorted keys, no
hash table); the ``.mo`` files are committed, and a test checks they match their sources.
"""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\0{self.msgid_plural}"
        return key if self.msgctxt is None else f"{self.msgctxt}\x04{key}"


class CatalogueError(ValueError):
    pass


def parse_po(text: str) -> list[Entry]:
    entries: list[Entry] = []
    entry, target = Entry(), None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise CatalogueError(f"line {number}: a string continues nothing")
            keyword, rest = None, line
        try:
            value = ast.literal_eval(rest)
        except (ValueError, SyntaxError) as error:
            raise CatalogueError(f"line {number}: not a quoted string: {raw!r}") from error
        if keyword is None:
            _append(entry, target, value)
            continue
        if keyword in ("msgctxt", "msgid") and (entry.msgstr or (keyword == "msgid" and entry.msgid)):
            entries.append(entry)
            entry = Entry()
        if keyword == "msgctxt":
            entry.msgctxt, target = value, "msgctxt"
        elif keyword == "msgid":
            entry.msgid, target = value, "msgid"
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = value, "msgid_plural"
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            entry.msgstr.append(value)
            target = "msgstr"
        else:
            raise CatalogueError(f"line {number}: unknown keyword {keyword!r}")
    if entry.msgstr:
        entries.append(entry)
    return entries


def _append(entry: Entry, target: str, value: str) -> None:
    if target == "msgstr":
        entry.msgstr[-1] += value
    else:
        setattr(entry, target, getattr(entry, target) + value)


def compile_po(text: str) -> bytes:
    """The .mo bytes of a .po text (untranslated entries left out, as msgfmt does)."""
    catalogue = {e.key: "\0".join(e.msgstr) for e in parse_po(text) if any(e.msgstr)}
    keys = sorted(catalogue)
    ids = [key.encode() for key in keys]
    strs = [catalogue[key].encode() for key in keys]
    start = 7 * 4 + 16 * len(keys)  # header, then the two tables of (length, offset)
    offsets, id_blob, str_blob = [], b"", b""
    for encoded_id, encoded_str in zip(ids, strs, strict=True):
        offsets.append((len(id_blob), len(encoded_id), len(str_blob), len(encoded_str)))
        id_blob += encoded_id + b"\0"
        str_blob += encoded_str + b"\0"
    id_table, str_table = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        id_table += [id_length, start + id_offset]
        str_table += [str_length, start + len(id_blob) + str_offset]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"{len(id_table)}i", *id_table) + struct.pack(f"{len(str_table)}i", *str_table) + id_blob + str_blob


def catalogues(locale_paths) -> list[Path]:
    return sorted(po for base in locale_paths for po in Path(base).glob("*/LC_MESSAGES/*.po"))


def stale(po: Path) -> bool:
    """Whether the committed .mo beside ``po`` is missing or differs from what ``po`` compiles to."""
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.read_bytes() != compile_po(po.read_text(encoding="utf-8"))


def write_mo(po: Path) -> Path:
    mo = po.with_suffix(".mo")
    mo.write_bytes(compile_po(po.read_text(encoding="utf-8")))
    return mo
