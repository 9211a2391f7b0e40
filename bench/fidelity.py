"""Score the HTML importer on the fidelity pages: title, date, author, symbols, boilerplate.

``python bench/fidelity.py [--set own|heldout | folder]`` prints the figures and exits 1 when a
target is missed. ``own`` (the default) is tests/importing/fidelity/, written with the rules;
``heldout`` is tests/importing/fidelity_heldout/, written later without reading them (see
bench/make_fidelity_heldout.py).
Each page ``x.html`` has a sidecar ``x.json`` written by hand (see bench/make_fidelity.py):
title, date (ISO or null), author ("" when the page has no byline), symbols (the full document
symbols the text cites), boilerplate (menu, related, share and footer lines of the page).
The mirror root of a page is the layout folder under the fidelity folder.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from importing.extract import Gazetteer, canonical_symbol, extract  # noqa: E402
from importing.html import parse_html  # noqa: E402
from importing.parse import ParseError, fold_keep_length  # noqa: E402

FOLDER = ROOT / "tests" / "importing" / "fidelity"
HELDOUT = ROOT / "tests" / "importing" / "fidelity_heldout"
SETS = {"own": FOLDER, "heldout": HELDOUT}
TARGETS = {"title": 0.95, "date": 0.90, "author": 0.85, "symbols_f1": 0.95}
# Lines of chrome any page may have, whatever its sidecar says.
GENERIC_BOILERPLATE = ["Chia sẻ", "Tin liên quan", "Bình luận", "Bản quyền", "Trang chủ", "In bài", "Gửi email", "Facebook", "Đăng nhập"]


@dataclass
class Score:
    pages: int = 0
    title: int = 0
    date: int = 0
    author: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    photos: int = 0  # pages whose photos from the mirror, and missing photos, are as expected
    boilerplate: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def ratio(self, name: str) -> float:
        return getattr(self, name) / self.pages if self.pages else 0.0

    @property
    def symbols_f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else (1.0 if not self.fp + self.fn else 0.0)

    def figures(self) -> dict[str, float]:
        return {"title": self.ratio("title"), "date": self.ratio("date"), "author": self.ratio("author"), "symbols_f1": self.symbols_f1}

    def met(self) -> bool:
        return (
            all(self.figures()[name] >= target for name, target in TARGETS.items()) and not self.boilerplate and self.photos == self.pages
        )


def _fold(text: str) -> str:
    return " ".join(fold_keep_length(text).split())


def score(folder: Path = FOLDER) -> Score:
    result = Score()
    gazetteer = Gazetteer()
    for sidecar in sorted(folder.rglob("*.json")):
        page = sidecar.with_suffix(".html")
        expected = json.loads(sidecar.read_text(encoding="utf-8"))
        mirror_root = folder / page.relative_to(folder).parts[0]
        result.pages += 1
        name = str(page.relative_to(folder))
        try:
            parsed = parse_html(page.read_bytes(), path=str(page), mirror_root=mirror_root)
        except ParseError as error:
            result.misses.append(f"{name}: failed: {error}")
            result.fn += len(expected["symbols"])
            continue
        checks = {
            "title": parsed.title == expected["title"],
            "date": (parsed.published_on.isoformat() if parsed.published_on else None) == expected["date"],
            "author": _fold(parsed.byline) == _fold(expected["author"]),
        }
        for key, ok in checks.items():
            setattr(result, key, getattr(result, key) + ok)
            if not ok:
                got = {"title": parsed.title, "date": parsed.published_on, "author": parsed.byline}[key]
                result.misses.append(f"{name}: {key} {got!r} ≠ {expected[key]!r}")
        found = {canonical_symbol(d.symbol) for d in extract(parsed.article_text(), gazetteer).documents if d.how == "symbol"}
        wanted = {canonical_symbol(s) for s in expected["symbols"]}
        result.tp += len(found & wanted)
        result.fp += len(found - wanted)
        result.fn += len(wanted - found)
        if found != wanted:
            result.misses.append(f"{name}: symbols {sorted(found)} ≠ {sorted(wanted)}")
        found_files = sum(1 for c in parsed.captions if c.image)
        missing = sum(1 for w in parsed.warnings if w.startswith("ảnh không có trong bản sao"))
        if (found_files, missing) == (expected["photos"] - expected["missing_photos"], expected["missing_photos"]):
            result.photos += 1
        else:
            result.misses.append(f"{name}: photos {found_files} found, {missing} missing")
        chrome = [_fold(b) for b in [*expected["boilerplate"], *GENERIC_BOILERPLATE]]
        for line in [parsed.lead, *parsed.paragraphs, *(c.text for c in parsed.captions)]:
            folded = _fold(line)
            if any(folded == b or (len(b) > 12 and b in folded) for b in chrome):
                result.boilerplate.append(f"{name}: {line[:80]}")
    return result


def report(result: Score) -> str:
    figures = result.figures()
    lines = [f"pages: {result.pages}"]
    for name, target in TARGETS.items():
        mark = "ok" if figures[name] >= target else "MISSED"
        lines.append(f"{name}: {figures[name]:.3f} (target ≥ {target}) {mark}")
    lines.append(f"photos right (found in the mirror, or listed missing): {result.photos}/{result.pages}")
    lines.append(f"boilerplate lines in bodies: {len(result.boilerplate)} (target 0) {'ok' if not result.boilerplate else 'MISSED'}")
    lines += [f"  miss: {m}" for m in result.misses] + [f"  boilerplate: {b}" for b in result.boilerplate]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--set"] and len(argv) == 2 and argv[1] in SETS:
        folder = SETS[argv[1]]
    elif len(argv) == 1 and not argv[0].startswith("-"):
        folder = Path(argv[0])
    elif not argv:
        folder = FOLDER
    else:
        print("cách dùng: python bench/fidelity.py [--set own|heldout | thư mục]", file=sys.stderr)
        return 2
    result = score(folder)
    print(report(result))
    return 0 if result.met() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
