from django.core.management.base import BaseCommand, CommandError

from maintenance.models import Plan
from maintenance.services import generate_work_orders


class Command(BaseCommand):
    help = "Generate work orders up to each plan's horizon (idempotent); prints a one-line summary."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Generate this many days ahead instead of each plan's horizon.")
        parser.add_argument("--plan", type=int, action="append", dest="plans", help="Only this plan (repeatable).")

    def handle(self, *args, days=None, plans=None, **options):
        if days is not None and not 0 <= days <= 1000:
            raise CommandError("--days must be between 0 and 1000.")
        if plans:
            missing = set(plans) - set(Plan.objects.filter(pk__in=plans).values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No plan with id {', '.join(map(str, sorted(missing)))}.")
        self.stdout.write(generate_work_orders(days=days, plan_ids=plans).summary())
