from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Shouwei")

    def ready(self):
        from .roles import sync_role_permissions

        # No sender: the roles hold every app's permissions, which exist only once all
        # of them have migrated. The sync is idempotent.
        post_migrate.connect(sync_role_permissions, dispatch_uid="core.sync_role_permissions")
