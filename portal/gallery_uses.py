"""How albums, videos and pages use files, told to the media library (``articles.library.register_use``):
the media view serves an album's photos and cover, a video's poster and file, an image
inserted in a page's body only while the album, video or page is published (staff: always),
and an image's admin page lists them."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from articles.library import MediaImage, Use, UseKind, register_use

from .gallery import Album, Status, Video
from .models import Page

PUBLISHED = Q(status=Status.PUBLISHED)


def _album_q(names: list[str]) -> Q:
    return Q(photos__image__image__in=names) | Q(cover__image__in=names)


def _video_q(names: list[str]) -> Q:
    return Q(poster__image__in=names) | Q(file__in=names)


def _uses(image: MediaImage):
    albums = Album.objects.filter(Q(photos__image=image) | Q(cover=image)).distinct().order_by("pk")
    for album in albums:
        yield Use("Album", album.title, reverse("admin:portal_album_change", args=[album.pk]), album.is_public)
    for video in Video.objects.filter(poster=image).order_by("pk"):
        yield Use("Video", video.title, reverse("admin:portal_video_change", args=[video.pk]), video.is_public)


GALLERY_USES = UseKind(
    public_names=lambda names: (
        Album.objects.filter(PUBLISHED & _album_q(names)).exists() or Video.objects.filter(PUBLISHED & _video_q(names)).exists()
    ),
    any_names=lambda names: Video.objects.filter(file__in=names).exists(),
    list=lambda image: list(_uses(image)),
    exists=lambda image: image.album_photos.exists() or image.album_covers.exists() or image.video_posters.exists(),
)


def _pages_showing(names: list[str]) -> Q:
    # Pages are few and their bodies short: a text search costs less than keeping a list.
    found = Q(pk__in=[])
    for name in names:
        found |= Q(body__contains=name)
    return found


PAGE_USES = UseKind(
    public_names=lambda names: Page.objects.published().filter(_pages_showing(names)).exists(),
    any_names=lambda names: False,  # a page shows library images only: MediaImage rows already say so
    list=lambda image: [
        Use("Trang thông tin", page.title, reverse("admin:portal_page_change", args=[page.pk]), page.is_public)
        for page in Page.objects.filter(_pages_showing([image.image.name])).order_by("pk")
    ],
    exists=lambda image: Page.objects.filter(_pages_showing([image.image.name])).exists(),
)


def register() -> None:
    register_use(GALLERY_USES)
    register_use(PAGE_USES)
