from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assets"
    verbose_name = _("Asset registry")

    def ready(self):
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="assets.sync_role_permissions")
