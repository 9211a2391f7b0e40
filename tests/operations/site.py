"""A small but complete site for the backup tests, and what "nothing lost" compares."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import reversion
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.library import MediaImage
from articles.models import Article, AuditEvent, Photo, Section
from operations.portable import dumped_models
from organizations.models import Document, DocumentFile, Organization
from portal.gallery import Album, AlbumPhoto, Status
from portal.models import SiteSettings
from redirects.models import OldAddress
from tests.organizations.samples import pdf_bytes


def jpeg(n: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (480, 320), (20 * n % 255, 90, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(f"Hội nghị {n}.jpg", buffer.getvalue(), content_type="image/jpeg")


def build_site(django_user_model) -> dict:
    """Articles with photos from the library, an album, a document with its PDF, revisions,
    old addresses, the audit log, the admin's log and edited site settings."""
    editor = django_user_model.objects.create_user("bientap", password="mat-khau-dai-123", first_name="Minh", last_name="Nguyễn Văn")
    section = Section.objects.create(name="Dân vận khéo")
    body = Organization.objects.create(name="Ban Dân vận Tỉnh ủy Đồng Tháp", kind="party_board", level="province")
    resolution = Document.objects.create(kind="nghi_quyet", symbol="25-NQ/TW", issue_year=2013, issuer=body, subject="Về công tác dân vận")
    DocumentFile.objects.create(
        document=resolution, file=ContentFile(pdf_bytes("Nghi quyet 25-NQ/TW ve cong tac dan van"), name="nghi-quyet.pdf")
    )
    images = [MediaImage.objects.create(image=jpeg(n), caption=f"Ảnh hoạt động {n}", alt_text=f"Mô tả {n}") for n in range(3)]
    articles = []
    for n in range(3):
        with reversion.create_revision():
            article = Article.objects.create(
                title=f"Mô hình dân vận khéo số {n} ở Đồng Tháp",
                section=section,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timezone.timedelta(days=n, microseconds=123457),
                lead="Sapo có dấu: Đảng bộ, đoàn thể.",
                body=f"<p>Nội dung bài {n}.</p>",
                source_url=f"http://bdv.dongthap.dcs.vn/tin-tuc/bai-{n}.html",
            )
            reversion.set_user(editor)
            reversion.set_comment("Tạo bài")
        article.tags.add("dân vận khéo")
        article.documents.add(resolution)
        article.organizations.add(body)
        Photo.objects.create(article=article, library_image=images[n], order=0)
        with reversion.create_revision():
            article.title += " (đã sửa)"
            article.save()
        articles.append(article)
    AuditEvent.objects.create(actor=editor, action=AuditEvent.Action.PUBLISHED, article=articles[0], article_title=articles[0].title)
    LogEntry.objects.log_actions(editor.pk, [articles[0]], ADDITION, change_message="Đã thêm.")
    OldAddress.objects.create(old_url="http://dangbokhoi.vn/chuyen-muc/dan-van-kheo.html", section=section)
    album = Album.objects.create(title="Hình ảnh hội nghị", status=Status.PUBLISHED)
    for order, image in enumerate(images):
        AlbumPhoto.objects.create(album=album, image=image, order=order)
    SiteSettings.objects.update_or_create(pk=SiteSettings.SINGLETON_PK, defaults={"name": "Ban Dân vận Tỉnh ủy Đồng Tháp"})
    return {"articles": articles, "album": album, "document": resolution, "editor": editor}


def table_rows(using: str = "default") -> dict[str, list[tuple]]:
    """Every row of every table, as Django reads it, in primary-key order."""
    rows = {}
    for model in dumped_models():
        names = [f.attname for f in model._meta.local_concrete_fields]
        rows[model._meta.label] = list(model._base_manager.using(using).order_by("pk").values_list(*names))
    return rows


def file_checksums(root: Path) -> dict[str, str]:
    found = {}
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
