from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Article, Photo, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_menu", "article_count"]
    list_editable = ["position", "in_menu"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("articles"))

    @admin.display(description=_("số bài"), ordering="num_articles")
    def article_count(self, obj: Section):
        return obj.num_articles


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 0
    fields = [("image", "order", "after_paragraph"), "caption", ("credit", "alt_text")]


STATUS_COLOURS = {
    Article.Status.DRAFT: "#6b7280",
    Article.Status.REVIEW: "#b45309",
    Article.Status.PUBLISHED: "#15803d",
    Article.Status.ARCHIVED: "#374151",
}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status_badge", "section", "published_display", "byline", "view_count", "featured", "updated_by"]
    list_filter = ["status", "section", "featured", ("import_source", admin.EmptyFieldListFilter)]
    list_select_related = ["section", "updated_by"]
    search_fields = ["title", "lead", "byline", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "documents", "organizations", "exemplars"]
    readonly_fields = [
        "view_count",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "import_source",
        "import_hash",
        "imported_at",
        "import_report",
    ]
    inlines = [PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (_("Xuất bản"), {"fields": ["status", "published_at", "section", "tags", "featured"]}),
        (_("Tác giả, nguồn"), {"fields": ["byline", "source", "source_url"]}),
        (_("Bài viết nói về"), {"fields": ["documents", "organizations", "exemplars"]}),
        (_("Lịch sử"), {"fields": ["view_count", "created_by", "created_at", "updated_by", "updated_at"]}),
        (
            _("Nguồn nhập"),
            {"classes": ["collapse"], "fields": ["import_source", "import_hash", "imported_at", "import_report"]},
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "source_url":
            kwargs["assume_scheme"] = "https"  # a typed "baodanvan.vn/..." means https, as in Django 6
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if not change or obj.created_by_id is None:
            obj.created_by = obj.created_by or request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_badge(self, obj: Article):
        label = obj.get_status_display()
        colour = STATUS_COLOURS[obj.status]
        if obj.status == Article.Status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            label, colour = _("Hẹn giờ"), "#1d4ed8"
        return format_html('<span style="color:#fff;background:{};padding:1px 6px;border-radius:3px">{}</span>', colour, label)

    @admin.display(description=_("xuất bản"), ordering="published_at")
    def published_display(self, obj: Article):
        if obj.published_at is None:
            return "—"
        return timezone.localtime(obj.published_at).strftime("%H:%M %d/%m/%Y")
