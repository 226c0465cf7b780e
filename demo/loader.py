"""What every app's demo loader shares: create-only loading, counting, and the refusal in production.

Loading is idempotent in the strongest sense: every row is looked up by its natural key
(``code``, ``username``…) and created only if it is absent. A row that is already there is
left exactly as it is — so a second run changes nothing, and `make run` (which loads the
demo every time) never undoes what someone changed while trying the system out, nor
resets a demo password that was changed.
"""

from collections import Counter
from typing import Any, TextIO

from django.conf import settings
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from assets.models import MEASURED_FIELDS, Asset


class DemoRefused(Exception):
    """Raised instead of loading the demo where it must never be: in production."""


def refuse_in_production() -> None:
    """Raise DemoRefused in production, where the demo logins and their published password must never exist."""
    if getattr(settings, "PRODUCTION", False):
        raise DemoRefused(
            _(
                "Refusing to load demo data in production (SHOUWEI_ENV=production): "
                "the demo logins share a published password."
            )
        )


class DemoLoader:
    """Creates what is missing and counts what it created and what it found.

    Each app's demo module subclasses it with ``load()`` (create the rows) and
    ``summary()`` (one line saying what was created), and offers ``run()`` to the
    load_demo command.
    """

    def __init__(self, stdout: TextIO | None):
        self.stdout = stdout
        self.created: Counter[type[models.Model]] = Counter()
        self.kept: Counter[type[models.Model]] = Counter()

    def run(self) -> str:
        """Load what is missing, all or nothing; return the one-line summary. Refused in production."""
        refuse_in_production()
        with transaction.atomic():
            self.load()
        return self.summary()

    def load(self) -> None:
        raise NotImplementedError

    def summary(self) -> str:
        raise NotImplementedError

    def ensure(self, model: type[models.Model], key: dict[str, Any], /, **values: Any) -> tuple[Any, bool]:
        """(row, created): the row with this natural key, created from values only if absent."""
        row = model._default_manager.filter(**key).first()
        if row is not None:
            self.kept[model] += 1
            return row, False
        row = model(**key, **values)
        # Broken demo data must fail loudly here, not on a page later. An asset's measures
        # are computed by its save() from the geometry: not there to validate before it.
        row.full_clean(exclude=MEASURED_FIELDS if model is Asset else None)
        row.save()
        self.created[model] += 1
        return row, True

    def report(self, model: type[models.Model]) -> None:
        if self.stdout is not None:
            counts = {"created": self.created[model], "kept": self.kept[model]}
            what = capfirst(model._meta.verbose_name_plural)
            self.stdout.write(
                _("%(what)s: %(created)d created, %(kept)d already there") % {"what": what, **counts} + "\n"
            )
