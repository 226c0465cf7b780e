from django.core.management.base import BaseCommand, CommandError

from inspections.models import ApiKey


class Command(BaseCommand):
    help = "Issue a new Open311 key for NAME and print it (only its hash is kept: it cannot be shown again)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who uses the key (a city app, a FixMyStreet instance).")

    def handle(self, *args, name, **options):
        name = name.strip()
        if not name:
            raise CommandError("Give the name of the key's user.")
        if ApiKey.objects.filter(name=name).exists():
            raise CommandError(f"A key named {name!r} exists: choose another name, or deactivate it in the admin.")
        _row, key = ApiKey.issue(name)
        self.stdout.write(key)
