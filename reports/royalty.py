"""The royalty report (nhuận bút): what each author published in each month of a period,
with word counts and sections, and the photos by whoever took them, for the accountant.

Only published articles count (a draft earns nothing). Three queries for the whole report:
the articles with their photo counts, and the photos' credits.
"""

from __future__ import annotations

import html
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from articles.models import BLOCK_END, Photo

from .periods import Period, month_label
from .stats import PUBLISHED, author_name, in_period
from .tables import Table


def word_count(*texts: str) -> int:
    """Words as a reader counts them: the markup and entities gone, split on white space."""
    return sum(len(html.unescape(strip_tags(BLOCK_END.sub(" ", text))).split()) for text in texts if text)  # paragraphs apart


def royalty_tables(period: Period) -> list[Table]:
    zone = timezone.get_current_timezone()
    rows = (
        in_period(PUBLISHED, period)
        .select_related("section", "created_by")
        .annotate(photo_count=Count("photos"))
        .only(
            "title",
            "lead",
            "body",
            "byline",
            "published_at",
            "section__name",
            "created_by__first_name",
            "created_by__last_name",
            "created_by__username",
        )
        .order_by("published_at", "pk")
    )
    detail, summary = [], defaultdict(lambda: {"articles": 0, "photos": 0, "words": 0, "sections": set()})
    for article in rows:
        when = timezone.localtime(article.published_at, zone)
        author = author_name(article.byline, article.created_by)
        section = article.section.name if article.section else _("(Chưa xếp chuyên mục)")
        words = word_count(article.title, article.lead, article.body)
        detail.append([author, when.strftime("%d/%m/%Y"), article.title, section, words, article.photo_count])
        line = summary[(author, when.year, when.month)]
        line["articles"] += 1
        line["photos"] += article.photo_count
        line["words"] += words
        line["sections"].add(section)
    per_author = [
        [author, month_label(year, month), v["articles"], v["photos"], v["words"], ", ".join(sorted(v["sections"]))]
        for (author, year, month), v in sorted(summary.items(), key=lambda item: (item[0][1], item[0][2], item[0][0]))
    ]
    credits = (
        Photo.objects.filter(article__in=in_period(PUBLISHED, period).values("pk"))
        .values("credit")
        .annotate(n=Count("pk"))
        .order_by("-n", "credit")
    )
    photos = [[c["credit"] or _("(Không ghi tác giả ảnh)"), c["n"]] for c in credits]
    return [
        Table(
            "nhuan-but-tong-hop",
            _("Tổng hợp theo tác giả và tháng"),
            [_("Tác giả"), _("Tháng"), _("Số bài"), _("Số ảnh"), _("Số chữ"), _("Chuyên mục")],
            per_author,
            chart=False,
        ),
        Table("nhuan-but-anh", _("Ảnh theo tác giả ảnh"), [_("Tác giả ảnh"), _("Số ảnh")], photos, chart=False),
        Table(
            "nhuan-but-chi-tiet",
            _("Chi tiết từng bài"),
            [_("Tác giả"), _("Ngày đăng"), _("Bài viết"), _("Chuyên mục"), _("Số chữ"), _("Số ảnh")],
            detail,
            chart=False,
        ),
    ]
