from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from tinymce.widgets import TinyMCE

from danvan.collation import BinaryOrder, vi_order
from search.admin_search import FoldedSearchMixin

from .models import Document, DocumentFile, DocumentRelation, Exemplar, Organization

# How deep the admin list pre-loads the tree; deeper chains cost one query per level.
TREE_DEPTH = 4


@admin.register(Organization)
class OrganizationAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["tree_name", "short_name", "kind", "level", "locality", "active_until", "successor", "published_article_count"]
    list_filter = ["level", "kind", ("active_until", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "aliases", "locality"]
    # Tree paths are Vietnamese sort keys, compared byte by byte (see danvan.collation).
    ordering = [BinaryOrder("tree_path").asc()]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["path", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "aliases", "slug", "kind", "level", "locality"]}),
        (_("Vị trí trong hệ thống"), {"fields": ["parent", "path"]}),
        (_("Đổi tên, sáp nhập"), {"fields": ["active_from", "active_until", "successor"]}),
        (None, {"fields": ["description", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("__".join(["parent"] * TREE_DEPTH), "successor")

    @admin.display(description=_("tổ chức (theo cây)"), ordering=BinaryOrder("tree_path"))
    def tree_name(self, obj: Organization):
        depth = obj.depth
        if depth == 0:
            return format_html("<strong>{}</strong>", obj.name)
        return format_html(
            '<span style="padding-left:{}em" title="{}">└ {}</span>',
            1.5 * depth,
            " › ".join(a.name for a in obj.ancestors()),
            obj.name,
        )


class OutgoingRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = _("văn bản này … văn bản khác")
    verbose_name_plural = _("quan hệ với văn bản khác")


class IncomingRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "target"
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "kind", "note"]
    verbose_name = _("văn bản khác … văn bản này")
    verbose_name_plural = _("văn bản khác nhắc tới văn bản này")


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 1
    fields = ["file", "title", "is_public", "order", "file_type", "size_display", "extraction_note"]
    readonly_fields = ["file_type", "size_display", "extraction_note"]

    @admin.display(description=_("dung lượng"))
    def size_display(self, obj: DocumentFile):
        return filesizeformat(obj.size) if obj.size else "—"


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = "__all__"
        widgets = {"body": TinyMCE()}
        # The class is built once without the admin's callback (below) too.
        formfield_callback = staticmethod(
            lambda field, **kw: field.formfield(**({"assume_scheme": "https"} | kw) if field.name == "source_url" else kw)
        )


@admin.register(Document)
class DocumentAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = [
        "symbol_display",
        "kind",
        "issued_display",
        "issuer",
        "validity_display",
        "short_subject",
        "needs_review",
        "article_count",
        "published_article_count",
    ]
    list_filter = ["kind", "needs_review", "term", "issue_year"]
    search_fields = ["symbol", "number", "subject", "popular_names", "signer"]
    autocomplete_fields = ["issuer"]
    readonly_fields = ["validity_display", "created_at", "updated_at"]
    inlines = [DocumentFileInline, OutgoingRelationInline, IncomingRelationInline]
    fieldsets = [
        (None, {"fields": ["kind", "symbol", "number", "slug", "issuer", ("issued_on", "issue_year"), "term", "signer"]}),
        (_("Hiệu lực"), {"fields": [("effective_on", "expires_on"), "validity_display"]}),
        (_("Nội dung"), {"fields": ["subject", "popular_names", "summary", "body", "source_url"]}),
        (_("Rà soát"), {"fields": ["needs_review", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        documents = super().get_queryset(request).select_related("issuer").with_validity()
        return documents.annotate(num_articles=Count("articles", distinct=True))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A typed "tulieuvankien.dangcongsan.vn/…" means https, as it will in Django 6.
        if db_field.name == "source_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # What reading a file's text ran into (a scan without text, an unreadable stream).
        saved = [*getattr(formset, "new_objects", []), *(obj for obj, _fields in getattr(formset, "changed_objects", []))]
        for file in saved:
            if isinstance(file, DocumentFile) and file.extraction_note:
                messages.warning(request, f"“{file.display_name}”: {file.extraction_note}")

    @admin.display(description=_("số, ký hiệu"), ordering=vi_order("symbol"))
    def symbol_display(self, obj: Document):
        return obj.symbol

    @admin.display(description=_("hiệu lực"))
    def validity_display(self, obj: Document):
        if obj.pk is None:
            return "—"
        return obj.validity.label

    @admin.display(description=_("ban hành"), ordering="issued_on")
    def issued_display(self, obj: Document):
        if obj.issued_on:
            return obj.issued_on.strftime("%d/%m/%Y")
        return obj.issue_year or "—"

    @admin.display(description=_("trích yếu"))
    def short_subject(self, obj: Document):
        return obj.subject if len(obj.subject) <= 90 else obj.subject[:88] + "…"

    # Every article, drafts and scheduled ones too (editors ask "what cites it?");
    # published_article_count beside it is the kept number the public sees.
    @admin.display(description=_("số bài"), ordering="num_articles")
    def article_count(self, obj: Document):
        return obj.num_articles


@admin.register(Exemplar)
class ExemplarAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "organization", "field", "level", "year", "published_article_count"]
    list_filter = ["kind", "field", "level", "year"]
    search_fields = ["name", "aliases", "description", "organization__name"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")
