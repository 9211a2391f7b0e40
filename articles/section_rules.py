"""Section rules: which section an article's text points to, and why.

Rules are read once (``load_rules``: one query) and matched in memory: on import for every
article of the run, in the admin for the article on the form. A rule matches when one of
its names occurs in the folded text (no diacritics, lower case) on word boundaries, or,
for a document, model or body rule, when the importer already linked the article to it.
Each matching rule counts its weight once; the section with the largest sum wins, ties
going to the section first on the menu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from danvan.text import fold

from .models import Section, SectionRule


@dataclass(frozen=True)
class CompiledRule:
    rule_id: int
    section: Section
    weight: int
    reason: str  # "vì bài nhắc mô hình «…»"
    pattern: re.Pattern | None
    link: tuple[str, int] | None  # ("exemplars", id): matched by the importer's links too


@dataclass
class Suggestion:
    section: Section
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    rule_ids: list[int] = field(default_factory=list)


def _pattern(names: list[str]) -> re.Pattern | None:
    folded = sorted({fold(n) for n in names if fold(n)}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in folded) + r")(?!\w)")


def _compile(rule: SectionRule) -> CompiledRule:
    if rule.exemplar_id:
        names, link = rule.exemplar.names, ("exemplars", rule.exemplar_id)
    elif rule.document_id:
        names, link = [rule.document.symbol], ("documents", rule.document_id)
    elif rule.organization_id:
        names, link = rule.organization.names, ("organizations", rule.organization_id)
    else:
        names, link = [rule.phrase], None
    return CompiledRule(rule.pk, rule.section, rule.weight, f"vì bài nhắc {rule.describe()}", _pattern(names), link)


def load_rules() -> list[CompiledRule]:
    """The active rules, compiled: one query, whatever their number."""
    rules = SectionRule.objects.filter(active=True).select_related("section", "document", "exemplar", "organization")
    return [_compile(r) for r in rules.order_by("section__position", "-weight", "pk")]


def suggest(rules: list[CompiledRule], text: str, linked: dict[str, list[int]] | None = None) -> list[Suggestion]:
    """The sections the rules point to for this text, best first (empty when none matches).

    ``linked``: the importer's links ({"documents": [ids], …}, as the import report keeps them)."""
    folded = fold(text)
    linked = linked or {}
    found: dict[int, Suggestion] = {}
    for rule in rules:
        by_link = rule.link is not None and rule.link[1] in linked.get(rule.link[0], ())
        if not by_link and not (rule.pattern is not None and rule.pattern.search(folded)):
            continue
        suggestion = found.setdefault(rule.section.pk, Suggestion(rule.section))
        suggestion.score += rule.weight
        suggestion.reasons.append(rule.reason)
        suggestion.rule_ids.append(rule.rule_id)
    return sorted(found.values(), key=lambda s: (-s.score, s.section.position, s.section.pk))


def article_text(title: str, lead: str, body: str, banners: list[str] = ()) -> str:
    """The text the rules read: kicker lines, title, lead and body (tags stripped)."""
    from django.utils.html import strip_tags

    return "\n".join([*banners, title, lead, strip_tags(body)])
