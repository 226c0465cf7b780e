"""manage.py load_demo: the demo data and logins, created where missing (see demo.loader).

Each app's demo data is a module of demo/ with a ``load(stdout=None) -> str`` function.
They run in the order of LOADERS — the registry first, then the apps built on it — in
one transaction, so a failure leaves nothing half loaded.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from demo import frontage, greening, inspections, maintenance, registry, reports
from demo.loader import DemoRefused, refuse_in_production
from demo.people import DEMO_PASSWORD, demo_logins

# Each app's demo after the apps it builds on (ARCHITECTURE's layers, bottom up).
LOADERS = [
    registry.load,
    maintenance.load,
    inspections.load,
    frontage.load,
    greening.load,
    reports.load,  # last: it reads everyone's figures
]


class Command(BaseCommand):
    help = "Load the demo data and logins where they are missing; never changes existing rows. Refused in production."

    def handle(self, *args, **options):
        progress = self.stdout if options["verbosity"] > 1 else None
        try:
            refuse_in_production()  # before anything is written (each loader also checks, for direct callers)
            with transaction.atomic():
                summaries = [load(stdout=progress) for load in LOADERS]
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        for summary in summaries:
            self.stdout.write(summary)
        self.stdout.write(
            _("Demo logins, all with the password %(password)s (unless changed since they were created):")
            % {"password": DEMO_PASSWORD}
        )
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<22} {role}")
