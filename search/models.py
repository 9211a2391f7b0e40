"""The search index: one denormalised row per searchable record.

Rows hold text, never visibility. Whether an article may be shown is decided when the
query runs, through ``Article.objects.published()``, so a scheduled article appears when
its time comes and an unpublished one vanishes without touching the index.

The full-text machinery lives beside the table and is not described by these fields:
on SQLite an FTS5 table ``search_searchentry_fts`` kept in step by triggers; on PostgreSQL
two generated columns (``danvan_vi`` configuration): ``search_vector``, which ranks, and
``match_vector``, its words without positions, with the GIN index matches are read through;
and a trigram GIN index on ``title_terms``. See ``search/backends.py`` and the README.
"""

from __future__ import annotations

from django.db import connections, models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from articles.models import Article, published_q
from organizations.models import Document, Exemplar, Organization
from portal.gallery import Album, Video
from portal.models import Page

from . import backends, ranking
from .query import SearchQuery

DOC_KEY_TERMS = ranking.DOC_KEY_TERMS


def _one_of(*targets: str) -> models.Q:
    """Exactly one target is set, and it is the one ``kind`` names."""
    condition = models.Q()
    for kind in targets:
        condition |= models.Q(kind=kind, **{f"{t}__isnull": t != kind for t in targets})
    return condition


class SearchEntryQuerySet(models.QuerySet):
    def visible(self) -> SearchEntryQuerySet:
        """Entries the public may see: reference records, articles that are published now,
        and published pages, albums and videos (each through its model's own ``published()``)."""
        # Spelled with the one-to-ones, not with ``kind``: PostgreSQL then plans the page as
        # "candidates first, then their records" (with ``kind`` it joined every entry).
        public = models.Q(article__isnull=True, page__isnull=True, album__isnull=True, video__isnull=True)
        public |= published_q(prefix="article__")
        public |= models.Q(page__in=Page.objects.published())
        public |= models.Q(album__in=Album.objects.published())
        public |= models.Q(video__in=Video.objects.published())
        return self.filter(public)

    def search(self, query: SearchQuery, *, fuzzy: bool = False) -> SearchEntryQuerySet:
        """Entries matching ``query``, best first.

        ``fuzzy`` asks the engine for its looser mode (trigrams on PostgreSQL, word
        beginnings on SQLite), meant for when the plain search found nothing.
        """
        return self.matching(query, mode="fuzzy" if fuzzy else "strict").ranked(query)

    def matching(self, query: SearchQuery, *, mode: str = "strict") -> SearchEntryQuerySet:
        """Entries matching ``query`` in one of the engine's modes, unordered, with ``fts_rank``.

        - ``strict``: short queries (2–3 terms) need the words next to each other and in
          order somewhere, or all of them in the title; longer ones need every word.
        - ``all``: every word, anywhere (the next step when ``strict`` finds nothing).
        - ``fuzzy``: the engine's looser mode (trigrams on PostgreSQL, word beginnings on
          SQLite).
        - ``any``: any of the words, the more the better (long questions, last resort).
        """
        backend = backends.get_backend(connections[self.db])
        condition, rank = backend.match(query, mode)
        named = query.symbols or query.doc_keys
        if named and mode in ("strict", "all") and not backend.matches_symbols:
            # A symbol or "nq 25" finds its document even where the terms would not.
            condition |= models.Q(symbol__in=query.symbols) | models.Q(doc_key__in=query.doc_keys)
        return self.filter(condition).alias(fts_rank=rank)

    def ranked(self, query: SearchQuery, *, by_date: bool = False) -> SearchEntryQuerySet:
        """Best first; see "Ranking" in search/README.md for the order and why.

        1. the document the query names (symbol "25-NQ/TW", or kind and number in a query
           of at most DOC_KEY_TERMS words: "nq 25");
        2. a record the query names (a whole name: 2; a name holding the phrase: 1);
        3. the words adjacent and in order: the whole title 4, its start 3, in the title 2,
           in the text 1 (queries of two words or more);
        4. how many of the words the title holds;
        5. the title with the very diacritics typed;
        6. articles, pages and media before reference records the query does not name
           (a record whose title holds every word of a longer query counts as named);
        7. the engine's rank (bm25 / ts_rank) times the entry's weight;
        8. recency, then the newest entry.

        Tiers 1–6 are SQL written by ``search/ranking.py``; 7 is the rank ``matching()`` set.
        ``by_date``: newest first, relevance only between entries of the same day.
        """
        rank = self.query.annotations.get("fts_rank")
        if rank is None:
            raise ValueError("ranked() needs matching() first: it orders by the engine's rank.")
        vendor = connections[self.db].vendor
        tiers = ranking.expressions(query, vendor)
        qs = self.with_date()
        if "phrase_hit" in tiers:
            # Selected as well: the snippet then knows whether the text holds the phrase
            # (``phrase_hit`` 1 yes, 0 no; 2–4 say only that the title does).
            qs = qs.annotate(phrase_hit=tiers["phrase_hit"])
            tiers["phrase_hit"] = F("phrase_hit")
        relevance = [*(tier.desc() for tier in tiers.values()), ranking.score(rank).desc()]
        if by_date:
            return qs.order_by(F("when").desc(nulls_last=True), *relevance, "-pk")
        return qs.order_by(*relevance, F("when").desc(nulls_last=True), "-pk")

    def with_date(self) -> SearchEntryQuerySet:
        """``when``: an article's publication time (read from the article: publishing does
        not re-index), else the entry's own date (issue date, album or video date)."""
        if "when" in self.query.annotations:
            return self
        return self.alias(when=Coalesce(F("article__published_at"), F("dated")))

    def between(self, start, end) -> SearchEntryQuerySet:
        """Entries dated from ``start`` to ``end`` (dates, either may be None); undated ones drop out."""
        qs = self.with_date()
        if start:
            qs = qs.filter(when__date__gte=start)
        if end:
            qs = qs.filter(when__date__lte=end)
        return qs

    #: What a result line reads of each kind's record (beside the entry's own columns).
    RESULT_FIELDS = {
        "article": ("article__slug", "article__published_at", "article__section__name", "article__section__slug"),
        "document": ("document__slug",),
        "organization": ("organization__slug",),
        "exemplar": ("exemplar__slug",),
        "page": ("page__slug",),
        "album": ("album__slug",),
        "video": ("video__slug",),
    }

    def for_results(self, kinds=None) -> SearchEntryQuerySet:
        """What a result line shows: the record's URL and, for articles, the date and section.

        Only those columns are read: an article's body and import report, or the folded
        terms, can be large and the page needs none of them. ``kinds``: the kinds that can
        be on the page (the counts per kind say which); only their records are joined,
        which is most of what PostgreSQL spends planning the page (all seven joined: 11.6 ms
        of planning at 100,000 articles, against 1.0 ms for articles only).

        Without ``kinds``, articles (and their sections) are joined and the other kinds'
        records are read after the page, one query for each kind on it (none for a kind
        that is not).
        """
        if kinds is None:
            others = [k for k in self.RESULT_FIELDS if k != "article"]
            prefetch = [models.Prefetch(k, queryset=self._target_model(k).objects.only("slug")) for k in others]
            return self.select_related("article__section").prefetch_related(*prefetch).only(
                "kind", "title", "text", "dated", "symbol", "doc_key", *self.RESULT_FIELDS["article"], *others
            )
        kinds = [k for k in self.RESULT_FIELDS if k in kinds]
        related = ["article__section" if k == "article" else k for k in kinds]
        fields = [f for k in kinds for f in self.RESULT_FIELDS[k]]
        return self.select_related(*related).only("kind", "title", "text", "dated", "symbol", "doc_key", *fields)

    def _target_model(self, kind: str) -> type[models.Model]:
        return self.model._meta.get_field(kind).related_model


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Bài viết")
        DOCUMENT = "document", _("Văn bản")
        ORGANIZATION = "organization", _("Tổ chức, cơ quan")
        EXEMPLAR = "exemplar", _("Mô hình “Dân vận khéo”")
        PAGE = "page", _("Trang thông tin")
        ALBUM = "album", _("Album ảnh")
        VIDEO = "video", _("Video")

    #: Reference records: always public, ranked first only when the query names them.
    REFERENCE_KINDS = (Kind.DOCUMENT, Kind.ORGANIZATION, Kind.EXEMPLAR)
    TARGETS = ("article", "document", "organization", "exemplar", "page", "album", "video")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    # Exactly one of these is set; a nullable one-to-one keeps one entry per record and
    # lets the entry go with its record (CASCADE) without a delete signal.
    article = models.OneToOneField(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    document = models.OneToOneField(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    organization = models.OneToOneField(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    exemplar = models.OneToOneField(Exemplar, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    page = models.OneToOneField(Page, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    album = models.OneToOneField(Album, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")
    video = models.OneToOneField(Video, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry")

    title = models.CharField(_("tiêu đề"), max_length=600, help_text=_("Như hiển thị, để tô sáng kết quả."))
    title_exact = models.CharField(
        _("tiêu đề chữ thường"), max_length=600, help_text=_("Tiêu đề viết thường, giữ dấu: so khớp đúng dấu xếp trước.")
    )
    title_terms = models.TextField(_("từ của tiêu đề"), help_text=_("Các từ đã bỏ dấu (fold), cách nhau một dấu cách."))
    text = models.TextField(_("nội dung"), blank=True, help_text=_("Văn bản thuần, một dấu cách giữa các từ: nguồn của đoạn trích."))
    text_terms = models.TextField(_("từ của nội dung"), blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=64, blank=True, db_index=True)
    names_terms = models.TextField(
        _("tên gọi đã bỏ dấu"),
        blank=True,
        help_text=_("Mọi tên của bản ghi (tên, tên viết tắt, tên gọi khác, số ký hiệu), bỏ dấu, dạng “| tên một | tên hai |”."),
    )
    doc_key = models.CharField(
        _("loại và số văn bản"), max_length=64, blank=True, db_index=True, help_text=_("Ví dụ “nghi_quyet:25”: để “nq 25” tìm ra 25-NQ/TW.")
    )
    dated = models.DateTimeField(
        _("ngày"), null=True, blank=True, db_index=True, help_text=_("Ngày đăng bài, ngày ban hành văn bản, ngày của album, video.")
    )
    weight = models.FloatField(_("trọng số"), default=1.0)
    indexed_at = models.DateTimeField(_("lập chỉ mục lúc"), auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        # AddIndex, not db_index on the field: on SQLite altering a field rebuilds the table,
        # which drops the FTS triggers (see Caveats in README.md). (kind, id): each kind's
        # newest entries, read backwards (PostgreSQL's candidates; the vocabulary).
        indexes = [models.Index(fields=["kind", "id"], name="searchentry_kind_id_idx")]
        constraints = [
            models.CheckConstraint(
                condition=_one_of("article", "document", "organization", "exemplar", "page", "album", "video"),
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
