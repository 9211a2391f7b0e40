"""Which format a file is in, from its first bytes: the name and the module that reads it.

``text`` (scraped text, ``parse``) and ``html`` (saved pages, ``html``) are read one article
per file by ``load``; ``wxr`` (WordPress export) and ``feed``
(RSS 2.0, Atom) hold many articles and are written by ``entries``. ``import_articles
--input-format`` forces one for every file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from types import ModuleType

from . import feed, html, parse, wxr

__all__ = ["FORMATS", "MANY_PER_FILE", "detect", "reader"]

HEAD_BYTES = 4096
MANY_PER_FILE = ("wxr", "feed")
_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)


def available() -> dict[str, ModuleType]:
    """Format name → the module that reads it."""
    return {"text": parse, "html": html, "wxr": wxr, "feed": feed}


FORMATS = ("auto", "text", "html", "wxr", "feed")


def detect(path: Path) -> str:
    """The format of one file (``text`` when nothing else fits; the text reader then says why it fails)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return "text"  # the text reader reports why the file cannot be read
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    text = head.decode("utf-8", errors="replace")
    if not text.lstrip().startswith("<"):
        return "text"
    if wxr.sniff(text):
        return "wxr"
    if feed.sniff(text):
        return "feed"
    if _HTML.search(text):
        return "html"
    return "text"


def reader(name: str) -> ModuleType:
    return available()[name]
