"""Files that hold many articles — WordPress exports, RSS and Atom feeds — written item by item.

Each file is atomic: it is read through to its end first (broken XML fails the file with
nothing written), then written in one transaction, each item in its own savepoint through
``Importer._import_prepared`` (so lookup by provenance, unchanged / updated / created,
documents and links behave as for text files). An item is found again by its link (the
post's permalink), else its guid.

WordPress statuses: ``publish`` → published at its date; ``future`` → published at its
future date, i.e. scheduled (a date already past → review: nothing unpublished goes public
by itself); ``draft`` → draft; ``pending`` → review; ``private`` and password-protected →
draft; ``trash`` → archived. On re-import a post no longer public there stops being public
here. Pages go to ``portal.Page`` (published only when published and without password).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Section
from danvan.cache import bump_generation
from danvan.text import normalize_line, unique_slug

from .extract import extract
from .feed import read_feed
from .files import SourceFile
from .load import Importer
from .mapping import SectionMapping
from .oldaddresses import write_term_addresses
from .parse import Caption, ParsedArticle
from .photofiles import is_usable
from .reading import Prepared, search_fields_for, with_year_hint
from .results import FileResult, RunResult, error_message
from .richtext import convert
from .rows import LOCAL_TZ, PlannedPhoto
from .uploads import Uploads
from .wxr import Entry, read_export
from .xmlstream import XMLError

__all__ = ["EntryRun", "import_entry_file"]

_SKIPPED = {
    "nav_menu_item": "mục menu của trang cũ, không phải bài viết",
    "revision": "bản sửa cũ của một bài (chỉ nhập bản cuối)",
    "custom_css": "CSS của giao diện cũ",
    "customize_changeset": "thiết lập giao diện cũ",
    "wp_block": "khối nội dung dùng lại của trình soạn thảo",
    "wp_template": "mẫu giao diện cũ",
    "wp_navigation": "menu của trang cũ",
}


@dataclass
class EntryRun:
    results: list[FileResult] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)  # category label → items that had it
    # The old site's category and tag addresses made redirects (see oldaddresses.py): created, updated …
    old_addresses: Counter = field(default_factory=Counter)


def article_status(entry: Entry, now: dt.datetime) -> tuple[str, str]:
    """(Article status, warning or "") for a WordPress status. Feeds' items come as "publish"."""
    if entry.password:
        return Article.Status.DRAFT, "bài có mật khẩu ở trang cũ: để bản nháp, không công khai"
    if entry.status == "publish":
        return Article.Status.PUBLISHED, ""
    if entry.status == "future":
        if entry.published is not None and _aware(entry.published) > now:
            return Article.Status.PUBLISHED, ""  # a future published_at: scheduled
        return Article.Status.REVIEW, "bài hẹn giờ mà giờ hẹn đã qua: để chờ duyệt"
    if entry.status == "pending":
        return Article.Status.REVIEW, ""
    if entry.status == "trash":
        return Article.Status.ARCHIVED, "bài đã bỏ vào thùng rác ở trang cũ: để lưu trữ, không công khai"
    if entry.status == "private":
        return Article.Status.DRAFT, "bài riêng tư ở trang cũ: để bản nháp, không công khai"
    if entry.status == "draft":
        return Article.Status.DRAFT, ""
    return Article.Status.DRAFT, f"trạng thái lạ “{entry.status}”: để bản nháp"


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else timezone.make_aware(value, LOCAL_TZ)


def _web_address(link: str) -> str:
    """The link as an old address to keep (source_url), if it is one: feeds may carry a tag: URI."""
    return link if link.startswith(("http://", "https://")) else ""


def _key(entry: Entry, source: SourceFile) -> str:
    """The guid, which stays when the permalink does not (a post trashed, a draft published)."""
    return entry.guid or entry.link or f"{source.key}#{entry.wp_id}"


def _digest(entry: Entry, section: str | None, status: str) -> str:
    fields = {k: v for k, v in vars(entry).items() if k != "thumbnail"}
    fields.update(published=str(entry.published), thumbnail=entry.thumbnail and entry.thumbnail.url, section=section, status=status)
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class _Tags:
    """Tags by name for the run: a new article's tags are one INSERT, not taggit's few queries
    and saves per tag (each of which would also bump the page cache)."""

    def __init__(self) -> None:
        self.by_name: dict[str, Tag] = {}
        self.content_type = ContentType.objects.get_for_model(Article)

    def tag(self, article: Article, names: list[str]) -> None:
        missing = [n for n in names if n not in self.by_name]
        if missing:
            self.by_name.update((t.name, t) for t in Tag.objects.filter(name__in=missing))
        for name in missing:
            if name not in self.by_name:
                self.by_name[name] = Tag.objects.create(name=name)  # (a savepoint's rollback may drop it:
                # the cache is then wrong only for this run's later files, which fail and are reported)
        TaggedItem.objects.bulk_create(
            [TaggedItem(content_type=self.content_type, object_id=article.pk, tag=self.by_name[n]) for n in names]
        )


@dataclass
class _Context:
    source: SourceFile
    importer: Importer
    mapping: SectionMapping
    sections: dict[str, Section]
    uploads: Uploads
    run: EntryRun
    now: dt.datetime
    tags: _Tags


def _prepare_entry(entry: Entry, position: int, context: _Context) -> Prepared:
    source = context.source
    result = FileResult(path=f"{source.path}#{entry.wp_id or position}", key=_key(entry, source), outcome="failed", title=entry.title)
    if not entry.title:
        result.reason = "mục không có tiêu đề"
        return Prepared(source, result)
    converted = convert(entry.content)
    lead = normalize_line(convert(entry.excerpt).paragraphs[0]) if entry.excerpt.strip() else ""
    if not converted.paragraphs and not lead:
        result.reason = "bài không có nội dung: chỉ có tiêu đề"
        return Prepared(source, result)
    slug, unmapped = context.mapping.section_for(entry.categories, entry.link)
    context.run.unmapped.update(unmapped)
    status, status_warning = article_status(entry, context.now)
    if entry.status == "publish" and not entry.password and context.importer.options.status != Article.Status.PUBLISHED:
        status = context.importer.options.status  # feeds and exports imported --status draft
    local = timezone.localtime(_aware(entry.published), LOCAL_TZ) if entry.published else None
    images, files, warnings = [], [], [*converted.warnings, *([status_warning] if status_warning else [])]
    if entry.thumbnail is not None:
        images.append((entry.thumbnail.caption, entry.thumbnail.alt, entry.thumbnail.file or entry.thumbnail.url, 0))
    images += [(i.caption, i.alt, i.src, i.after_paragraph) for i in converted.images]
    captions, seen = [], set()
    for caption, alt, where, after in images:
        path, problem = context.uploads.find(where)
        if path is not None and path in seen:
            continue
        seen.add(path)
        if problem:
            warnings.append(problem)
        captions.append(Caption(caption, "", after))
        files.append((path, alt))
    if unmapped:
        warnings.append("chuyên mục cũ chưa có trong tệp ánh xạ: " + ", ".join(unmapped))
    parsed = ParsedArticle(
        title=entry.title,
        paragraphs=converted.paragraphs,
        lead=lead,
        captions=captions,
        published_on=local.date() if local else None,
        published_time=local.time().replace(second=0, microsecond=0) if local else None,
        byline=", ".join(entry.authors),
        source_url=_web_address(entry.link),
    )
    parsed = with_year_hint(parsed)
    result.warnings = [*warnings, *parsed.warnings]
    year = local.year if local else None
    return Prepared(
        source,
        result,
        parsed=parsed,
        extraction=extract(parsed.article_text(), context.importer.gazetteer, year=year),
        encoding="utf-8",
        digest=_digest(entry, slug, status),
        key=result.key,
        body=converted.body,
        search_fields=search_fields_for(parsed, converted.body),
        status=status,
        section=context.sections.get(slug) if slug else None,
        report_extra={
            "old": {
                "guid": entry.guid,
                "id": entry.wp_id,
                "status": entry.status,
                "categories": [c[1] for c in entry.categories],
            }
        },
        after_save=_after_save(entry.tags, files, result, context.tags),
        photos=[PlannedPhoto(str(path) if path and is_usable(str(path)) else "", alt) for path, alt in files],
    )


def _after_save(
    tags: list[str], files: list[tuple[Path | None, str]], result: FileResult, known_tags: _Tags
) -> Callable[[Article, bool], None]:
    def after_save(article: Article, is_new: bool) -> None:
        names = sorted(set(tags))
        if is_new and names:
            known_tags.tag(article, names)
        elif not is_new:
            article.tags.set(names)
        if not any(path for path, _alt in files):
            return
        photos = list(article.photos.order_by("order", "pk"))
        for photo, (path, alt) in zip(photos, files, strict=False):
            if path is None or photo.image:
                continue
            with open(path, "rb") as handle:
                photo.image = File(handle, name=path.name)
                photo.alt_text = alt[:255]
                try:
                    photo.full_clean()
                    photo.save()
                except ValidationError as error:
                    photo.image = None
                    result.warnings.append(f"ảnh {path.name} không nhận được ({error_message(error)}): giữ chú thích")

    return after_save


def _import_page(entry: Entry, context: _Context) -> FileResult:
    from portal.models import Page

    key = _key(entry, context.source)
    result = FileResult(path=f"{context.source.path}#{entry.wp_id}", key=key, outcome="failed", title=entry.title)
    if not entry.title:
        result.reason = "trang không có tiêu đề"
        return result
    converted = convert(entry.content)
    status = Page.Status.PUBLISHED if entry.status == "publish" and not entry.password else Page.Status.DRAFT
    if converted.images:
        result.warnings.append(f"{len(converted.images)} ảnh trong trang không được nhập: hãy tải lên lại")
    page = Page.objects.filter(import_source=key).first()
    if page is not None and status == Page.Status.PUBLISHED:
        status = page.status  # an editor's draft of it stays a draft
    if page is not None and (page.title, page.body, page.status, page.source_url) == (
        entry.title,
        str(converted.body),
        status,
        _web_address(entry.link),
    ):
        result.outcome, result.article_id = "unchanged", page.pk
        return result
    if context.importer.options.dry_run:
        result.outcome = "updated" if page else "created"
        return result
    if page is None:
        taken = Page.objects.filter
        page = Page(import_source=key, slug=unique_slug(entry.slug or entry.title, lambda s: taken(slug=s).exists(), max_length=140))
    page.title, page.body, page.status = entry.title, converted.body, status
    page.source_url = _web_address(entry.link)
    try:
        with transaction.atomic():
            page.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
            created = page.pk is None
            page.save()
    except (ValidationError, DatabaseError) as error:
        result.reason = "không lưu được trang: " + " ".join(error_message(error).split())
        return result
    result.outcome, result.article_id = ("created" if created else "updated"), page.pk
    return result


def _skip_reason(entry: Entry) -> str:
    if entry.status in ("auto-draft", "inherit"):
        return f"bản nháp tự động của WordPress (trạng thái {entry.status})"
    return _SKIPPED.get(entry.post_type, f"loại nội dung “{entry.post_type}” không được hỗ trợ: chỉ nhập bài (post) và trang (page)")


def import_entry_file(
    source: SourceFile,
    fmt: str,
    importer: Importer,
    *,
    mapping: SectionMapping,
    sections: dict[str, Section],
    on_result: Callable[[FileResult], None] | None = None,
) -> EntryRun:
    """Import one WordPress export (``fmt`` "wxr") or feed ("feed"); never raises for bad input."""
    run = EntryRun()
    try:
        if fmt == "wxr":
            export = read_export(source.path)  # the first pass: broken XML fails here
            entries = export.entries
        else:
            for _entry in read_feed(source.path):
                pass
            entries = lambda: read_feed(source.path)  # noqa: E731
    except XMLError as error:
        run.results.append(FileResult(path=str(source.path), key=source.key, outcome="failed", reason=str(error)))
        return run
    context = _Context(source, importer, mapping, sections, Uploads.beside(source.path), run, timezone.now(), _Tags())
    posts, batch = RunResult(), []
    try:
        # The file's transaction; inside it each batch of posts is written as load.py writes a
        # batch of text files (new articles inserted together, a savepoint per post).
        with nullcontext() if importer.options.dry_run else transaction.atomic():
            for position, entry in enumerate(entries()):
                if entry.post_type == "attachment":
                    continue
                if entry.post_type == "page":
                    run.results.append(_import_page(entry, context))
                elif entry.post_type != "post" or entry.status in ("auto-draft", "inherit"):
                    skipped = FileResult(path=f"{source.path}#{entry.wp_id}", key=_key(entry, source), outcome="skipped", title=entry.title)
                    skipped.reason = _skip_reason(entry)
                    run.results.append(skipped)
                else:
                    batch.append(_prepare_entry(entry, position, context))
                    if len(batch) >= importer.BATCH_SIZE:
                        importer._write_batch(batch, posts, None)
                        batch = []
            importer._write_batch(batch, posts, None)
            if fmt == "wxr":  # (after the posts: their tags are the tag pages')
                run.old_addresses = write_term_addresses(export, mapping, sections, dry_run=importer.options.dry_run)
    except (XMLError, DatabaseError) as error:  # the file changed between the passes, or its transaction failed
        reason = str(error) if isinstance(error, XMLError) else "không lưu được: " + " ".join(error_message(error).split())
        run.results = [FileResult(path=str(source.path), key=source.key, outcome="failed", reason=reason)]
        run.unmapped.clear()
        run.old_addresses.clear()
        return _reported(run, on_result)
    run.results = [*posts.files, *run.results]
    if not importer.options.dry_run and any(r.outcome in ("created", "updated") for r in run.results):
        bump_generation()  # tags written in bulk sent no signal
    return _reported(run, on_result)


def _reported(run: EntryRun, on_result: Callable[[FileResult], None] | None) -> EntryRun:
    for result in run.results:
        if on_result is not None:
            on_result(result)
    return run
