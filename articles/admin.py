import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from editing.admin import EditingMixin
from newsroom.models import RevisionTags
from newsroom.names import full_name
from search.admin_search import FoldedSearchMixin

from . import photos, rules_admin, workflow
from .article_forms import ArticleAdminForm, PhotoInline
from .desk_admin import DeskAdminMixin
from .models import Article, AuditEvent, Photo, Section, SlugRedirect


@admin.register(Section)
class SectionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_menu", "article_count"]
    list_editable = ["position", "in_menu"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("articles"))

    @admin.display(description=_("số bài"), ordering="num_articles")
    def article_count(self, obj: Section):
        return obj.num_articles


STATUS_COLOURS = {
    Article.Status.DRAFT: "#6b7280",
    Article.Status.REVIEW: "#b45309",
    Article.Status.PUBLISHED: "#15803d",
    Article.Status.ARCHIVED: "#374151",
}


@admin.register(Article)
class ArticleAdmin(EditingMixin, DeskAdminMixin, FoldedSearchMixin, VersionAdmin):
    form = ArticleAdminForm
    object_history_template = "admin/articles/article/object_history.html"
    change_list_template = "admin/articles/article/change_list.html"  # reversion's, with its link in Vietnamese
    actions = ["submit_for_review", "publish_now", "unpublish", "archive"]
    # Read at 1366 px: the title takes the room (the navigation sidebar is left off this
    # page, see its template), the rest are short one-line columns.
    list_display = ["thumbnail", "title_column", "status_badge", "section", "author", "published_display", "view_count"]
    list_display_links = ["thumbnail", "title_column"]
    list_filter = ["status", "section", "featured", ("import_source", admin.EmptyFieldListFilter)]
    list_select_related = ["section", "created_by"]
    # Photos are found through their article: caption, credit, alt text, uploaded file name.
    search_fields = ["title", "lead", "byline", "slug", "photos__caption", "photos__credit", "photos__alt_text", "photos__original_name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "documents", "organizations", "exemplars", "publisher"]
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
        "year_hint_source",
        "section_suggestions",
    ]
    inlines = [PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "loaded_version"]}),
        (
            _("Xuất bản"),
            {"fields": ["status", "published_at", "year_hint", "year_hint_source", "section", "section_suggestions", "tags", "featured"]},
        ),
        (_("Tác giả, nguồn"), {"fields": ["byline", "source", "source_url", "publisher"]}),
        (_("Bài viết nói về"), {"fields": ["documents", "organizations", "exemplars"]}),
        (_("Lịch sử"), {"fields": ["view_count", "created_by", "created_at", "updated_by", "updated_at"]}),
        (
            _("Nguồn nhập"),
            {"classes": ["collapse"], "fields": ["import_source", "import_hash", "imported_at", "import_report"]},
        ),
    ]

    @admin.display(description=_("Gợi ý chuyên mục"))
    def section_suggestions(self, obj: Article | None):
        return rules_admin.section_suggestions(obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "source_url":
            kwargs["assume_scheme"] = "https"  # a typed "baodanvan.vn/..." means https, as in Django 6
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # Who may do what: model permissions, then the per-article rules of the workflow.
    def has_change_permission(self, request, obj=None):
        if obj is not None and self._recovering(request) and not self.may_recover(request):
            return False  # a reporter's own deleted article: shown read-only, never restored by them
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    # Deleted articles live on in django-reversion's versions, readable through its recover
    # pages. Deleting is an editor's decision: those who may delete articles see every
    # deleted one and may bring it back; anyone else sees only the deleted articles they
    # wrote, read-only; every other deleted article is a 404 to them.
    def may_recover(self, request) -> bool:
        return self.has_delete_permission(request)

    def deleted_versions(self, request):
        deleted = Version.objects.get_deleted(Article).select_related("revision").order_by("-pk")
        if self.may_recover(request):
            return deleted
        return [version for version in deleted if version.field_dict.get("created_by_id") == request.user.pk]

    def _recovering(self, request) -> bool:
        return getattr(request.resolver_match, "url_name", "") == "articles_article_recover"

    def recoverlist_view(self, request, extra_context=None):
        context = {
            "title": _("Bài viết đã xóa"),
            "deleted": self.deleted_versions(request),
            "may_recover": self.may_recover(request),
            **(extra_context or {}),
        }
        return super().recoverlist_view(request, context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version.objects.get_deleted(Article), pk=version_id)
        if not self.may_recover(request) and version.field_dict.get("created_by_id") != request.user.pk:
            raise Http404
        title = _("Bài viết đã xóa: %(title)s") % {"title": version.object_repr}
        request.reverting = {"kept": None, "date": version.revision.date_created, "recovered": True, "tags": self._tags_at(version)}
        return super().recover_view(
            request, version_id, {"title": title, "may_recover": self.may_recover(request), **(extra_context or {})}
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reverting a version of a deleted article would show it as the recover page does,
        # with none of its rules: deleted articles are opened from the recover list only.
        kept = workflow.kept_on_revert(object_id) if object_id.isdigit() else None
        if kept is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_object_reference(Article, object_id), pk=version_id)
        request.reverting = {"kept": kept, "date": version.revision.date_created, "recovered": False, "tags": self._tags_at(version)}
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        # Called by the change form after django-reversion has written the old version back
        # (inside its transaction, rolled back when the page is only shown): put back what a
        # revert keeps, so the form shows, and saves, today's status, dates and counts.
        reverting = getattr(request, "reverting", None)
        if reverting and reverting["kept"]:
            Article.objects.filter(pk=object_id).update(**reverting["kept"])
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and reverting and reverting["tags"] is not None:
            obj.tags.set(reverting["tags"])
        return obj

    @staticmethod
    def _tags_at(version) -> list[str] | None:
        """The article's tags when ``version`` was saved (None for revisions saved before they were kept)."""
        return RevisionTags.objects.filter(revision_id=version.revision_id).values_list("names", flat=True).first()

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if reversion.is_active():  # inside the admin's revision: keep the tags with it
            reversion.add_meta(RevisionTags, names=sorted(form.instance.tags.names()))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            fields.append("featured")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields:
            allowed = workflow.allowed_statuses(request.user)
            form.base_fields["status"].choices = [c for c in Article.Status.choices if c[0] in allowed]
        return form

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if obj.status not in workflow.allowed_statuses(request.user):
            raise PermissionDenied  # the form's choices already refuse it; this guards other paths
        reverting = getattr(request, "reverting", None)
        # A recovered article was on no list until now: its status counts as new.
        recovered = bool(reverting and reverting["recovered"])
        before = Article.objects.filter(pk=obj.pk).only("status", "published_at").first() if change and not recovered else None
        old_status = before.status if before else None
        # A scheduled article whose time an editor brings forward to now is published then.
        was_scheduled = bool(before and before.is_scheduled)
        if not change or obj.created_by_id is None:
            obj.created_by = obj.created_by or request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if reverting:
            workflow.record_revert(request.user, obj, reverting["date"], recovered=recovered)
        workflow.record_change(request.user, old_status, obj, was_scheduled=was_scheduled)

    def delete_model(self, request, obj: Article) -> None:
        workflow.record(request.user, AuditEvent.Action.DELETED, obj, detail=obj.slug)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for article in queryset:
            if not workflow.can_edit(request.user, article):
                raise PermissionDenied
            workflow.record(request.user, AuditEvent.Action.DELETED, article, detail=article.slug)
        super().delete_queryset(request, queryset)

    def _move(self, request, queryset, status: str, done: str, *, only_from: tuple | None = None) -> None:
        """Move each article through the workflow's rules; say per article why one was not.
        ``only_from`` is (the statuses the action starts from, the reason given for others)."""
        moved = 0
        for article in queryset:
            reason = only_from[1] if only_from and article.status not in only_from[0] else None
            reason = reason or workflow.refusal(article, status, actor=request.user)
            if reason:
                self.message_user(request, workflow.refusal_message(article, status, reason), messages.WARNING)
            else:
                moved += workflow.change_status(article, status, actor=request.user)
        if moved or not queryset:
            self.message_user(request, done % {"count": moved}, messages.SUCCESS)

    @admin.action(description=_("Gửi duyệt các bài đã chọn"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        only_drafts = ({Article.Status.DRAFT}, _("chỉ gửi duyệt được bản nháp"))
        self._move(request, queryset, Article.Status.REVIEW, _("Đã gửi duyệt %(count)d bài."), only_from=only_drafts)

    @admin.action(description=_("Xuất bản ngay các bài đã chọn"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._move(request, queryset, Article.Status.PUBLISHED, _("Đã xuất bản %(count)d bài."))

    @admin.action(description=_("Gỡ các bài đã chọn (về bản nháp)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        only_published = ({Article.Status.PUBLISHED}, _("bài chưa xuất bản"))
        self._move(request, queryset, Article.Status.DRAFT, _("Đã gỡ %(count)d bài."), only_from=only_published)

    @admin.action(description=_("Lưu trữ các bài đã chọn"), permissions=["publish"])
    def archive(self, request, queryset):
        self._move(request, queryset, Article.Status.ARCHIVED, _("Đã lưu trữ %(count)d bài."))

    def get_urls(self):
        extra = [
            path("<int:object_id>/history/compare/", self.admin_site.admin_view(self.compare_view), name="articles_article_compare"),
        ]
        return extra + super().get_urls()

    def compare_view(self, request, object_id: int):
        """Differences between two stored versions (or a version and the current article)."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(Version.objects.get_for_object(article).select_related("revision__user"))
        by_id = {str(v.pk): v for v in versions}
        newer = by_id.get(request.GET.get("b", "")) or (versions[0] if versions else None)
        older = by_id.get(request.GET.get("a", "")) or (versions[1] if len(versions) > 1 else None)
        diffs = workflow.diff_versions(older.field_dict if older else {}, newer.field_dict if newer else {}) if newer else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("So sánh phiên bản: %(title)s") % {"title": article.title},
            "versions": versions,
            "older": older,
            "newer": newer,
            "diffs": diffs,
            "revert_url": reverse("admin:articles_article_revision", args=[article.pk, older.pk]) if older else None,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def get_queryset(self, request):
        # One query for the page's cover photos, whatever the number of rows.
        cover = Prefetch("photos", queryset=Photo.objects.order_by("order", "pk"), to_attr="ordered_photos")
        return super().get_queryset(request).prefetch_related(cover)

    @admin.display(description=_("ảnh"))
    def thumbnail(self, obj: Article):
        covers = getattr(obj, "ordered_photos", None)
        photo = covers[0] if covers else None
        if photo is None or not photo.image:
            return mark_safe('<span class="article-thumb article-thumb--none" aria-hidden="true"></span>')  # a constant
        widths = photos.widths_for(photo.width)
        url = photo.rendition_url(widths[0], "webp") if widths else photo.image.url
        return format_html('<img class="article-thumb" src="{}" alt="{}" width="64" height="44" loading="lazy">', url, photo.alt_text)

    @admin.display(description=_("tiêu đề"), ordering="title")
    def title_column(self, obj: Article):
        if obj.featured:
            return format_html('<span class="article-title">{}</span> <span class="article-featured">{}</span>', obj.title, _("nổi bật"))
        return format_html('<span class="article-title">{}</span>', obj.title)

    @admin.display(description=_("tác giả"), ordering="byline")
    def author(self, obj: Article):
        return obj.byline or full_name(obj.created_by) or "—"

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_badge(self, obj: Article):
        label = obj.get_status_display()
        colour = STATUS_COLOURS[obj.status]
        if obj.status == Article.Status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            label, colour = _("Hẹn giờ"), "#1d4ed8"
        return format_html('<span class="status-badge" style="background:{}">{}</span>', colour, label)

    @admin.display(description=_("xuất bản"), ordering="published_at")
    def published_display(self, obj: Article):
        if obj.published_at is None:
            return "—"
        return timezone.localtime(obj.published_at).strftime("%H:%M %d/%m/%Y")


@admin.register(SlugRedirect)
class SlugRedirectAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]


@admin.register(AuditEvent)
class AuditEventAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Read-only: the record of who published, unpublished or deleted what."""

    list_display = ["at_display", "actor_name", "action", "article_title", "detail"]
    list_filter = ["action", "actor"]
    search_fields = ["article_title", "actor__username", "detail"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("người thực hiện"), ordering="actor__last_name")
    def actor_name(self, obj: AuditEvent):
        return full_name(obj.actor) or "—"

    @admin.display(description=_("lúc"), ordering="at")
    def at_display(self, obj: AuditEvent):
        return timezone.localtime(obj.at).strftime("%H:%M:%S %d/%m/%Y")
