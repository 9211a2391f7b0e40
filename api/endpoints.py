"""The read-only API under /api/v1/: published records only, keyset pages, fixed queries.

Every article list starts from ``Article.objects.published()``; tags are those a public
article carries; albums and videos their own ``published()``. Reference records (sections,
documents, bodies, models) are public on the site as a whole, so they are here too.
"""

from __future__ import annotations

import datetime
import enum
import re
from typing import Annotated

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BeforeValidator, Field, WithJsonSchema
from taggit.models import Tag

from articles.models import Article, Section
from organizations.models import Document, DocumentRelation, Exemplar, Level, Organization
from portal.gallery import Album, Video

from . import schemas, serialize
from .pagination import CURSOR_PATTERN, DEFAULT_LIMIT, MAX_LIMIT, by_pk, newest_first


class VietnameseJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # "Dân vận", not "D\\u00e2n v\\u1eadn"


class ReadOnlyAPI(NinjaAPI):
    def create_response(self, request, data, *args, **kwargs):
        """Each answer says when what it lists last changed (the newest ``updated_at``)."""
        response = super().create_response(request, data, *args, **kwargs)
        changed = getattr(request, "api_last_modified", None)
        if changed and response.status_code == 200:
            response["Last-Modified"] = http_date(changed.timestamp())
        return response


api = ReadOnlyAPI(
    title="API Dân Vận CMS",
    version="1",
    description=str(
        _(
            "Dữ liệu công khai của cổng thông tin: bài viết đã xuất bản, chuyên mục, từ khóa, văn bản, "
            "tổ chức, mô hình “Dân vận khéo”, album ảnh và video. Chỉ đọc; phân trang bằng con trỏ "
            "(next_cursor); hỗ trợ ETag, Last-Modified và CORS."
        )
    ),
    urls_namespace="api",
    renderer=VietnameseJSON(),
    docs_url=None,
    openapi_url="/openapi.json",
)


def _choices(name: str, choices) -> type[enum.Enum]:
    """The model's choices under a name of their own: two enums both called "Kind" would be
    one component of the OpenAPI schema."""
    return enum.Enum(name, {member.name: member.value for member in choices}, type=str)


DocumentKind = _choices("DocumentKind", Document.Kind)
ModelKind = _choices("ModelKind", Exemplar.Kind)
ModelField = _choices("ModelField", Exemplar.Field)
LevelChoice = _choices("Level", Level)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


DATE_MAX_LENGTH = 40  # "2025-03-10T09:00:00.123456+07:00" and room to spare


def _iso(pattern: re.Pattern, what: str):
    def check(value):
        # pydantic would also take a number of seconds ("0.5"): only ISO 8601 text is a date here.
        if isinstance(value, str) and (len(value) > DATE_MAX_LENGTH or not pattern.match(value)):
            raise ValueError(what)
        return value

    return BeforeValidator(check)


BOUNDED = WithJsonSchema  # the schema says the length limit the validator keeps
IsoDate = Annotated[
    datetime.date, _iso(ISO_DATE, "YYYY-MM-DD"), BOUNDED({"type": "string", "format": "date", "maxLength": DATE_MAX_LENGTH})
]
IsoDateTime = Annotated[
    datetime.datetime, _iso(ISO_DATETIME, "ISO 8601"), BOUNDED({"type": "string", "format": "date-time", "maxLength": DATE_MAX_LENGTH})
]

PathSlug = Annotated[str, Path(pattern=r"^[-A-Za-z0-9_]+$", max_length=255, description="Đường dẫn (slug).")]
SLUG = {"pattern": r"^[-A-Za-z0-9_]+$", "max_length": 255}


def slug_filter(description: str):
    return Field(None, description=description, **SLUG)


class PageQuery(Schema):
    cursor: str | None = Field(
        None, description="Giá trị next_cursor của trang trước; bỏ trống để lấy trang đầu.", pattern=CURSOR_PATTERN, max_length=200
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số mục mỗi trang (1–100).")


class ArticleFilters(PageQuery):
    section: str | None = slug_filter("Đường dẫn (slug) chuyên mục.")
    document: str | None = slug_filter("Đường dẫn (slug) văn bản được bài nhắc tới.")
    body: str | None = slug_filter("Đường dẫn (slug) tổ chức, cơ quan.")
    model: str | None = slug_filter("Đường dẫn (slug) mô hình “Dân vận khéo”.")
    tag: str | None = Field(None, description="Đường dẫn (slug) từ khóa.", max_length=100)
    date_from: IsoDate | None = Field(None, description="Xuất bản từ ngày (YYYY-MM-DD).")
    date_to: IsoDate | None = Field(None, description="Xuất bản đến hết ngày (YYYY-MM-DD).")
    updated_since: IsoDateTime | None = Field(None, description="Chỉ các bài sửa từ thời điểm này (ISO 8601).")


class ModelFilters(PageQuery):
    year: int | None = Field(None, ge=1945, le=2100, description="Năm công nhận.")
    field: ModelField | None = Field(None, description="Lĩnh vực.")
    level: LevelChoice | None = Field(None, description="Cấp công nhận.")
    kind: ModelKind | None = Field(None, description="Loại: tập thể, cá nhân, mô hình.")
    body: str | None = slug_filter("Đường dẫn (slug) đơn vị.")
    updated_since: IsoDateTime | None = Field(None, description="Chỉ các mục sửa từ thời điểm này (ISO 8601).")


class UpdatedFilters(PageQuery):
    updated_since: IsoDateTime | None = Field(None, description="Chỉ các mục sửa từ thời điểm này (ISO 8601).")


class BodyFilters(UpdatedFilters):
    parent: str | None = slug_filter("Đường dẫn (slug) của tổ chức cấp trên: chỉ các tổ chức trực thuộc.")
    level: LevelChoice | None = Field(None, description="Cấp.")


# 400: a parameter the schema refuses; 404: no such record, or a well-formed cursor that points
# at no page; 429: over the rate limit (api/middleware.py).
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


def _articles():
    return (
        Article.objects.published()
        .select_related("section")
        .defer("import_report", "import_source", "import_hash", "year_hint_source")
        .prefetch_related("tags", "documents", "organizations", "exemplars")
    )


def _last_modified(request, rows) -> None:
    stamps = [r.updated_at for r in rows if getattr(r, "updated_at", None)]
    request.api_last_modified = max(stamps) if stamps else None


def _listing(request, page, render) -> dict:
    _last_modified(request, page.rows)
    return {"items": [render(request, row) for row in page.rows], "next_cursor": page.next_cursor}


def _since(rows, filters):
    """Rows changed at or after ``updated_since``, the filter every listing takes."""
    return rows.filter(updated_at__gte=filters.updated_since) if filters.updated_since else rows


def _one(request, rows, slug: str, render, **options):
    """One record by slug (404 when it is not public), with its Last-Modified."""
    row = get_object_or_404(rows, slug=slug)
    _last_modified(request, [row])
    return render(request, row, **options)


@api.get("/articles", response={200: schemas.page_of(schemas.Article), **ERRORS}, summary="Danh sách bài viết", tags=["Bài viết"])
def articles(request, filters: Query[ArticleFilters]):
    rows = _articles().defer("body")
    for name, lookup in (
        ("section", "section__slug"),
        ("document", "documents__slug"),
        ("body", "organizations__slug"),
        ("model", "exemplars__slug"),
        ("tag", "tags__slug"),
    ):
        value = getattr(filters, name)
        if value:
            rows = rows.filter(**{lookup: value})
    if filters.date_from:
        rows = rows.filter(published_at__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(published_at__date__lte=filters.date_to)
    return _listing(request, newest_first(_since(rows, filters), filters.cursor, filters.limit), serialize.article)


@api.get("/articles/{slug}", response={200: schemas.ArticleDetail, **ERRORS}, summary="Một bài viết", tags=["Bài viết"])
def article(request, slug: PathSlug):
    return _one(request, _articles(), slug, serialize.article, detail=True)


@api.get("/sections", response={200: schemas.page_of(schemas.Section), **ERRORS}, summary="Chuyên mục", tags=["Chuyên mục, từ khóa"])
def sections(request, page: Query[PageQuery]):
    found = by_pk(Section.objects.all(), page.cursor, page.limit)
    request.api_last_modified = None
    return {
        "items": [
            {"slug": s.slug, "name": s.name, "description": s.description, "url": serialize.absolute(request, s.get_absolute_url())}
            for s in found.rows
        ],
        "next_cursor": found.next_cursor,
    }


@api.get("/tags", response={200: schemas.page_of(schemas.Tag), **ERRORS}, summary="Từ khóa có bài công khai", tags=["Chuyên mục, từ khóa"])
def tags(request, page: Query[PageQuery]):
    carried = Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    found = by_pk(Tag.objects.filter(carried), page.cursor, page.limit)
    request.api_last_modified = None
    return {"items": [serialize.tag_ref(request, t) for t in found.rows], "next_cursor": found.next_cursor}


def _documents():
    return Document.objects.for_listing()


@api.get("/documents", response={200: schemas.page_of(schemas.Document), **ERRORS}, summary="Văn bản", tags=["Văn bản"])
def documents(request, filters: Query[UpdatedFilters], kind: DocumentKind | None = None, year: int | None = Query(None, ge=1900, le=2100)):
    rows = _documents()
    if kind:
        rows = rows.filter(kind=kind.value)
    if year:
        rows = rows.filter(issue_year=year)
    return _listing(request, by_pk(_since(rows, filters), filters.cursor, filters.limit), serialize.document)


@api.get("/documents/{slug}", response={200: schemas.DocumentDetail, **ERRORS}, summary="Một văn bản và các quan hệ", tags=["Văn bản"])
def document(request, slug: PathSlug):
    related = DocumentRelation.objects.select_related("source", "target").defer("source__body", "target__body")
    rows = _documents().prefetch_related(Prefetch("outgoing_relations", queryset=related), Prefetch("incoming_relations", queryset=related))
    return _one(request, rows, slug, serialize.document, detail=True)


def _bodies():
    return Organization.objects.select_related("parent", "successor").defer("aliases", "tree_path")


@api.get("/bodies", response={200: schemas.page_of(schemas.Body), **ERRORS}, summary="Tổ chức, cơ quan (cây và kế thừa)", tags=["Tổ chức"])
def bodies(request, filters: Query[BodyFilters]):
    rows = _bodies()
    parent, level = filters.parent, filters.level
    if parent:
        rows = rows.filter(parent__slug=parent)
    if level:
        rows = rows.filter(level=level.value)
    return _listing(request, by_pk(_since(rows, filters), filters.cursor, filters.limit), serialize.body)


@api.get("/bodies/{slug}", response={200: schemas.BodyDetail, **ERRORS}, summary="Một tổ chức", tags=["Tổ chức"])
def body(request, slug: PathSlug):
    # The path from the root in the same query: the system has five levels (central to grassroots).
    rows = _bodies().select_related("parent__parent__parent__parent__parent").prefetch_related("children", "predecessors")
    return _one(request, rows, slug, serialize.body, detail=True)


def _models():
    return Exemplar.objects.select_related("organization").defer("aliases")


@api.get("/models", response={200: schemas.page_of(schemas.Model), **ERRORS}, summary="Mô hình “Dân vận khéo”", tags=["Mô hình"])
def models(request, filters: Query[ModelFilters]):
    rows = _models()
    for name in ("year", "field", "level", "kind"):
        value = getattr(filters, name)
        if value:
            rows = rows.filter(**{name: getattr(value, "value", value)})
    if filters.body:
        rows = rows.filter(organization__slug=filters.body)
    return _listing(request, by_pk(_since(rows, filters), filters.cursor, filters.limit), serialize.model)


@api.get("/models/{slug}", response={200: schemas.Model, **ERRORS}, summary="Một mô hình", tags=["Mô hình"])
def model(request, slug: PathSlug):
    return _one(request, _models(), slug, serialize.model)


def _gallery(model_class):
    public = Prefetch("articles", queryset=Article.objects.published().only("slug", "title"), to_attr="public_articles")
    rows = model_class.objects.published().prefetch_related(public)
    return rows.annotate(photo_count=Count("photos")) if model_class is Album else rows


@api.get(
    "/albums", response={200: schemas.page_of(schemas.Album), **ERRORS}, summary="Album “Hình ảnh hoạt động”", tags=["Hình ảnh, video"]
)
def albums(request, filters: Query[UpdatedFilters]):
    return _listing(request, by_pk(_since(_gallery(Album), filters), filters.cursor, filters.limit), serialize.gallery_item)


@api.get("/albums/{slug}", response={200: schemas.Album, **ERRORS}, summary="Một album", tags=["Hình ảnh, video"])
def album(request, slug: PathSlug):
    return _one(request, _gallery(Album), slug, serialize.gallery_item)


@api.get("/videos", response={200: schemas.page_of(schemas.Video), **ERRORS}, summary="“Video hoạt động”", tags=["Hình ảnh, video"])
def videos(request, filters: Query[UpdatedFilters]):
    return _listing(request, by_pk(_since(_gallery(Video), filters), filters.cursor, filters.limit), serialize.gallery_item)


@api.get("/videos/{slug}", response={200: schemas.Video, **ERRORS}, summary="Một video", tags=["Hình ảnh, video"])
def video(request, slug: PathSlug):
    return _one(request, _gallery(Video), slug, serialize.gallery_item)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    message = _("Tham số không hợp lệ: %(names)s. Xem tài liệu API để biết giá trị được nhận.") % {"names": ", ".join(names) or "?"}
    return api.create_response(request, {"detail": str(message)}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
