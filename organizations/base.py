"""What the app's models share: levels of the system, timestamps, kept counts, slugs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.text import unique_slug


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận")
    COMMUNE = "commune", _("Xã, phường")
    GRASSROOTS = "grassroots", _("Cơ sở")
    ANY = "any", _("Nhiều cấp")


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


class CitedByArticles(models.Model):
    """A record articles link to (a document, a body, a model), with the number of public
    articles that do, kept up to date by articles.counts whenever an article, a link or the
    clock changes it: the lists show it without counting a single link."""

    published_article_count = models.PositiveIntegerField(
        _("số bài đã đăng"),
        default=0,
        editable=False,
        help_text=_("Số bài viết công khai nhắc tới, tự cập nhật."),
    )

    class Meta:
        abstract = True


def slug_for(instance: models.Model, text: str, fallback: str) -> str:
    """``fallback``: the slug's stem when ``text`` has no letter or digit to make one of ("…")."""
    manager = type(instance)._default_manager
    return unique_slug(text, lambda s: manager.filter(slug=s).exclude(pk=instance.pk).exists(), fallback=fallback)
