from django.core.management.base import BaseCommand
from django.utils import timezone

from frontage import services


class Command(BaseCommand):
    help = (
        "End the pledges past their last day and put in force the signed ones whose term has "
        "begun (the nightly job). Idempotent."
    )

    def handle(self, *args, **options):
        self.stdout.write(services.expire_pledges(timezone.localdate()))
