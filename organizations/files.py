"""The files attached to a document (the signed PDF, the Word text), as readers download them.

A file is stored under a random folder name (``secrets.token_urlsafe``, 128 bits), so the
address of a file kept off the site ("không công khai") cannot be guessed from the
addresses of public ones. Only public files are listed on pages and read by search. A
public file made private moves to a new random address, so a link handed out while it was
public stops working; a replaced or deleted file is removed from storage once the change
commits.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from danvan.text import normalize_line, slugify_vi

from . import attachments


def document_file_upload_to(instance: DocumentFile, filename: str) -> str:
    path = PurePosixPath(filename or "van-ban")
    stem = slugify_vi(path.stem, max_length=80) or "van-ban"
    return f"van-ban/{secrets.token_urlsafe(16)}/{stem}.{instance.file_type or path.suffix.lstrip('.').lower()}"


def validate_document_file(value) -> None:
    """Runs in the admin form (``full_clean``): type by content, size, readability."""
    if getattr(value, "_committed", False):
        return  # a file already stored, saved again: it was checked when it came in
    attachments.inspect(getattr(value, "file", value))


class DocumentFileQuerySet(models.QuerySet):
    def public(self) -> DocumentFileQuerySet:
        return self.filter(is_public=True).exclude(file="")


class DocumentFile(models.Model):
    class FileType(models.TextChoices):
        PDF = attachments.PDF, "PDF"
        DOCX = attachments.DOCX, "Word (DOCX)"

    document = models.ForeignKey("organizations.Document", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("tệp"),
        upload_to=document_file_upload_to,
        max_length=255,
        validators=[validate_document_file],
        help_text=_("PDF hoặc Word (DOCX), tối đa %(mb)d MB. Tệp .doc cũ: lưu lại thành DOCX hoặc PDF trước khi tải lên.")
        % {"mb": attachments.MAX_BYTES // 1024 // 1024},
    )
    title = models.CharField(
        _("tên hiển thị"), max_length=255, blank=True, help_text=_("Ví dụ: Bản ký số, Phụ lục kèm theo. Để trống thì dùng tên tệp.")
    )
    is_public = models.BooleanField(
        _("công khai"),
        default=True,
        help_text=_("Bỏ chọn để chỉ lưu nội bộ: tệp không hiện trên trang và nội dung không được tìm kiếm."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    file_type = models.CharField(_("loại tệp"), max_length=8, choices=FileType.choices, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0, editable=False)
    text = models.TextField(_("chữ trích từ tệp"), blank=True, editable=False)
    extraction_note = models.CharField(_("ghi chú khi đọc tệp"), max_length=500, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = DocumentFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.title or PurePosixPath(self.file.name or "").name

    @property
    def download_name(self) -> str:
        return PurePosixPath(self.file.name or "").name

    def save(self, *args, **kwargs) -> None:
        self.title = normalize_line(self.title)
        before = type(self).objects.filter(pk=self.pk).values_list("file", "is_public").first() if self.pk else None
        if self.file and not self.file._committed:
            # A new upload: judge it by its content again (saves outside forms too), read its text.
            self.file_type = attachments.inspect(self.file.file)
            self.size = self.file.size
            extracted = attachments.extract_text(self.file.file, self.file_type)
            self.text, self.extraction_note = extracted.text, extracted.note[:500]
        elif before and before[1] and not self.is_public and self.file.name == before[0]:
            with self.file.open("rb") as stored:
                content = ContentFile(stored.read())
            self.file.save(PurePosixPath(before[0]).name, content, save=False)
        super().save(*args, **kwargs)
        if before and before[0] and before[0] != self.file.name:
            _delete_stored_after_commit(self.file.storage, before[0])


def _delete_stored_after_commit(storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def _delete_stored_file(sender, instance: DocumentFile, **kwargs) -> None:
    # Deleting a row (or its document) must not leave the file reachable at its old address.
    if instance.file.name:
        _delete_stored_after_commit(instance.file.storage, instance.file.name)


post_delete.connect(_delete_stored_file, sender=DocumentFile, dispatch_uid="organizations.documentfile.delete_stored")
