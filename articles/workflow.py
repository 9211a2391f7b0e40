"""Editorial workflow: who may do what to an article, and the record of what was done.

Status flows draft → review → published → archived. Reporters write and edit their own
drafts and submit them for review; editors (``articles.publish_article``) publish,
schedule, unpublish and archive; ``articles.edit_others_article`` lets a user edit
articles that are not their own. Every change of what the public sees is written to
``AuditEvent``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from .models import Article, AuditEvent

Status = Article.Status
EDITABLE_BY_AUTHOR = {Status.DRAFT, Status.REVIEW}


def can_publish(user) -> bool:
    return user.has_perm("articles.publish_article")


def can_edit(user, article: Article) -> bool:
    """Editors edit anything; a reporter edits only their own draft or submitted article."""
    if not user.has_perm("articles.change_article"):
        return False
    if article.pk is None:
        return True
    owner_ok = article.created_by_id == user.pk or user.has_perm("articles.edit_others_article")
    status_ok = can_publish(user) or article.status in EDITABLE_BY_AUTHOR
    return owner_ok and status_ok


def allowed_statuses(user) -> list[str]:
    return list(Status.values) if can_publish(user) else [Status.DRAFT, Status.REVIEW]


def audit_action(old_status: str | None, new: Article, *, was_scheduled: bool = False) -> str | None:
    """The audit action a change from ``old_status`` (scheduled or not) to ``new``'s state
    amounts to, if any. A scheduled article brought forward to now is published."""
    if new.status == old_status:
        if new.status == Status.PUBLISHED and was_scheduled != new.is_scheduled:
            return AuditEvent.Action.SCHEDULED if new.is_scheduled else AuditEvent.Action.PUBLISHED
        return None
    if new.status == Status.PUBLISHED:
        return AuditEvent.Action.SCHEDULED if new.is_scheduled else AuditEvent.Action.PUBLISHED
    if new.status == Status.ARCHIVED:
        return AuditEvent.Action.ARCHIVED
    if old_status == Status.PUBLISHED:
        return AuditEvent.Action.UNPUBLISHED
    if new.status == Status.REVIEW:
        return AuditEvent.Action.SUBMITTED
    return None


def record(actor, action: str, article: Article, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(actor=actor, action=action, article=article, article_title=article.title[:500], detail=detail)


def record_change(actor, old_status: str | None, article: Article, *, was_scheduled: bool = False) -> None:
    action = audit_action(old_status, article, was_scheduled=was_scheduled)
    if action:
        when = timezone.localtime(article.published_at).strftime("%H:%M %d/%m/%Y") if article.published_at else ""
        record(actor, action, article, detail=when if action == AuditEvent.Action.SCHEDULED else "")


@transaction.atomic
def change_status(article: Article, status: str, *, actor, published_at: dt.datetime | None = None) -> bool:
    """Move one article to ``status`` as ``actor``; returns whether anything changed.

    Moving to published without ``published_at`` is "Xuất bản ngay": the article is
    public from now, dated now. A date already on it is not kept: an old one (a previous
    publication, a draft's) would misplace it in the lists, and a future one (typed by a
    reporter, or an earlier schedule) would silently schedule it instead.
    """
    old_status, was_scheduled = article.status, article.is_scheduled
    if status == old_status and published_at is None and not (status == Status.PUBLISHED and was_scheduled):
        return False
    article.status = status
    if published_at is not None:
        article.published_at = published_at
    elif status == Status.PUBLISHED:
        article.published_at = timezone.now()
    article.updated_by = actor
    article.save()
    record_change(actor, old_status, article, was_scheduled=was_scheduled)
    return True


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    lines: list[str]


DIFF_FIELDS = ("title", "slug", "lead", "body", "status", "published_at", "section", "byline", "source", "source_url", "featured")


def _as_text(name: str, value) -> str:
    if value is None:
        return ""
    if name == "body":
        # One paragraph per line so the diff points at the paragraph that changed.
        return strip_tags(str(value).replace("</p>", "</p>\n").replace("<br>", "\n"))
    return str(value)


def diff_versions(old: dict, new: dict) -> list[FieldDiff]:
    """Line diffs of the article fields that differ between two stored versions."""
    diffs = []
    for name in DIFF_FIELDS:
        before, after = _as_text(name, old.get(name)), _as_text(name, new.get(name))
        if before == after:
            continue
        lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1))[2:]
        label = str(Article._meta.get_field(name).verbose_name)
        diffs.append(FieldDiff(field=name, label=label, lines=lines))
    return diffs
