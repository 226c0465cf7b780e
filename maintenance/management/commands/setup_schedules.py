from django.core.management.base import BaseCommand

from maintenance.schedules import setup_schedules


class Command(BaseCommand):
    help = "Create or update the django-q2 schedules (work orders, overdue notices, re-inspections). Idempotent."

    def handle(self, *args, **options):
        for name, outcome in setup_schedules():
            self.stdout.write(f"{name}: {outcome}")
