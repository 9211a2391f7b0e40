from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KnownLoginAddress(models.Model):
    """An address an account has logged in from with its right password (see newsroom.throttle).

    Only a keyed hash of the address is kept: the record answers "has this account logged in
    from here before?" and nothing else, so it holds no readable list of editors' addresses.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_login_addresses")
    address_hash = models.CharField(max_length=64)
    last_login_at = models.DateTimeField()

    class Meta:
        verbose_name = _("địa chỉ đã đăng nhập")
        verbose_name_plural = _("địa chỉ đã đăng nhập")
        constraints = [models.UniqueConstraint(fields=["user", "address_hash"], name="newsroom_known_address_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.last_login_at:%d/%m/%Y %H:%M}"


class RevisionTags(models.Model):
    """The tags an article had when a revision was saved.

    django-taggit's manager is not serialised into django-reversion's versions, so without
    this a revert would bring back the words of an article but not its tags.
    """

    revision = models.OneToOneField("reversion.Revision", on_delete=models.CASCADE, related_name="article_tags")
    names = models.JSONField(default=list)

    class Meta:
        verbose_name = _("từ khóa của phiên bản")
        verbose_name_plural = _("từ khóa của phiên bản")

    def __str__(self) -> str:
        return ", ".join(self.names)
