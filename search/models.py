"""The search index: one denormalised row per searchable record.

Rows hold text, never visibility. Whether an article may be shown is decided when the
query runs, through ``Article.objects.published()``, so a scheduled article appears when
its time comes and an unpublished one vanishes without touching the index.

The full-text machinery lives beside the table and is not described by these fields:
on SQLite an FTS5 table ``search_searchentry_fts`` kept in step by triggers; on PostgreSQL
a generated ``search_vector`` column (``danvan_vi`` configuration) with a GIN index and a
trigram GIN index on ``title_terms``. See ``search/backends.py`` and the README.
"""

from __future__ import annotations

from django.db import connections, models
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from articles.models import Article, published_q
from organizations.models import Document, Exemplar, Organization

from . import backends
from .query import SearchQuery


def _one_of(*targets: str) -> models.Q:
    """Exactly one target is set, and it is the one ``kind`` names."""
    condition = models.Q()
    for kind in targets:
        condition |= models.Q(kind=kind, **{f"{t}__isnull": t != kind for t in targets})
    return condition


class SearchEntryQuerySet(models.QuerySet):
    def visible(self) -> SearchEntryQuerySet:
        """Entries the public may see: reference records, and articles that are published now."""
        return self.filter(models.Q(article__isnull=True) | published_q(prefix="article__"))

    def search(self, query: SearchQuery, *, fuzzy: bool = False) -> SearchEntryQuerySet:
        """Entries matching ``query``, best first.

        ``fuzzy`` asks the engine for its looser mode (trigrams on PostgreSQL, word
        beginnings on SQLite), meant for when the plain search found nothing.
        """
        backend = backends.get_backend(connections[self.db])
        condition, rank = backend.fuzzy(query) if fuzzy else backend.matching(query)
        if query.symbols and not fuzzy and not backend.matches_symbols:
            # A symbol typed in full finds its document even where the terms would not.
            condition |= models.Q(symbol__in=query.symbols)
        return self.filter(condition).alias(fts_rank=rank).ranked(query)

    def ranked(self, query: SearchQuery) -> SearchEntryQuerySet:
        """Exact symbol first, then titles with the very diacritics typed, then titles
        starting with, then holding, the folded phrase, then the engine's rank times the
        entry's weight."""

        def flag(**lookup) -> Case:
            return Case(When(then=Value(1), **lookup), default=Value(0), output_field=IntegerField())

        phrase = query.phrase
        return self.alias(
            symbol_hit=flag(symbol__in=query.symbols) if query.symbols else Value(0, output_field=IntegerField()),
            exact_hit=flag(title_exact__contains=query.exact),
            # A title that starts with the phrase names the thing itself: "nghị quyết 25"
            # is "Nghị quyết 25-NQ/TW …", not "Quyết định 2765 … thực hiện Nghị quyết 25-NQ/TW".
            phrase_hit=Case(
                When(models.Q(title_terms=phrase) | models.Q(title_terms__startswith=f"{phrase} "), then=Value(2)),
                When(title_terms__contains=phrase, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            score=Coalesce(F("fts_rank"), Value(0.0), output_field=FloatField()) * F("weight"),
        ).order_by("-symbol_hit", "-exact_hit", "-phrase_hit", "-score", "-pk")

    def for_results(self) -> SearchEntryQuerySet:
        """What a result line shows: the record's URL and, for articles, the date and section.

        Only those columns are read: an article's body and import report, or the folded
        terms, can be large and the page needs none of them.
        """
        return self.select_related("article__section", "document", "organization", "exemplar").only(
            "kind",
            "title",
            "text",
            "article__slug",
            "article__published_at",
            "article__section__name",
            "article__section__slug",
            "document__slug",
            "organization__slug",
            "exemplar__slug",
        )


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Bài viết")
        DOCUMENT = "document", _("Văn bản")
        ORGANIZATION = "organization", _("Tổ chức, cơ quan")
        EXEMPLAR = "exemplar", _("Mô hình “Dân vận khéo”")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    # Exactly one of these is set; a nullable one-to-one keeps one entry per record and
    # lets the entry go with its record (CASCADE) without a delete signal.
    article = models.OneToOneField(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    document = models.OneToOneField(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    organization = models.OneToOneField(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    exemplar = models.OneToOneField(Exemplar, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")

    title = models.CharField(_("tiêu đề"), max_length=600, help_text=_("Như hiển thị, để tô sáng kết quả."))
    title_exact = models.CharField(
        _("tiêu đề chữ thường"), max_length=600, help_text=_("Tiêu đề viết thường, giữ dấu: so khớp đúng dấu xếp trước.")
    )
    title_terms = models.TextField(_("từ của tiêu đề"), help_text=_("Các từ đã bỏ dấu (fold), cách nhau một dấu cách."))
    text = models.TextField(
        _("nội dung"), blank=True, help_text=_("Văn bản thuần, một dấu cách giữa các từ: nguồn của đoạn trích.")
    )
    text_terms = models.TextField(_("từ của nội dung"), blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=64, blank=True, db_index=True)
    weight = models.FloatField(_("trọng số"), default=1.0)
    indexed_at = models.DateTimeField(_("lập chỉ mục lúc"), auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        constraints = [
            models.CheckConstraint(
                condition=_one_of("article", "document", "organization", "exemplar"),
                name="search_entry_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()

    @property
    def target(self) -> models.Model:
        return getattr(self, self.kind)
