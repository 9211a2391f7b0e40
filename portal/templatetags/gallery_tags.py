"""Albums and videos where other pages show them: the home page's block, an article's links.
Two queries each, whatever the number of albums, videos or photos."""

from __future__ import annotations

from django import template

from ..gallery import Album, Video

register = template.Library()

HOME_ALBUMS = 4
HOME_VIDEOS = 3


@register.inclusion_tag("portal/_gallery_block.html")
def gallery_home():
    return {
        "albums": list(Album.objects.published().select_related("cover")[:HOME_ALBUMS]),
        "videos": list(Video.objects.published().select_related("poster")[:HOME_VIDEOS]),
        "heading_id": "hinh-anh-video",
    }


@register.inclusion_tag("portal/_gallery_block.html")
def gallery_for_article(article):
    return {
        "albums": list(Album.objects.published().filter(articles=article).select_related("cover")),
        "videos": list(Video.objects.published().filter(articles=article).select_related("poster")),
        "heading_id": "album-video-lien-quan",
        "related": True,
    }
