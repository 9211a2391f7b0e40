"""Who hears about a step in the workflow, in the admin and, where configured, by e-mail.

Fed by the AuditEvent every status change writes (desk/apps.py): a submitted article tells
the editors; an article sent back, published or scheduled tells its author. Nobody is told
about what they did themselves.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import AuditEvent
from danvan.identity import site_name
from danvan.siteurl import absolute_url

from .models import Notification

log = logging.getLogger(__name__)

KINDS = {
    AuditEvent.Action.SUBMITTED: Notification.Kind.SUBMITTED,
    AuditEvent.Action.RETURNED: Notification.Kind.RETURNED,
    AuditEvent.Action.PUBLISHED: Notification.Kind.PUBLISHED,
    AuditEvent.Action.SCHEDULED: Notification.Kind.SCHEDULED,
}

SUBJECTS = {
    Notification.Kind.SUBMITTED: gettext_lazy("Bài chờ duyệt: «%(title)s»"),
    Notification.Kind.RETURNED: gettext_lazy("Bài bị trả lại: «%(title)s»"),
    Notification.Kind.PUBLISHED: gettext_lazy("Bài đã xuất bản: «%(title)s»"),
    Notification.Kind.SCHEDULED: gettext_lazy("Bài được hẹn giờ xuất bản: «%(title)s»"),
}


def editors():
    """Active staff who may publish: superusers, and those given the right directly or through a role."""
    right = {"codename": "publish_article", "content_type__app_label": "articles"}
    may_publish = (
        Q(is_superuser=True)
        | Q(**{f"user_permissions__{k}": v for k, v in right.items()})
        | Q(**{f"groups__permissions__{k}": v for k, v in right.items()})
    )
    # One order on every engine: notifications in the order the editors were added.
    return get_user_model().objects.filter(may_publish, is_active=True, is_staff=True).distinct().order_by("pk")


def recipients(event: AuditEvent) -> list:
    article = event.article
    if event.action == AuditEvent.Action.SUBMITTED:
        people = list(editors())
    elif event.action == AuditEvent.Action.RETURNED and not article.returned_at:
        people = []  # a draft again by its own author's choice, or out of the archive: nobody to tell
    else:
        author = article.created_by if article.created_by_id else None
        people = [author] if author is not None and author.is_active else []
    return [person for person in people if person.pk != event.actor_id]


def notify_for_event(sender, instance: AuditEvent, created: bool = False, raw: bool = False, **_kwargs) -> None:
    kind = KINDS.get(instance.action)
    if raw or not created or kind is None or instance.article is None:
        return
    people = recipients(instance)
    if not people:
        return
    notes = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            article=instance.article,
            article_title=instance.article_title,
            actor=instance.actor,
            detail=instance.article.return_note if kind == Notification.Kind.RETURNED else instance.detail,
        )
        for person in people
    )
    if settings.DESK_EMAIL:
        addressed = [(note, person.email) for note, person in zip(notes, people, strict=True) if person.email]
        if addressed:
            # Only once the change is saved for good: a rolled-back save tells nobody.
            transaction.on_commit(lambda: send_emails(addressed))


def email_for(note: Notification, address: str) -> EmailMessage:
    link = absolute_url(reverse("admin:articles_article_change", args=[note.article_id]))
    subject = f"[{site_name()}] {SUBJECTS[note.kind] % {'title': note.article_title}}"
    body = "\n\n".join(
        [
            note.message(),
            _("Mở bài trong trang quản trị: %(link)s") % {"link": link},
            _("Thư này do hệ thống gửi tự động; xem mọi thông báo ở mục “Thông báo” trong trang quản trị."),
        ]
    )
    return EmailMessage(subject=subject.replace("\n", " "), body=body, to=[address])


def send_emails(addressed: list[tuple[Notification, str]]) -> None:
    """Send the e-mails; a mail server that is down costs the e-mails, never the editor's save."""
    try:
        get_connection().send_messages([email_for(note, address) for note, address in addressed])
    except Exception:
        log.exception("Không gửi được thư thông báo (%d thư)", len(addressed))
