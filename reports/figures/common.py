"""What every figure shares: the filters, rates, links to the rows behind a figure."""

import dataclasses
import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from assets.models import Department, Zone
from inspections.models import Category
from maintenance.models import Crew

from ..periods import Period


@dataclasses.dataclass(frozen=True)
class Filters:
    """The dashboard's filters; each figure applies those that make sense for it (a
    category means nothing to a work order, a crew nothing to a door unit)."""

    department: Department | None = None
    zone: Zone | None = None
    crew: Crew | None = None
    category: Category | None = None

    def params(self, *names: str) -> dict:
        """The list pages' query parameters for the filters named (those set)."""
        return {name: getattr(self, name).pk for name in names if getattr(self, name) is not None}


def rate(part: int, whole: int) -> float | None:
    """part ÷ whole, None (shown as "—") when there is nothing to divide by."""
    return part / whole if whole else None


def link(name: str, **params) -> str:
    """A list page (its URL name) with the query parameters given (None ones left out)."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the zone's time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def moments(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as [start, end) moments in the zone's time: the range a timestamp is in."""
    return day_start(period.start), day_start(period.end + datetime.timedelta(days=1))
