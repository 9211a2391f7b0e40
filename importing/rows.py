"""Writing one article's rows: the article itself (fields, slug, import report), the links
the importer made, the documents it had to create for review, and the kicker tags.
Called by ``load.Importer`` inside the file's savepoint."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.section_rules import CompiledRule, article_text, suggest
from danvan.text import normalize_line, slugify_vi, unique_slug
from organizations.models import Document

from .batches import NewRows
from .extract import DocumentLink, Extraction
from .parse import ParsedArticle
from .photofiles import is_usable, mirror_photos, sync_photos
from .reading import body_html
from .results import REPORT_VERSION, linked_ids, rule_report

if TYPE_CHECKING:
    from .load import ImportOptions
    from .reading import Prepared

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Where a new article waits when the workflow refuses the status asked for (an editor's queue).
HELD_BACK = Article.Status.REVIEW


@dataclass(frozen=True)
class PlannedPhoto:
    """A photo as the workflow's publishing rules see it before it is saved (``publish_problems``)."""

    image: str  # the file it will have, or ""
    alt_text: str


def checked_status(article: Article, status: str, photos: list[PlannedPhoto]) -> tuple[str, str]:
    """The status a new article is created in, through the workflow's rules as every status
    change is: ``status`` when a new draft may go there, else ``HELD_BACK`` and the reason,
    in the workflow's words ("Không xuất bản «…»: ảnh số 1 chưa có mô tả thay thế.")."""
    if status == article.status:
        return status, ""
    reason = workflow.refusal(article, status, actor=None, published_at=article.published_at, photos=photos)
    if reason is None:
        return status, ""
    label = Article.Status(HELD_BACK).label
    return HELD_BACK, f"{workflow.refusal_message(article, status, reason)} Bài được lưu ở trạng thái «{label}» để biên tập viên bổ sung."


def create_documents(links: list[DocumentLink]) -> tuple[dict[tuple[str, int | None], Document], list[str]]:
    """Documents cited by a full symbol the run did not know, flagged for an editor's review.

    One added since the run read its known names (by an editor, or another import) is reused.
    Returns the documents by (symbol, issue year), and the symbols of those really created.
    """
    created: dict[tuple[str, int | None], Document] = {}
    new_symbols: list[str] = []
    for link in links:
        identity = (link.symbol, link.issue_year)
        if identity in created:
            continue
        document = Document.objects.filter(symbol=link.symbol, issue_year=link.issue_year).first()
        if document is None:
            document = Document(
                kind=link.kind if link.kind in Document.Kind.values else Document.Kind.OTHER,
                symbol=link.symbol,
                number=link.number,
                issued_on=link.issued_on,
                issue_year=link.issue_year,
                term=link.term,
                needs_review=True,
            )
            # The symbol and year were just looked up; the database enforces their
            # uniqueness (a clash rolls the file back and is reported), so full_clean does
            # not ask again for every constraint.
            document.full_clean(validate_unique=False, validate_constraints=False)
            document.save()
            new_symbols.append(document.symbol)
        created[identity] = document
    return created, sorted(set(new_symbols))


def slug_tries(title: str) -> list[str]:
    """The slugs a new article with this title tries first: its own, then -2 … -10."""
    base = slugify_vi(title) or "bai-viet"
    return [base, *(f"{base[: 255 - len(str(n)) - 1].rstrip('-')}-{n}" for n in range(2, 11))]


def slug_for(title: str, current: Article | None, taken_check: Callable[[str], bool] | None = None) -> str:
    """``taken_check``: what the batch already knows of the tries' slugs (saves a query)."""
    if current is not None and current.slug:
        return current.slug
    tries = slug_tries(title)
    base = tries[0]
    if taken_check is not None:
        taken = {t for t in tries if taken_check(t)}
    else:
        # One indexed query for the usual case; the rare title used ten times falls back to a scan.
        taken = set(Article.objects.filter(slug__in=tries).values_list("slug", flat=True))
    if len(taken) == len(tries):
        taken |= set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(title, taken.__contains__)


def site_of(url: str) -> str:
    """The site's name from a page URL ("baoquangninh.vn"), for pages that name no source."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def would_hold_back(parsed: ParsedArticle, item: Prepared, options: ImportOptions) -> str:
    """For ``--dry-run``: why the workflow would keep the new article for review ("" if it would not).
    Nothing is saved, so the mirror's photo files are checked here as the save would check them."""
    status = item.status or options.status
    published_at = timezone.make_aware(parsed.published_at, LOCAL_TZ) if parsed.published_at else None
    article = Article(status=Article.Status.DRAFT, title=parsed.title, published_at=published_at)
    if item.photos is not None:
        planned = item.photos
    else:
        ready = item.photo_files  # (processed ahead: a file that failed has no image any more)
        planned = [
            PlannedPhoto(c.image if c.image and (c.image in ready if ready is not None else is_usable(c.image)) else "", c.alt)
            for c in parsed.captions
        ]
    return checked_status(article, status, planned)[1]


def save_article(
    existing: Article | None,
    parsed: ParsedArticle,
    extraction: Extraction,
    created_docs: dict[tuple[str, int | None], Document],
    *,
    key: str,
    digest: str,
    options: ImportOptions,
    encoding: str,
    warnings: list[str],
    new_symbols: list[str],
    body: str | None = None,
    slug_taken: Callable[[str], bool] | None = None,
    new_rows: NewRows | None = None,
    item: Prepared | None = None,
    rules: list[CompiledRule] = (),
) -> Article:
    status = item.status if item is not None and item.status else options.status
    section = item.section if item is not None and item.section else options.section
    chosen = None  # the rules' choice, when neither --section nor the mapping gave one
    if section is None and rules and (existing is None or existing.section_id is None):
        text = article_text(parsed.title, parsed.lead, body or "\n".join(parsed.paragraphs), parsed.banners)
        best = suggest(rules, text, {"documents": [link.document_id for link in extraction.documents], **linked_ids(extraction)})
        if best:
            chosen = best[0]
            section = chosen.section
    section = section or options.default_section
    # A new article starts as every article does, a draft; the status asked for is checked below.
    article = Article.objects.get(pk=existing.pk) if existing else Article(status=Article.Status.DRAFT, section=section)
    if existing and item is not None and item.status and status != Article.Status.PUBLISHED and article.status == Article.Status.PUBLISHED:
        # The source no longer shows it (a post trashed or made private since): neither may we.
        if workflow.refusal(article, status, actor=None) is None:
            article.status = status
    if item is None or item.photo_files is None:  # (else checked where the page was read)
        parsed, warnings = mirror_photos(parsed, warnings)
    previous_links: dict[str, list[int]] = (existing.import_report or {}).get("linked", {}) if existing else {}
    document_ids: list[int] = []
    documents_report = []
    for link in extraction.documents:
        ident = link.document_id if link.document_id is not None else created_docs[(link.symbol, link.issue_year)].pk
        if ident not in document_ids:
            document_ids.append(ident)
        entry = {"id": ident, "symbol": link.symbol, "text": link.text, "how": link.how}
        if link.uncertain:
            entry["uncertain"] = link.uncertain
        documents_report.append(entry)
    linked = {
        "documents": document_ids,
        "organizations": [o.id for o in extraction.organizations],
        "exemplars": [e.id for e in extraction.exemplars],
    }
    article.title = parsed.title
    article.slug = slug_for(parsed.title, existing, slug_taken)
    article.lead = parsed.lead
    article.body = body if body is not None else (parsed.body_html or body_html(parsed.paragraphs))
    article.byline = parsed.byline_display[:255]
    article.source = (parsed.source or site_of(parsed.source_url))[:255]
    article.source_url = parsed.source_url
    article.publisher = options.publisher or article.publisher
    article.view_count = parsed.view_count or 0
    article.published_at = timezone.make_aware(parsed.published_at, LOCAL_TZ) if parsed.published_at else None
    if article.published_at is None and parsed.year_hint and (existing is None or article.year_hint is None):
        # (a year an editor confirmed or corrected is theirs)
        article.year_hint, article.year_hint_source = parsed.year_hint, parsed.year_hint_source
    if article.section_id is None and section is not None:
        article.section = section
    held_back = ""
    if existing is None:
        planned = item.photos if item is not None and item.photos is not None else [PlannedPhoto(c.image, c.alt) for c in parsed.captions]
        article.status, held_back = checked_status(article, status, planned)
    article.import_source = key
    article.import_hash = digest
    article.imported_at = timezone.now()
    article.import_report = {
        "version": REPORT_VERSION,
        "encoding": encoding,
        "documents": documents_report,
        "documents_created": new_symbols,
        "organizations": [{"id": o.id, "text": o.text} for o in extraction.organizations],
        "exemplars": [{"id": e.id, "text": e.text} for e in extraction.exemplars],
        "unresolved": [{"text": u.text, "reason": u.reason} for u in extraction.unresolved],
        "warnings": warnings,
        "banners": parsed.banners,
        "related": parsed.related,
        "linked": linked,
        **({"section_rule": rule_report(chosen)} if chosen is not None else {}),
        **({"held_back": {"status": status, "reason": held_back}} if held_back else {}),
        **((item.report_extra or {}) if item is not None else {}),
    }
    # Uniqueness (slug, import_source) is the database's to enforce inside this transaction:
    # a clash raises IntegrityError, which rolls the file back and reports it.
    article.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    if new_rows is not None and existing is None:
        article.prepare_to_write()  # and the batch inserts it
        new_rows.add_article(article)
    else:
        article.save()
    sync_photos(article, parsed, is_new=existing is None, new_rows=new_rows, ready=item.photo_files if item is not None else None)
    sync_links(article, linked, previous_links, is_new=existing is None, new_rows=new_rows)
    return article


def sync_links(
    article: Article, linked: dict[str, list[int]], previous: dict[str, list[int]], *, is_new: bool, new_rows: NewRows | None = None
) -> None:
    """Links the importer made: added once, dropped when the text no longer names them."""
    for name in ("documents", "organizations", "exemplars"):
        if is_new:
            # A new article has no links yet: one INSERT, no read-back.
            if not linked[name]:
                continue
            field = Article._meta.get_field(name)
            through = field.remote_field.through
            column = field.m2m_reverse_field_name() + "_id"
            rows = [through(article=article, **{column: ident}) for ident in linked[name]]
            if new_rows is not None:
                new_rows.add(through, rows)
            else:
                through.objects.bulk_create(rows)
            continue
        manager = getattr(article, name)
        stale = set(previous.get(name, [])) - set(linked[name])
        if stale:
            manager.remove(*stale)
        if linked[name]:
            manager.add(*linked[name])


def is_kicker(line: str) -> bool:
    """A banner set in capitals above the title ("TÁC PHẨM THAM DỰ GIẢI BÁO CHÍ …"): the old
    site's kicker, kept as a tag; mixed-case banners are slogans and stay in the report only."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and line == line.upper() and len(line) <= 100


_ROMAN = re.compile(r"^[IVXLC]+(?=\W|$)")


def kicker_tag(line: str) -> str:
    """The kicker as a tag name, in sentence case; Roman numerals stay in capitals ("lần thứ VI-2021")."""
    words = normalize_line(line).split(" ")
    out = [w if _ROMAN.match(w) and i else w.lower() for i, w in enumerate(words)]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def kicker_hook(banners: list[str]) -> Callable[[Article, bool], None] | None:
    names = sorted({kicker_tag(b) for b in banners if is_kicker(b)})
    if not names:
        return None
    return lambda article, is_new: article.tags.add(*names)


def chain_hooks(*hooks: Callable[[Article, bool], None] | None) -> Callable[[Article, bool], None] | None:
    """The hooks run one after the other (the format's own first: it may set the tags anew)."""
    present = [h for h in hooks if h is not None]
    if len(present) <= 1:
        return present[0] if present else None

    def run(article: Article, is_new: bool) -> None:
        for hook in present:
            hook(article, is_new)

    return run
