"""manage.py load_demo: the demo data and logins, created where missing (see assets.demo).

Each installed app may contribute demo data of its own: a ``demo`` module with a
``load_demo(stdout=None) -> str`` function. They run in INSTALLED_APPS order — the
registry first, then the apps built on it (maintenance, greening) — in one transaction,
so a failure leaves nothing half loaded. The registry cannot import those apps (they
depend on it, not the other way round), so the command discovers them.
"""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from assets.demo import DEMO_PASSWORD, DemoRefused, demo_logins


def demo_loaders() -> list[Callable[..., str]]:
    """Every installed app's ``demo.load_demo``, in INSTALLED_APPS order."""
    loaders = []
    for config in apps.get_app_configs():
        if config.module is not None and module_has_submodule(config.module, "demo"):
            loader = getattr(import_module(f"{config.name}.demo"), "load_demo", None)
            if callable(loader):
                loaders.append(loader)
    return loaders


class Command(BaseCommand):
    help = "Load the demo data and logins where they are missing; never changes existing rows. Refused in production."

    def handle(self, *args, **options):
        progress = self.stdout if options["verbosity"] > 1 else None
        try:
            with transaction.atomic():
                summaries = [load(stdout=progress) for load in demo_loaders()]
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        for summary in summaries:
            self.stdout.write(summary)
        self.stdout.write(
            _("Demo logins, all with the password %(password)s (unless changed since they were created):")
            % {"password": DEMO_PASSWORD}
        )
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<18} {role}")
