from django.core.management.base import BaseCommand, CommandError

from frontage.tasks import schedule_door_checks_job


class Command(BaseCommand):
    help = "Make the door checks of the active check plans for the next days (the nightly job). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="How many days ahead (default 14).")

    def handle(self, *args, days=14, **options):
        if not 0 <= days <= 366:
            raise CommandError("--days must be between 0 and 366.")
        self.stdout.write(schedule_door_checks_job(horizon_days=days))
