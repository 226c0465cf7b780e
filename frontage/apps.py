from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "frontage"
    verbose_name = _("Door pledges (three guarantees)")
