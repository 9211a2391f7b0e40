"""The newsroom's versions of the admin pages other apps ship: tags (django-taggit) and users."""

from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from search.admin_search import FoldedSearchMixin

from .tags import TagForm


class TagAdmin(FoldedSearchMixin, TaggitTagAdmin):
    form = TagForm


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
