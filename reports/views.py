"""The statistics pages: the public summary (/thong-ke/) and, in the admin, the full
dashboard and the royalty report. Each table is shown with its chart, and downloads as
CSV (``?tai=csv&bang=…``) or XLSX (``?tai=xlsx``: every table, one sheet each)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from organizations.models import Document

from . import periods, stats
from .charts import bar_chart
from .exports import csv_response, xlsx_response
from .royalty import royalty_tables


def _documents_cited() -> list[Document]:
    return list(Document.objects.filter(articles__isnull=False).distinct().only("slug", "symbol").order_by("symbol"))


def respond(request, *, tables, period, heading: str, filename: str, template: str, context: dict, status: int = 200, query=None):
    """The page, or the file asked for."""
    title = f"{heading} — {period.label}"
    download = request.GET.get("tai")
    if download == "xlsx":
        return xlsx_response(tables, title, f"{filename}-{period.slug}")
    if download == "csv":
        chosen = next((t for t in tables if t.key == request.GET.get("bang")), None)
        if chosen is None:
            raise Http404(_("Không có bảng này."))
        return csv_response(chosen, title, f"{filename}-{chosen.key}-{period.slug}")
    shown = [{"table": t, "chart": bar_chart(t, f"bieu-do-{t.key}") if t.chart else ""} for t in tables]
    return render(
        request,
        template,
        {"tables": shown, "period": period, "heading": heading, "choices": periods.choices(), "query": query or period.query, **context},
        status=status,
    )


def _period(request):
    default = stats.latest_year()
    try:
        return periods.period_from(request.GET, default), ""
    except periods.PeriodError as error:
        return periods.period_from({}, default), str(error)


def _coverage(request, scope: str):
    slug = request.GET.get("van-ban")
    if not slug:
        return None, None
    document = Document.objects.filter(slug=slug).only("slug", "symbol").first()
    if document is None:
        return None, _("Không tìm thấy văn bản này.")
    return stats.coverage(scope, document), None


def public(request):
    period, error = _period(request)
    tables = stats.all_tables(stats.PUBLISHED, period, authors=False)
    coverage, coverage_error = _coverage(request, stats.PUBLISHED)
    if coverage:
        tables.insert(0, coverage)
    return respond(
        request,
        tables=tables,
        period=period,
        heading=_("Thống kê tin bài"),
        filename="thong-ke",
        template="reports/public.html",
        context={"error": error or coverage_error, "documents": _documents_cited(), "current_document": request.GET.get("van-ban", "")},
        status=400 if error else 200,
    )


def dashboard(request, admin_context: dict):
    period, error = _period(request)
    scope = stats.ALL if request.GET.get("pham-vi") == "tat-ca" else stats.PUBLISHED
    tables = stats.all_tables(scope, period, authors=True)
    coverage, coverage_error = _coverage(request, scope)
    if coverage:
        tables.insert(0, coverage)
    if scope == stats.ALL:
        heading = _("Thống kê tin bài (gồm cả bài chưa xuất bản)")
        period_query = {**period.query, "pham-vi": "tat-ca"}
    else:
        heading, period_query = _("Thống kê tin bài đã xuất bản"), period.query
    return respond(
        request,
        tables=tables,
        period=period,
        heading=heading,
        filename="thong-ke-quan-tri",
        template="admin/reports/dashboard.html",
        context={
            **admin_context,
            "error": error or coverage_error,
            "scope": scope,
            "documents": _documents_cited(),
            "current_document": request.GET.get("van-ban", ""),
            "title": heading,
        },
        status=400 if error else 200,
        query=period_query,
    )


def royalties(request, admin_context: dict):
    period, error = _period(request)
    heading = _("Báo cáo nhuận bút")
    return respond(
        request,
        tables=royalty_tables(period),
        period=period,
        heading=heading,
        filename="nhuan-but",
        template="admin/reports/royalties.html",
        context={**admin_context, "error": error, "title": heading},
        status=400 if error else 200,
    )
