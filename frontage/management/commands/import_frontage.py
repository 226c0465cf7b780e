import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frontage import services
from frontage.services.imports import FORMATS


def _format(path: Path) -> str:
    format = path.suffix.lower().lstrip(".")
    if format not in FORMATS:
        raise CommandError(f"{path}: give an .xlsx or a .csv file.")
    return format


class Command(BaseCommand):
    help = (
        "Import door-pledge units from an XLSX or CSV file (every row or none; a row equal to its unit "
        "is left alone), or check it with --dry-run; prints each row's outcome and exits with 1 on errors. "
        "--template FILE writes an empty register file (XLSX or CSV, by its extension)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The .xlsx or .csv file to import.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")
        parser.add_argument("--template", metavar="FILE", help="Write the import template to FILE and stop.")

    def handle(self, *args, file=None, dry_run=False, template=None, **options):
        if template:
            path = Path(template)
            path.write_bytes(services.unit_template(_format(path)))
            self.stdout.write(f"Template written to {path}.")
            return
        if not file:
            raise CommandError("Give the file to import (or --template FILE).")
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        report = services.import_units(content, _format(path), dry_run=dry_run)
        for error in report.errors:
            self.stdout.write(self.style.ERROR(error))
        for row in report.rows:
            line = f"row {row.number} {row.code}: {row.action_label}"
            if row.messages:
                self.stdout.write(self.style.ERROR(f"{line}: {'; '.join(row.messages)}"))
            else:
                self.stdout.write(line)
        self.stdout.write(report.summary())
        if report.failed:
            sys.exit(1)
