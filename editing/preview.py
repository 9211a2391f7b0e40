"""The unsaved article (or portal page) form shown as the public page: the real template, framed
by a bar that says it is a preview, at phone or desktop width.

Nothing is saved: the posted form builds an Article in memory, its body sanitised as a
save would (danvan/html.py). The answer is marked as a preview (danvan/previews.py): never
cached, by this site's page cache (a POST from staff, which it never stores) or anyone
else, never indexed.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Article, Photo
from articles.templatetags.site_tags import document_links
from danvan.html import sanitize_html
from danvan.previews import mark_preview
from danvan.text import normalize, normalize_line

WIDTHS = {"phone": 390, "desktop": 1366}


def _photos(obj: Article | None, data) -> list[Photo]:
    """The saved photos as the form now describes them (caption, credit, alt text, order);
    photos marked for deletion are left out. A photo not yet uploaded cannot be shown."""
    if obj is None:
        return []
    saved = {str(p.pk): p for p in obj.photos.select_related("library_image")}
    shown = []
    for n in range(int(data.get("photos-TOTAL_FORMS") or 0)):
        photo = saved.get(data.get(f"photos-{n}-id", ""))
        if photo is None or data.get(f"photos-{n}-DELETE"):
            continue
        photo.caption = normalize(data.get(f"photos-{n}-caption", photo.caption))
        photo.credit = normalize_line(data.get(f"photos-{n}-credit", photo.credit))
        photo.alt_text = normalize_line(data.get(f"photos-{n}-alt_text", photo.alt_text))
        for number in ("order", "after_paragraph"):
            value = data.get(f"photos-{n}-{number}", "")
            setattr(photo, number, int(value) if value.isdigit() else (None if number == "after_paragraph" else photo.order))
        if photo.image:
            shown.append(photo)
    return sorted(shown, key=lambda p: (p.order, p.pk))


def unsaved_article(model_admin, request, obj: Article | None):
    """(the article as the form describes it, its tags, documents, bodies, models)."""
    form_class = model_admin.get_form(request, obj, change=obj is not None)
    form = form_class(request.POST, request.FILES, instance=obj if obj is not None else Article())
    form.is_valid()  # fills form.instance from every valid field; nothing is saved
    article = form.instance
    cleaned = getattr(form, "cleaned_data", {})
    article.title = normalize_line(article.title or "")
    article.lead = normalize(article.lead or "")
    article.body = sanitize_html(article.body)
    if not article.slug:
        article.slug = slugify(article.title)[:200] or "ban-xem-truoc"
    names = cleaned.get("tags") or []
    tags = [Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in names]
    related = {name: list(cleaned.get(name) or []) for name in ("documents", "organizations", "exemplars")}
    return article, tags, related


def _article_page(model_admin, request, obj: Article | None) -> tuple[str, dict, str]:
    article, tags, related = unsaved_article(model_admin, request, obj)
    photos = _photos(obj, request.POST)
    if article.pk is None:
        article.pk = 0  # never saved: the page's lookups by article (albums, videos) find nothing
    context = {
        "article": article,
        "object": article,
        "photos": photos,
        "cover": photos[0] if photos else None,
        "tags": tags,
        **related,
        "related": [],
        "links": document_links(article.body, related["documents"]),
        "preview": True,
    }
    return "articles/article_detail.html", context, article.title


def _info_page(model_admin, request, obj):
    """A portal page (Giới thiệu, Liên hệ …) as the form describes it."""
    from portal.models import Page

    form_class = model_admin.get_form(request, obj, change=obj is not None)
    form = form_class(request.POST, instance=obj if obj is not None else Page())
    form.is_valid()  # fills form.instance from every valid field; nothing is saved
    page = form.instance
    page.title = normalize_line(page.title or "")
    page.body = sanitize_html(page.body)
    page.slug = page.slug or slugify(page.title)[:200] or "ban-xem-truoc"
    parent = page.parent if page.parent_id and page.parent.is_public else None
    head = parent or page
    family = list(Page.objects.published().filter(parent=head).only("title", "slug", "parent_id")) if head.pk else []
    context = {"info_page": page, "object": page, "parent": parent, "head": head, "family": family, "preview": True}
    return "portal/page_detail.html", context, page.title


PAGES = {"articles.article": _article_page, "portal.page": _info_page}


def render_preview(model_admin, request, obj):
    template, context, title = PAGES[model_admin.opts.label_lower](model_admin, request, obj)
    page = render_to_string(template, context, request)
    width = request.POST.get("editing_width") if request.POST.get("editing_width") in WIDTHS else "desktop"
    response = TemplateResponse(
        request,
        "editing/preview.html",
        {
            "page": page,
            "title": _("Bản xem trước: %(title)s") % {"title": title or _("(chưa có tiêu đề)")},
            "width": width,
            "widths": WIDTHS,
        },
    )
    return mark_preview(response)
