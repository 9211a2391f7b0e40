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
from django.utils.translation import gettext as _

from danvan.text import normalize

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
    if old_status is not None:  # back to a draft from review or from the archive
        return AuditEvent.Action.RETURNED
    return None


def record(actor, action: str, article: Article, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(actor=actor, action=action, article=article, article_title=article.title[:500], detail=detail)


def record_change(actor, old_status: str | None, article: Article, *, was_scheduled: bool = False) -> None:
    action = audit_action(old_status, article, was_scheduled=was_scheduled)
    if action:
        when = timezone.localtime(article.published_at).strftime("%H:%M %d/%m/%Y") if article.published_at else ""
        detail = when if action == AuditEvent.Action.SCHEDULED else ""
        if action == AuditEvent.Action.RETURNED and article.returned_at:
            detail = article.return_note[:500]  # the editor's note, as the reporter reads it
        record(actor, action, article, detail=detail)


# Sending back: an editor returns a submitted article to its reporter's drafts with a note
# the reporter reads on the form ("Bị trả lại" on the desk). A reporter taking back their
# own submission, or an article coming back from the archive, is a draft again, not returned.
def is_send_back(actor, article: Article, old_status: str | None) -> bool:
    """Whether moving ``article`` (now carrying its new status) from ``old_status`` is an editor sending it back."""
    return (
        old_status == Status.REVIEW
        and article.status == Status.DRAFT
        and can_publish(actor)
        and (article.created_by_id is None or article.created_by_id != actor.pk)
    )


def send_back_refusal(article: Article, *, actor, note: str) -> str | None:
    """Why ``actor`` may not send ``article`` back with ``note``, or None. The list action
    and the change form ask the same questions."""
    if not can_publish(actor):
        return _("chỉ biên tập viên được trả bài")
    if article.status != Status.REVIEW:
        return _("chỉ trả lại được bài đang chờ duyệt")
    if not note.strip():
        return _("cần ghi chú cho phóng viên biết phải sửa gì")
    return refusal(article, Status.DRAFT, actor=actor)


def keep_return_note(article: Article, old_status: str | None, *, actor, note: str = "") -> None:
    """Before ``article`` is saved with its new status: note an editor's sending back, and
    forget the note once the article moves on (submitted again, published, archived)."""
    if is_send_back(actor, article, old_status):
        article.return_note = normalize(note).strip()
        article.returned_at = timezone.now()
        article.returned_by = actor
    elif article.status != Status.DRAFT and article.returned_at:
        article.return_note, article.returned_at, article.returned_by = "", None, None


def send_back(article: Article, *, actor, note: str) -> bool:
    """Return a submitted article to its reporter with ``note``; whether it was (ask
    ``send_back_refusal`` first to say why not)."""
    if send_back_refusal(article, actor=actor, note=note):
        return False
    return change_status(article, Status.DRAFT, actor=actor, note=note)


def lacks_alt_text(image, alt_text: str | None) -> bool:
    """The one accessibility rule for publishing: every photo with a file describes it."""
    return bool(image) and not (alt_text or "").strip()


def publish_problems(article: Article, photos=None) -> list[str]:
    """Why ``article`` may not go public as it stands (empty when it may).

    ``photos`` are the photos it will have (a form's, before they are saved); by default
    the ones stored, in the order the form shows them.
    """
    if photos is None:
        photos = article.photos.order_by("order", "pk") if article.pk else []
    return [
        _("ảnh số %(number)d chưa có mô tả thay thế") % {"number": number}
        for number, photo in enumerate(photos, start=1)
        if lacks_alt_text(photo.image, photo.alt_text)
    ]


# What a list action is called in its refusals: "Không xuất bản «…»: …".
VERBS = {
    Status.DRAFT: "gỡ",
    Status.REVIEW: "gửi duyệt",
    Status.PUBLISHED: "xuất bản",
    Status.ARCHIVED: "lưu trữ",
}


def refusal(article: Article, status: str, *, actor, published_at: dt.datetime | None = None, photos=None) -> str | None:
    """Why ``actor`` may not move ``article`` to ``status`` now, in an editor's words, or None.

    Every path that changes a status asks this first: the list actions, revert and recover
    (through the change form, whose checks are the same), the import (``actor`` None: no
    user, so no permission check). ``photos``: as for ``publish_problems``, the photos the
    article will have when they are not stored yet (an import's)."""
    if actor is not None and status not in allowed_statuses(actor):
        return _("bạn không có quyền đổi bài sang trạng thái «%(status)s»") % {"status": Status(status).label}
    if actor is not None and not can_edit(actor, article):
        return _("bạn không được sửa bài này")
    if status == article.status and published_at is None and not (status == Status.PUBLISHED and article.is_scheduled):
        return _("bài đã ở trạng thái «%(status)s»") % {"status": Status(status).label}
    if status == Status.PUBLISHED:
        problems = publish_problems(article, photos)
        if problems:
            return "; ".join(problems)
    return None


def refusal_message(article: Article, status: str, reason: str) -> str:
    return _("Không %(verb)s «%(title)s»: %(reason)s.") % {"verb": _(VERBS[status]), "title": article.title, "reason": reason}


@transaction.atomic
def change_status(article: Article, status: str, *, actor, published_at: dt.datetime | None = None, note: str = "") -> bool:
    """Move one article to ``status`` as ``actor``; returns whether anything changed.
    Callers that must say why nothing changed ask ``refusal()`` first.

    Moving to published without ``published_at`` is "Xuất bản ngay": the article is
    public from now, dated now. A date already on it is not kept: an old one (a previous
    publication, a draft's) would misplace it in the lists, and a future one (typed by a
    reporter, or an earlier schedule) would silently schedule it instead.
    """
    old_status, was_scheduled = article.status, article.is_scheduled
    if refusal(article, status, actor=actor, published_at=published_at):
        return False
    article.status = status
    if published_at is not None:
        article.published_at = published_at
    elif status == Status.PUBLISHED:
        article.published_at = timezone.now()
    article.updated_by = actor
    keep_return_note(article, old_status, actor=actor, note=note)
    article.save()
    record_change(actor, old_status, article, was_scheduled=was_scheduled)
    return True


# What reverting to an earlier version brings back: the writing (and, through
# django-reversion, the photos and the links to documents, bodies and models). Everything
# else (status and publication time, who wrote it and when, the slug, the view count,
# placement, import provenance) describes the article's life since, and stays as it is now.
REVERTED_FIELDS = ("title", "lead", "body")


def kept_on_revert(article_id) -> dict | None:
    """The present values a revert must keep, read before the revert overwrites them."""
    names = [f.attname for f in Article._meta.concrete_fields if not f.primary_key and f.name not in REVERTED_FIELDS]
    return Article.objects.filter(pk=article_id).values(*names).first()


def record_revert(actor, article: Article, version_date: dt.datetime, *, recovered: bool) -> AuditEvent:
    when = timezone.localtime(version_date).strftime("%H:%M %d/%m/%Y")
    detail = _("khôi phục bài đã xóa, phiên bản lúc %(when)s") if recovered else _("về phiên bản lúc %(when)s")
    return record(actor, AuditEvent.Action.REVERTED, article, detail=detail % {"when": when})


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
