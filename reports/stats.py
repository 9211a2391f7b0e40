"""The commission's statistics, each one query whatever the number of rows.

``scope`` is what the viewer may count: ``published`` (readers, and the admin by default)
starts from ``Article.objects.published()`` and dates an article by ``published_at``;
``all`` (staff in the admin only) counts drafts, articles in review, scheduled and archived
ones too, dated by ``published_at`` or, where there is none, by when they were written.
"""

from __future__ import annotations

import re
from collections import Counter

from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncMonth, TruncYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from newsroom.names import full_name
from organizations.models import Document, Exemplar, Level

from .periods import Period, month_label, quarter_label, year_label
from .tables import Table

PUBLISHED, ALL = "published", "all"
TOP = 20
# "Bài và ảnh: Nguyễn Thị Nga", "Bài, ảnh: …", "Tin: …", "Ảnh: …" → "Nguyễn Thị Nga".
BYLINE_PREFIX = re.compile(r"^\s*(?:bài\s*(?:và|,|&)?\s*ảnh|bài|tin\s*(?:và|,)?\s*ảnh|tin|ảnh|nhóm\s+phóng\s+viên)\s*[:：-]\s*", re.I)
NO_AUTHOR = gettext_lazy("(Không ghi tác giả)")


def articles(scope: str):
    if scope == ALL:
        return Article.objects.annotate(day=Coalesce("published_at", "created_at"))
    return Article.objects.published().annotate(day=F("published_at"))


def latest_year() -> int | None:
    """The local year of the newest published article: the period the pages open on."""
    newest = Article.objects.published().order_by("-published_at").values_list("published_at", flat=True).first()
    return timezone.localtime(newest).year if newest else None


def in_period(scope: str, period: Period):
    start, end = period.bounds
    return articles(scope).filter(day__gte=start, day__lt=end)


def author_name(byline: str, creator=None) -> str:
    name = BYLINE_PREFIX.sub("", byline or "").strip(" .;,")
    return name or full_name(creator) or str(NO_AUTHOR)


def by_time(scope: str, period: Period) -> list[Table]:
    """Per month of the period, per quarter when the period is a year, and per year overall."""
    zone = timezone.get_current_timezone()
    months = {
        (row["month"].year, row["month"].month): row["n"]
        for row in in_period(scope, period)
        .annotate(month=TruncMonth("day", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    first, last = period.first_day, period.next_first_day
    keys, (y, m) = [], (first.year, first.month)
    while (y, m) < (last.year, last.month):
        keys.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    tables = [Table("theo-thang", _("Số bài theo tháng"), [_("Tháng"), _("Số bài")], [[month_label(*k), months.get(k, 0)] for k in keys])]
    if not period.quarter and not period.month:
        quarters = [
            [quarter_label(period.year, q), sum(months.get((period.year, m), 0) for m in range(3 * q - 2, 3 * q + 1))] for q in range(1, 5)
        ]
        tables.append(Table("theo-quy", _("Số bài theo quý"), [_("Quý"), _("Số bài")], quarters))
    years = (
        articles(scope)
        .filter(day__isnull=False)
        .annotate(y=TruncYear("day", tzinfo=zone))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("y")
    )
    tables.append(
        Table(
            "theo-nam", _("Số bài theo năm (toàn bộ lưu trữ)"), [_("Năm"), _("Số bài")], [[year_label(r["y"].year), r["n"]] for r in years]
        )
    )
    return tables


def _grouped(queryset, field: str, *, top: int | None = None, empty: str = "") -> list[list]:
    """Articles counted per value of ``field``; those without one under ``empty``, or left out."""
    rows = queryset.values(field).annotate(n=Count("pk", distinct=True)).order_by("-n", field)
    rows = rows.exclude(**{f"{field}__isnull": True}) if not empty else rows
    return [[r[field] if r[field] is not None else empty, r["n"]] for r in (rows[:top] if top else rows)]


def by_section(scope: str, period: Period) -> Table:
    rows = _grouped(in_period(scope, period), "section__name", empty=_("(Chưa xếp chuyên mục)"))
    return Table("chuyen-muc", _("Số bài theo chuyên mục"), [_("Chuyên mục"), _("Số bài")], rows)


def by_body(scope: str, period: Period) -> Table:
    rows = _grouped(in_period(scope, period), "organizations__name", top=TOP)
    return Table("to-chuc", _("Số bài theo tổ chức, cơ quan (20 nhiều nhất)"), [_("Tổ chức, cơ quan"), _("Số bài")], rows)


def by_document(scope: str, period: Period) -> Table:
    rows = _grouped(in_period(scope, period), "documents__symbol", top=TOP)
    return Table("van-ban", _("Văn bản được nhắc tới nhiều nhất"), [_("Văn bản"), _("Số bài")], rows)


def by_model(scope: str, period: Period) -> Table:
    rows = _grouped(in_period(scope, period), "exemplars__name", top=TOP)
    return Table("mo-hinh", _("Số bài theo mô hình “Dân vận khéo” (20 nhiều nhất)"), [_("Mô hình"), _("Số bài")], rows)


def by_author(scope: str, period: Period) -> Table:
    rows = (
        in_period(scope, period)
        .values("byline", "created_by__first_name", "created_by__last_name", "created_by__username")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    for row in rows:
        creator = _Creator(row) if row["created_by__username"] else None
        counts[author_name(row["byline"], creator)] += row["n"]
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return Table("tac-gia", _("Số bài theo tác giả"), [_("Tác giả"), _("Số bài")], [list(item) for item in ordered])


class _Creator:
    """Enough of a user for ``full_name``, from a ``values()`` row."""

    def __init__(self, row) -> None:
        self.first_name, self.last_name = row["created_by__first_name"], row["created_by__last_name"]
        self._username = row["created_by__username"]

    def get_username(self) -> str:
        return self._username


def most_read(scope: str, period: Period) -> Table:
    rows = in_period(scope, period).order_by("-view_count", "-pk").values_list("title", "view_count")[:TOP]
    return Table("doc-nhieu", _("Bài được đọc nhiều nhất"), [_("Bài viết"), _("Lượt xem")], [list(r) for r in rows])


def coverage(scope: str, document: Document) -> Table:
    """How often one document was written about, year by year, over the whole archive."""
    zone = timezone.get_current_timezone()
    rows = (
        articles(scope)
        .filter(documents=document, day__isnull=False)
        .annotate(y=TruncYear("day", tzinfo=zone))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("y")
    )
    found = {r["y"].year: r["n"] for r in rows}
    years = range(min(found), max(found) + 1) if found else []
    return Table(
        "dien-bien",
        _("Số bài nhắc tới %(symbol)s qua các năm") % {"symbol": document.symbol},
        [_("Năm"), _("Số bài")],
        [[year_label(y), found.get(y, 0)] for y in years],
    )


def models_tables(period: Period) -> list[Table]:
    """ "Dân vận khéo" models by year recognised (all years); by field, level and body for the
    period's year (a model is recognised in a year, not a month)."""
    years = Exemplar.objects.exclude(year__isnull=True).values("year").annotate(n=Count("pk")).order_by("-year")
    fields = dict(Exemplar.Field.choices)
    levels = dict(Level.choices)
    in_year = Exemplar.objects.filter(year=period.year)
    when = {"year": period.year}
    by_field = in_year.values("field").annotate(n=Count("pk")).order_by("-n", "field")
    by_level = in_year.filter(level__in=list(levels)).values("level").annotate(n=Count("pk")).order_by()
    by_body = (
        in_year.exclude(organization__isnull=True)
        .values("organization__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization__name")[:TOP]
    )
    return [
        Table(
            "mo-hinh-nam",
            _("Mô hình “Dân vận khéo” theo năm công nhận"),
            [_("Năm"), _("Số mô hình")],
            [[year_label(r["year"]), r["n"]] for r in years],
        ),
        Table(
            "mo-hinh-linh-vuc",
            _("Mô hình công nhận năm %(year)s theo lĩnh vực") % when,
            [_("Lĩnh vực"), _("Số mô hình")],
            [[str(fields.get(r["field"], r["field"])), r["n"]] for r in by_field],
        ),
        Table(
            "mo-hinh-cap",
            _("Mô hình công nhận năm %(year)s theo cấp") % when,
            [_("Cấp"), _("Số mô hình")],
            [[str(levels[r["level"]]), r["n"]] for r in sorted(by_level, key=lambda r: list(levels).index(r["level"]))],  # top level first
        ),
        Table(
            "mo-hinh-don-vi",
            _("Mô hình công nhận năm %(year)s theo đơn vị (20 nhiều nhất)") % when,
            [_("Đơn vị"), _("Số mô hình")],
            [[r["organization__name"], r["n"]] for r in by_body],
        ),
    ]


def all_tables(scope: str, period: Period, *, authors: bool) -> list[Table]:
    tables = [
        *by_time(scope, period),
        by_section(scope, period),
        by_body(scope, period),
        by_document(scope, period),
        by_model(scope, period),
    ]
    if authors:
        tables.append(by_author(scope, period))
    tables.append(most_read(scope, period))
    return [*tables, *models_tables(period)]
