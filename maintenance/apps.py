from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maintenance"
    verbose_name = _("Maintenance")

    def ready(self):
        from assets.models import Asset

        from .signals import asset_saved

        # The registry does not know about plans (assets/ imports nothing of ours): an
        # asset that is retired, or changes kind or zone, joins or leaves plans here.
        post_save.connect(asset_saved, sender=Asset, dispatch_uid="maintenance.asset_saved")
