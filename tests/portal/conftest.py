"""Factories for the portal tests: pages, links and banners, the site settings, the roles."""

from __future__ import annotations

import itertools
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import LinkedSite, Page

_seq = itertools.count(1)


def png(width: int = 120, height: int = 60) -> SimpleUploadedFile:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (width, height), (183, 28, 28)).save(buffer, format="PNG")
    return SimpleUploadedFile("Ảnh Banner Đẹp.PNG", buffer.getvalue(), content_type="image/png")


def make_page(**kwargs) -> Page:
    n = next(_seq)
    kwargs.setdefault("title", f"Trang thông tin số {n}")
    kwargs.setdefault("body", f"<p>Nội dung trang {n}.</p>")
    kwargs.setdefault("status", Page.Status.PUBLISHED)
    return Page.objects.create(**kwargs)


def make_link(**kwargs) -> LinkedSite:
    n = next(_seq)
    kwargs.setdefault("title", f"Website liên kết số {n}")
    kwargs.setdefault("url", f"https://lienket{n}.example.vn/")
    return LinkedSite.objects.create(**kwargs)
