"""The desk's links for the admin's sidebar (no query) and home page (with counts, one query)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from articles import desk

register = template.Library()


def _view_url(key: str) -> str:
    return f"{reverse('admin:articles_article_changelist')}?{urlencode({'ban': key})}"


@register.simple_tag
def desk_links() -> list[dict]:
    links = [{"label": label, "url": _view_url(key)} for key, label in desk.VIEWS.items()]
    links.append({"label": _("Lịch hẹn giờ"), "url": reverse("admin:articles_article_calendar")})
    return links


@register.inclusion_tag("desk/_panel.html", takes_context=True)
def desk_panel(context) -> dict:
    counts = desk.counts(context["request"].user)
    return {
        "links": [{"label": label, "url": _view_url(key), "count": counts[key]} for key, label in desk.VIEWS.items()],
        "calendar_url": reverse("admin:articles_article_calendar"),
    }
