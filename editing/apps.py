from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditingConfig(AppConfig):
    name = "editing"
    verbose_name = _("Soạn bài")
    default_auto_field = "django.db.models.BigAutoField"
