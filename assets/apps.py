from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assets"
    verbose_name = _("Asset registry")

    def ready(self):
        from .roles import sync_role_permissions

        # No sender: the roles also hold maintenance and greening permissions, which exist
        # only once those apps have migrated too. The sync is idempotent.
        post_migrate.connect(sync_role_permissions, dispatch_uid="assets.sync_role_permissions")
