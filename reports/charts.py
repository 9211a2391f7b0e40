"""Bar charts drawn on the server as SVG, in the site's colours, readable without sight:
``role="img"`` with a title and a description that says the figures, and the table beside
it carries every number. No script, no third-party library."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .tables import Table

RED, GOLD_INK, INK, LINE = "#b71c1c", "#6b5000", "#1c1c1c", "#e3e0da"  # static/css/site.css
BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 22, 8, 260, 360, 60
MAX_BARS = 20


def _short(text: str, length: int = 38) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def bar_chart(table: Table, element_id: str) -> SafeString:
    rows = table.chart_rows[:MAX_BARS]
    if not rows:
        return SafeString("")
    top = max(value for _label, value in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    summary = "; ".join(f"{label}: {value}" for label, value in rows)
    bars = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"></rect>'
        '<text x="{}" y="{}" fill="{}">{}</text></g>',
        (
            (
                LABEL_WIDTH - 8,
                GAP + i * (BAR_HEIGHT + GAP) + 16,
                INK,
                _short(label),
                LABEL_WIDTH,
                GAP + i * (BAR_HEIGHT + GAP),
                max(round(BAR_WIDTH * value / top), 1 if value else 0),
                BAR_HEIGHT,
                RED if i % 2 == 0 else GOLD_INK,
                LABEL_WIDTH + max(round(BAR_WIDTH * value / top), 0) + 6,
                GAP + i * (BAR_HEIGHT + GAP) + 16,
                INK,
                value,
            )
            for i, (label, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="report-chart" role="img" aria-labelledby="{0}-t {0}-d" viewBox="0 0 {1} {2}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" font-size="13">'
        '<title id="{0}-t">{3}</title><desc id="{0}-d">{4}</desc>'
        '<line x1="{5}" y1="0" x2="{5}" y2="{2}" stroke="{6}"></line>{7}</svg>',
        element_id,
        width,
        height,
        table.title,
        _("Biểu đồ cột: %(summary)s. Số liệu đầy đủ ở bảng bên cạnh.") % {"summary": summary},
        LABEL_WIDTH,
        LINE,
        bars,
    )
