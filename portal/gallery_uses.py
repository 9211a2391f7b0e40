"""How albums and videos use files, told to the media library (``articles.library.register_use``):
the media view serves an album's photos and cover, a video's poster and file only while the
album or video is published (staff: always), and an image's admin page lists them."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from articles.library import MediaImage, Use, UseKind, register_use

from .gallery import Album, Status, Video

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


def register() -> None:
    register_use(GALLERY_USES)
