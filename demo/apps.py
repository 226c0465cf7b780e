from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data of every app and `manage.py load_demo`; above all the other apps, imported by none."""

    name = "demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        # `check --deploy` refuses demo logins that still have the demo password.
        from . import checks  # noqa: F401
