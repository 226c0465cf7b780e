"""manage.py load_demo: the demo data and logins, created where missing (see assets.demo)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assets.demo import DEMO_PASSWORD, DemoRefused, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo data and logins where they are missing; never changes existing rows. Refused in production."

    def handle(self, *args, **options):
        try:
            summary = load_demo(stdout=self.stdout if options["verbosity"] > 1 else None)
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary)
        self.stdout.write(
            _("Demo logins, all with the password %(password)s (unless changed since they were created):")
            % {"password": DEMO_PASSWORD}
        )
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<18} {role}")
