from django.core.management.base import BaseCommand

from inspections.tasks import schedule_reinspections_job


class Command(BaseCommand):
    help = "Schedule the re-inspections of closed findings that have none yet (the nightly job). Idempotent."

    def handle(self, *args, **options):
        self.stdout.write(schedule_reinspections_job())
