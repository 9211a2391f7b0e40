"""Reference data: sections, bodies, documents and "Dân vận khéo" models from fixtures/.

Records are matched on natural keys (slug; symbol + issue year), never on primary keys, so
loading into a database where editors already created rows cannot overwrite theirs. A
record that exists is left as it is unless ``update=True``: editors may have corrected it.
Running the load twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from articles.models import Section, SectionRule

from .models import Document, DocumentRelation, Exemplar, Organization, normalize_symbol

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def record(self, label: str, outcome: str) -> None:
        getattr(self, outcome)[label] += 1

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def _read(directory: Path, name: str) -> list[dict[str, Any]]:
    return json.loads((directory / name).read_text(encoding="utf-8"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _upsert(model: type[models.Model], lookup: dict, values: dict, *, update: bool, result: LoadResult, label: str):
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        result.record(label, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if update and changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        result.record(label, "updated")
    else:
        result.record(label, "unchanged")
    return obj


@transaction.atomic
def load_reference(directory: Path = FIXTURES_DIR, *, update: bool = False) -> LoadResult:
    result = LoadResult()

    for row in _read(directory, "sections.json"):
        _upsert(
            Section,
            {"slug": row["slug"]},
            {"name": row["name"], "position": row.get("position", 0), "description": row.get("description", "")},
            update=update,
            result=result,
            label="sections",
        )

    rows = _read(directory, "organizations.json")
    bodies: dict[str, Organization] = {}
    # Two passes: rows first, then the links between them (parents and successors may
    # come later in the file).
    for row in rows:
        bodies[row["slug"]] = _upsert(
            Organization,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "short_name": row.get("short_name", ""),
                "aliases": "\n".join(row.get("aliases", [])),
                "kind": row.get("kind", Organization.Kind.OTHER),
                "level": row.get("level", "central"),
                "locality": row.get("locality", ""),
                "active_from": _date(row.get("active_from")),
                "active_until": _date(row.get("active_until")),
                "description": row.get("description", ""),
            },
            update=update,
            result=result,
            label="organizations",
        )
    for row in rows:
        body = bodies[row["slug"]]
        links = {
            "parent_id": bodies[row["parent"]].pk if row.get("parent") else None,
            "successor_id": bodies[row["successor"]].pk if row.get("successor") else None,
        }
        # Links are filled where empty; an editor's different choice is kept unless updating.
        wanted = {k: v for k, v in links.items() if getattr(body, k) != v and (update or getattr(body, k) is None)}
        if wanted:
            for name, value in wanted.items():
                setattr(body, name, value)
            body.save()  # recomputes its place in the tree, and its descendants'

    rows = _read(directory, "documents.json")
    documents: dict[tuple[str, int | None], Document] = {}
    for row in rows:
        issued_on = _date(row.get("issued_on"))
        year = issued_on.year if issued_on else row.get("issue_year")
        symbol = normalize_symbol(row["symbol"])
        documents[(symbol, year)] = _upsert(
            Document,
            {"symbol": symbol, "issue_year": year},
            {
                "kind": row["kind"],
                "issued_on": issued_on,
                "issuer": bodies[row["issuer"]] if row.get("issuer") else None,
                "term": row.get("term", ""),
                "subject": row.get("subject", ""),
                "summary": row.get("summary", ""),
                "popular_names": "\n".join(row.get("popular_names", [])),
                "signer": row.get("signer", ""),
                "effective_on": _date(row.get("effective_on")),
                "expires_on": _date(row.get("expires_on")),
                "source_url": row.get("source_url", ""),
                "needs_review": row.get("needs_review", False),
            },
            update=update,
            result=result,
            label="documents",
        )
    for row in rows:
        issued_on = _date(row.get("issued_on"))
        source = documents[(normalize_symbol(row["symbol"]), issued_on.year if issued_on else row.get("issue_year"))]
        for kind, target_symbol, target_year in row.get("relations", []):
            target = documents[(normalize_symbol(target_symbol), target_year)]
            _, created = DocumentRelation.objects.get_or_create(source=source, kind=kind, target=target)
            result.record("document relations", "created" if created else "unchanged")

    for row in _read(directory, "exemplars.json"):
        _upsert(
            Exemplar,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "aliases": "\n".join(row.get("aliases", [])),
                "kind": row["kind"],
                "organization": bodies[row["organization"]] if row.get("organization") else None,
                "field": row.get("field", Exemplar.Field.OTHER),
                "level": row.get("level", ""),
                "year": row.get("year"),
                "description": row.get("description", ""),
            },
            update=update,
            result=result,
            label="exemplars",
        )
    if (directory / "section_rules.json").exists():
        _load_section_rules(_read(directory, "section_rules.json"), update=update, result=result)
    return result


def _load_section_rules(rows: list[dict[str, Any]], *, update: bool, result: LoadResult) -> None:
    """The default section rules (fixtures/section_rules.json), each keyed by its section and
    condition: an editor's changed weight is kept unless updating, a deleted rule comes back."""
    for row in rows:
        lookup: dict[str, Any] = {"section": Section.objects.get(slug=row["section"]), "phrase": row.get("phrase", "")}
        if row.get("document"):
            lookup["document"] = Document.objects.filter(symbol=normalize_symbol(row["document"])).order_by("-issue_year").first()
        for name, model in (("exemplar", Exemplar), ("organization", Organization)):
            lookup[name] = model.objects.get(slug=row[name]) if row.get(name) else None
        lookup.setdefault("document", None)
        _upsert(SectionRule, lookup, {"weight": row.get("weight", 1)}, update=update, result=result, label="section rules")
