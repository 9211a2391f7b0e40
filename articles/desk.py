"""The desk: the article lists a newsroom works from, and the month of scheduled articles.

"Bài của tôi", "Chờ duyệt", "Hẹn giờ", "Bị trả lại" are named here once, for the filter on
the article list (articles/desk_admin.py), the counts on the admin's home page and the
sidebar's links. A reporter sees only their own articles in the lists of what is not public
(submitted, scheduled, sent back); an editor sees the whole newsroom's.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow
from .models import Article

Status = Article.Status

MINE, REVIEW, SCHEDULED, RETURNED = "cua-toi", "cho-duyet", "hen-gio", "bi-tra-lai"
VIEWS = {
    MINE: _("Bài của tôi"),
    REVIEW: _("Chờ duyệt"),
    SCHEDULED: _("Hẹn giờ"),
    RETURNED: _("Bị trả lại"),
}
WEEKDAYS = (_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật"))


def scheduled_q() -> Q:
    return Q(status=Status.PUBLISHED, published_at__gt=timezone.now())


def sees_everyone(user) -> bool:
    return workflow.can_publish(user) or user.has_perm("articles.edit_others_article")


def view_q(view: str, user) -> Q:
    """The condition for one desk view, as ``user`` may see it."""
    if view == MINE:
        return Q(created_by=user)
    condition = {
        REVIEW: Q(status=Status.REVIEW),
        SCHEDULED: scheduled_q(),
        RETURNED: Q(status=Status.DRAFT, returned_at__isnull=False),
    }[view]
    return condition if sees_everyone(user) else condition & Q(created_by=user)


def in_view(queryset: QuerySet, view: str, user) -> QuerySet:
    return queryset.filter(view_q(view, user)) if view in VIEWS else queryset


def counts(user) -> dict[str, int]:
    """How many articles each view holds for ``user``: one query."""
    totals = Article.objects.aggregate(**{key.replace("-", "_"): Count("pk", filter=view_q(key, user)) for key in VIEWS})
    return {key: totals[key.replace("-", "_")] for key in VIEWS}


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    articles: list[Article] = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    previous: tuple[int, int]
    next: tuple[int, int]
    total: int


def month_grid(year: int, month: int, user) -> Month:
    """The scheduled articles ``user`` may see, by local day, over the weeks that show ``month``
    (Monday first); one query."""
    dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(dates[0][0], dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(dates[-1][-1] + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    articles = (
        Article.objects.filter(view_q(SCHEDULED, user), published_at__gte=start, published_at__lt=end)
        .select_related("section", "created_by")
        .order_by("published_at", "pk")
    )
    by_day: dict[dt.date, list[Article]] = {}
    total = 0
    for article in articles:
        day = timezone.localtime(article.published_at).date()
        by_day.setdefault(day, []).append(article)
        total += day.month == month
    today = timezone.localdate()
    weeks = [[Day(d, d.month == month, d == today, by_day.get(d, [])) for d in week] for week in dates]
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return Month(year, month, weeks, previous, following, total)
