from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "greening"
    verbose_name = _("Greening and landscape projects")

    def ready(self):
        from maintenance.services import order_changed

        from .signals import order_changed_handler

        # maintenance does not know about plant losses (it is a layer below): a
        # replanting order done closes its loss here.
        order_changed.connect(order_changed_handler, dispatch_uid="greening.order_changed")
