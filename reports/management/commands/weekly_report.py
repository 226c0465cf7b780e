from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.weekly import generate_weekly_report, summary


class Command(BaseCommand):
    help = "Generate (again) the Monday report of an ISO week that has begun, e.g. 2026-W48. Replaces the stored one."

    def add_arguments(self, parser):
        parser.add_argument("week", help="an ISO week: 2026-W48")

    def handle(self, *args, week, **options):
        try:
            report = generate_weekly_report(week)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(summary(report))
