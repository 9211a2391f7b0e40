"""What an import run reports: each file's outcome, the run's totals, and the report an
imported article keeps (``Article.import_report``) of how it was read and linked."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from articles.section_rules import Suggestion

from .extract import Extraction

REPORT_VERSION = 1


@dataclass
class FileResult:
    path: str
    key: str
    outcome: str  # created, updated, unchanged, failed (with --dry-run: the outcome it would have)
    reason: str = ""
    article_id: int | None = None
    title: str = ""
    warnings: list[str] = field(default_factory=list)
    documents_created: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    # Why the status asked for (--status, the post's own) was refused by the workflow, the
    # article being kept for review instead; "" when it was not.
    held_back: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        counts = Counter({"created": 0, "updated": 0, "unchanged": 0, "failed": 0})
        counts.update(f.outcome for f in self.files)
        return counts

    @property
    def failures(self) -> list[FileResult]:
        return [f for f in self.files if f.outcome == "failed"]


def error_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in error.message_dict.items())
        return " ".join(error.messages)
    return f"{type(error).__name__}: {error}"


def linked_ids(extraction: Extraction) -> dict[str, list[int]]:
    return {"organizations": [o.id for o in extraction.organizations], "exemplars": [e.id for e in extraction.exemplars]}


def rule_report(chosen: Suggestion) -> dict:
    """Which rules chose the section, for the import report (an editor can see why)."""
    return {"section": chosen.section.slug, "score": chosen.score, "rules": chosen.rule_ids, "reasons": chosen.reasons}
