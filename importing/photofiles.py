"""Photo files from a site mirror or an export's uploads: checked, cleaned and given their
renditions as uploads are (``articles.photos.process``), attached to the article's photos;
caption-only photos follow the file on re-import, photos with an uploaded image are never dropped.

A saved page's photos are processed where the page is read (``process_mirror_photos``, in a
worker process for long runs), so the writer only stores the bytes handed to it."""

from __future__ import annotations

import dataclasses
import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile

from articles import photos
from articles.models import Article, Photo

from .batches import NewRows
from .parse import ParsedArticle


def process_mirror_photos(parsed: ParsedArticle) -> tuple[ParsedArticle, dict[str, photos.Processed]]:
    """A saved page's photo files, each checked, cleaned and renditioned as an upload is
    (no database: it runs in the worker). One that cannot be read or is not an image keeps
    only its caption, with a warning. Returns the page and what each file became, by path."""
    if not any(c.image for c in parsed.captions):
        return parsed, {}
    captions, warnings, done = [], [*parsed.warnings], {}
    for caption in parsed.captions:
        if caption.image and caption.image not in done:
            try:
                with open(caption.image, "rb") as handle:
                    done[caption.image] = photos.process(File(handle, name=os.path.basename(caption.image)))
            except (OSError, ValidationError) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else error.strerror
                warnings.append(f"ảnh {caption.src} không nhận được ({reason}); chỉ giữ chú thích")
                caption = dataclasses.replace(caption, image="")
        captions.append(caption)
    return dataclasses.replace(parsed, captions=captions, warnings=warnings), done


def all_ready(parsed: ParsedArticle, ready: dict[str, photos.Processed] | None) -> bool:
    """Whether every photo file of the page was processed ahead (its article can join the batch's insert)."""
    return ready is not None and all(c.image in ready for c in parsed.captions if c.image)


def mirror_photos(parsed: ParsedArticle, warnings: list[str]) -> tuple[ParsedArticle, list[str]]:
    """A saved page's photo files, checked like uploads: one that is not an image keeps only its caption.
    (For pages whose photos were not processed ahead by ``process_mirror_photos``.)"""
    if not any(c.image for c in parsed.captions):
        return parsed, warnings
    captions, warnings = [], [*warnings]
    for caption in parsed.captions:
        if caption.image:
            try:
                with open(caption.image, "rb") as handle:
                    photos.inspect(File(handle))
            except (OSError, ValidationError) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else error.strerror
                warnings.append(f"ảnh {caption.src} không nhận được ({reason}); chỉ giữ chú thích")
                caption = dataclasses.replace(caption, image="")
        captions.append(caption)
    return dataclasses.replace(parsed, captions=captions), warnings


def is_usable(path: str) -> bool:
    """Whether the file would be taken as a photo (checked as an upload is): the photos the
    workflow's publishing rules count are only those that will have a file."""
    try:
        with open(path, "rb") as handle:
            photos.inspect(File(handle))
    except (OSError, ValidationError):
        return False
    return True


def with_file(photo: Photo, path: str, ready: dict[str, photos.Processed] | None = None) -> Photo:
    """The photo with its mirror file attached as a new upload: processed ahead (``ready``, by
    path: ``Photo.save`` only stores it), else read now (``Photo.save`` processes it)."""
    if ready is not None and path in ready:
        photo.image = photos.ProcessedUpload(ready[path], name=os.path.basename(path))
        return photo
    with open(path, "rb") as handle:
        photo.image = ContentFile(handle.read(), name=os.path.basename(path))
    return photo


def sync_photos(
    article: Article,
    parsed: ParsedArticle,
    *,
    is_new: bool,
    new_rows: NewRows | None = None,
    ready: dict[str, photos.Processed] | None = None,
) -> None:
    """Caption-only photos follow the file; photos with an uploaded image are never dropped.
    ``ready``: the photo files as ``process_mirror_photos`` made them, by path."""
    wanted = [
        Photo(article=article, caption=c.text, credit=c.credit[:255], alt_text=c.alt[:255], order=i, after_paragraph=c.after_paragraph)
        for i, c in enumerate(parsed.captions)
    ]
    files = {i: c.image for i, c in enumerate(parsed.captions) if c.image}
    if files and is_new and new_rows is not None and all_ready(parsed, ready):
        # Files processed ahead: each is stored now (into the library), the rows wait for the batch's insert.
        for i, photo in enumerate(wanted):
            if i in files:
                with_file(photo, files[i], ready).prepare_to_write()
        new_rows.add(Photo, wanted)
        return
    if files and (is_new or not article.photos.exists()):
        for i, photo in enumerate(wanted):
            with_file(photo, files[i], ready).save() if i in files else photo.save()
        return
    if is_new:
        if new_rows is not None:  # (the captions are normalised text already: Photo.save adds nothing)
            new_rows.add(Photo, wanted)
        elif wanted:
            Photo.objects.bulk_create(wanted)
        return
    current = list(article.photos.order_by("order", "pk"))
    updates, extra = [], []
    for photo, new in zip(current, wanted, strict=False):
        photo.caption, photo.credit, photo.order, photo.after_paragraph = new.caption, new.credit, new.order, new.after_paragraph
        updates.append(photo)
    if updates:
        Photo.objects.bulk_update(updates, ["caption", "credit", "order", "after_paragraph"])
    if len(wanted) > len(current):
        Photo.objects.bulk_create(wanted[len(current) :])
    stale = []
    for photo in current[len(wanted) :]:
        if photo.image:
            photo.after_paragraph = None
            extra.append(photo)
        else:
            stale.append(photo.pk)
    if stale:
        Photo.objects.filter(pk__in=stale).delete()
    if extra:
        Photo.objects.bulk_update(extra, ["after_paragraph"])
