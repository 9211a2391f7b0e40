"""Streaming an XML export (WordPress WXR, RSS, Atom) one item at a time, safely. Pure Python.

A 100 MB export is never read whole: the file is fed to expat in chunks and each child of
the container (``rss/channel`` or the Atom ``feed``) is handed on as a small element once it
closes, then forgotten, so memory holds one item at a time.

Safety without a new dependency (``defusedxml`` does the same checks, on the same expat): a
document type declaration is refused outright, so no entity can be declared — no
"billion laughs", no external entity reaching the disk or the network; an undeclared
entity is an error of expat's own. Exports never carry a DTD, so nothing real is refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

__all__ = ["XMLError", "iter_children", "local"]

CHUNK = 1 << 20
ATOM = "{http://www.w3.org/2005/Atom}"

# expat's messages, as an editor reads them.
_EXPAT_REASONS = {
    "mismatched tag": "thẻ đóng không khớp thẻ mở",
    "not well-formed (invalid token)": "có ký tự hoặc thẻ không hợp lệ",
    "no element found": "tệp bị cắt cụt hoặc rỗng (thiếu phần cuối)",
    "unclosed token": "có thẻ chưa đóng",
    "undefined entity": "có thực thể (&…;) không được định nghĩa",
    "junk after document element": "có nội dung thừa sau thẻ gốc",
    "unclosed CDATA section": "có đoạn CDATA chưa đóng",
}


class XMLError(ValueError):
    """The file is not XML we read; ``str(error)`` is a one-line Vietnamese reason."""


class _DoctypeRefused(Exception):
    pass


class _Collector:
    """An ElementTree parser target keeping only the open path and the closed children of the container."""

    def __init__(self) -> None:
        self.stack: list[ET.Element] = []
        self.done: list[ET.Element] = []
        self.container_depth: int | None = None
        self._text: list[str] = []
        self._last: ET.Element | None = None  # the element whose tail the next text is

    def _flush(self) -> None:
        if not self._text:
            return
        text = "".join(self._text)
        self._text = []
        if self._last is not None:
            self._last.tail = (self._last.tail or "") + text
        elif self.stack:
            self.stack[-1].text = (self.stack[-1].text or "") + text

    def start(self, tag: str, attrib: dict) -> None:
        self._flush()
        element = ET.Element(tag, attrib)
        depth = len(self.stack)
        if self.container_depth is None and ((tag == "channel" and depth == 1) or (tag == f"{ATOM}feed" and depth == 0)):
            self.container_depth = depth + 1
        # Children of the container are never attached to it: it would keep every item alive.
        if self.stack and depth != self.container_depth:
            self.stack[-1].append(element)
        self.stack.append(element)
        self._last = None

    def end(self, tag: str) -> None:
        self._flush()
        element = self.stack.pop()
        if len(self.stack) == self.container_depth:
            self.done.append(element)
            self._last = None
        else:
            self._last = element

    def data(self, data: str) -> None:
        if self.stack and len(self.stack) > (self.container_depth or 1):
            self._text.append(data)

    def close(self) -> None:
        return None

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeRefused


def _reason(error: ET.ParseError) -> str:
    message = str(error).split(":")[0]
    line, column = error.position
    return f"tệp XML hỏng ở dòng {line}, cột {column + 1}: {_EXPAT_REASONS.get(message, message)}"


def iter_children(path: Path) -> Iterator[tuple[str, ET.Element]]:
    """(root tag, element) for each child of the container, in file order; ``XMLError`` on bad XML.

    Raised errors come when the bad part is reached: read the whole stream before writing
    anything (the WXR importer makes a first pass for this).
    """
    collector = _Collector()
    parser = ET.XMLParser(target=collector)
    root = ""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                parser.feed(chunk)
                if not root and collector.stack:
                    root = collector.stack[0].tag
                if collector.container_depth is None and collector.stack and len(collector.stack) > 2:
                    raise XMLError("không phải tệp xuất WordPress, RSS hay Atom: không có thẻ channel hoặc feed")
                yield from ((root, element) for element in collector.done)
                collector.done.clear()
            parser.close()
    except _DoctypeRefused:
        raise XMLError("tệp XML có khai báo DOCTYPE/thực thể: bị từ chối vì lý do an toàn") from None
    except ET.ParseError as error:
        raise XMLError(_reason(error)) from None
    except OSError as error:
        raise XMLError(f"không đọc được tệp: {error.strerror or error}") from None
    yield from ((root, element) for element in collector.done)


def local(tag: str) -> str:
    """ "{namespace}name" → "name"."""
    return tag.rsplit("}", 1)[-1]
