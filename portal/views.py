"""The editors' pages: /trang/<slug>/. A draft answers 404 to the public and a marked,
uncached preview to staff, as an unpublished article does."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from danvan.previews import mark_preview

from .models import Page


class PageView(DetailView):
    template_name = "portal/page_detail.html"
    context_object_name = "info_page"
    preview = False

    def get_queryset(self):
        return Page.objects.published().select_related("parent")

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            # Only the 404 path looks at the user, so public pages pay no session query.
            if not self.request.user.is_staff:
                raise
            self.preview = True
            return get_object_or_404(Page.objects.select_related("parent"), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        page = self.object
        parent = page.parent if page.parent and page.parent.is_public else None
        # The section this page belongs to: its parent's pages, or its own if it is one.
        head = parent or page
        family = list(Page.objects.published().filter(parent=head).only("title", "slug", "parent_id"))
        return super().get_context_data(parent=parent, head=head, family=family, preview=self.preview, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return mark_preview(response) if self.preview else response
