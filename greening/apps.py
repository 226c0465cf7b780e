from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "greening"
    verbose_name = _("Greening and landscape projects")
