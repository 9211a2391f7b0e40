"""Photo files: named so no one can guess them, and served only while something public shows them.

An upload is stored as ``photos/<year>/<month>/<random token>.<ext>`` (its renditions as
``…/renditions/<token>-<width>.<ext>``), never under the name it was uploaded with: that
name ("hoi-nghi-bi-mat.jpg") is kept in ``Photo.original_name`` for the newsroom only.

Where this project serves media itself (local disk: ``make run``, and behind nginx through
``MEDIA_X_ACCEL_REDIRECT``), ``serve`` answers a file only if something public shows it: a
photo or the body of a public article (``published_q``), or what other apps register with
``library.register_use`` (portal: published albums and videos); staff also get every
stored file, for previews, uncached; everyone else gets 404, as for a file that does not exist. On object
storage the bucket serves the files; there the token is what keeps them unfound
(docs/deploy.md).
"""

from __future__ import annotations

import posixpath
import re
import secrets
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import static

from organizations.models import DocumentFile

from . import photos
from .library import USE_KINDS, MediaImage, Use, UseKind, register_use
from .models import Article, Photo, published_q

TOKEN = re.compile(r"[0-9a-f]{32}")
RENDITION_EXTS = ("webp", "jpg")


def unguessable_name(name: str) -> str:
    """``name``'s folder and extension around a fresh random token (128 bits)."""
    path = PurePosixPath(name)
    return str(path.parent / f"{secrets.token_hex(16)}{path.suffix.lower()}")


def is_unguessable(name: str) -> bool:
    return bool(TOKEN.fullmatch(PurePosixPath(name).stem))


def originals_for(name: str) -> list[str]:
    """The stored originals a media file ``name`` may belong to: itself, or for a rendition
    (``…/renditions/<stem>-<width>.<ext>``) its original in any accepted format."""
    path = PurePosixPath(name)
    if path.parent.name != "renditions":
        return [name]
    stem, _dash, width = path.stem.rpartition("-")
    if not stem or not width.isdigit():
        return []
    return [str(path.parent.parent / f"{stem}.{ext}") for ext in sorted(set(photos.ACCEPTED_FORMATS.values()))]


def served_here() -> bool:
    """Whether media is on this machine's disk, so the site itself answers /media/ URLs."""
    return isinstance(default_storage, FileSystemStorage) and "://" not in settings.MEDIA_URL


def is_stored(names: list[str]) -> bool:
    """Whether a file among ``names`` is the project's: a library image, or a file something uses."""
    return MediaImage.objects.filter(image__in=names).exists() or any(kind.any_names(names) for kind in USE_KINDS)


def _article_uses(image: MediaImage):
    photos_of = Photo.objects.filter(library_image=image).select_related("article").order_by("article_id")
    articles = {photo.article for photo in photos_of} | set(image.in_bodies.all())
    public = set(Article.objects.published().filter(pk__in=[a.pk for a in articles]).values_list("pk", flat=True))
    for article in sorted(articles, key=lambda a: a.pk):
        yield Use("Bài viết", article.title, reverse("admin:articles_article_change", args=[article.pk]), article.pk in public)


# An article shows a file as one of its photos or in its body (an image inserted from the editor).
ARTICLE_USES = UseKind(
    public_names=lambda names: (
        Photo.objects.filter(published_q(prefix="article__"), image__in=names).exists()
        or Article.objects.published().filter(body_images__image__in=names).exists()
    ),
    any_names=lambda names: Photo.objects.filter(image__in=names).exists(),
    list=lambda image: list(_article_uses(image)),
    exists=lambda image: image.article_photos.exists() or image.in_bodies.exists(),
)


# A document's attached file (organizations.DocumentFile, van-ban/<token>/<name>) is public while
# it is ticked "công khai": documents themselves have no unpublished state.
DOCUMENT_FILE_USES = UseKind(
    public_names=lambda names: DocumentFile.objects.public().filter(file__in=names).exists(),
    any_names=lambda names: DocumentFile.objects.filter(file__in=names).exists(),
    list=lambda image: [],
    exists=lambda image: False,
)


def register_article_uses() -> None:
    register_use(ARTICLE_USES)
    register_use(DOCUMENT_FILE_USES)


def serve(request, name: str):
    """One media file, if something public shows it (staff: any file of the project)."""
    name = posixpath.normpath(name).lstrip("/")
    candidates = originals_for(name)
    if name.startswith("..") or not candidates:
        raise Http404
    public = any(kind.public_names(candidates) for kind in USE_KINDS)
    # Only a file that is not public looks at the user, so readers pay no session query.
    if not public and not (request.user.is_staff and is_stored(candidates)):
        raise Http404
    if settings.MEDIA_X_ACCEL_REDIRECT:
        # The proxy sends the file from its internal location (docs/deploy.md), with the
        # type its extension says and the Cache-Control set below.
        response = HttpResponse()
        del response["Content-Type"]
        response["X-Accel-Redirect"] = settings.MEDIA_X_ACCEL_REDIRECT + quote(name)
    else:
        response = static.serve(request, name, document_root=settings.MEDIA_ROOT)
    if public:
        # Short, like the pages: a photo of an article unpublished later stops being
        # served from caches within the same time (Last-Modified makes rechecks cheap).
        patch_cache_control(response, public=True, max_age=settings.PAGE_BROWSER_SECONDS)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


def rename_guessable(queryset, storage: Storage = default_storage, *, dry_run: bool = False, report: Callable[[str], None] = print) -> int:
    """Move every photo stored under a name made from its upload's name to a random token,
    re-encoded without metadata and with fresh renditions; returns how many files were (or, with ``dry_run``, would be) moved.

    ``queryset`` is of ``Photo`` (the model or a migration's historical one: only fields
    are used). The new files are written and the row updated before the old files are
    deleted, so a failure part-way leaves every photo whole; a photo whose file is missing
    is reported and left as it is.
    """
    moved, done = 0, set()
    try:  # absent in the migration that first ran this (0005), before the library existed
        library = queryset.model._meta.apps.get_model("articles", "MediaImage")
    except LookupError:
        library = None
    # Values, not instances: loading a photo without its dimensions opens its file.
    rows = queryset.exclude(image="").order_by("pk").values_list("pk", "image", "width")
    for pk, old, stored_width in rows.iterator():
        if is_unguessable(old) or old in done:
            continue  # (rows sharing one file, as a benchmark corpus has, move together)
        done.add(old)
        if not storage.exists(old):
            report(f"Ảnh #{pk}: không thấy tệp {old}, để nguyên.")
            continue
        moved += 1
        if dry_run:
            continue
        # Files stored before metadata was stripped still carry comments, EXIF and profiles:
        # the moved original is re-encoded from its pixels, and its renditions made afresh.
        try:
            with storage.open(old, "rb") as handle:
                cleaned, width, height = photos.clean_original(File(handle, name=PurePosixPath(old).name))
        except ValidationError as error:  # not readable as an image any more: moved as it is, unshown
            report(f"Ảnh #{pk}: tệp {old} không đọc được như ảnh ({' '.join(error.messages)}); chỉ đổi tên.")
            with storage.open(old, "rb") as handle:
                cleaned, width, height = ContentFile(handle.read(), name=PurePosixPath(old).name), stored_width, None
        # Named by the format it now is, so a rendition (<token>-800.webp) leads back to it.
        new = storage.save(unguessable_name(str(PurePosixPath(old).parent / cleaned.name)), cleaned)
        if height is not None:
            photos.make_renditions(storage, new, width)
        queryset.filter(image=old, original_name="").update(original_name=PurePosixPath(old).name[:255])
        moved_to = {"image": new, **({"width": width, "height": height} if height is not None else {})}
        queryset.filter(image=old).update(**moved_to)
        if library is not None:  # the library image the photos point at moves with them
            library.objects.using(queryset.db).filter(image=old).update(**moved_to)
        storage.delete(old)
        for size in photos.widths_for(stored_width):
            for ext in RENDITION_EXTS:
                if storage.exists(name := photos.rendition_name(old, size, ext)):
                    storage.delete(name)
    return moved
