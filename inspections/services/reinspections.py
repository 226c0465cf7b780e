"""Scheduling rebound checks: a closed finding's re-inspections, at its category's days
after closure, each on a working day (the next one when the day is not).

schedule_reinspections() is what closing a finding calls for that finding, and what the
nightly job calls for every closed finding still without its re-inspections. Findings are
claimed with a conditional update (reinspections_scheduled set where it was empty), so
two runs at once never do the same finding; the unique (finding, offset) makes a repeated
insert a no-op all the same.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from maintenance.calendar import WorkingCalendar

from ..choices import FindingStatus
from ..deadlines import next_working_day
from ..models import Finding, Reinspection
from ..models.catalogue import MAX_OFFSET_DAYS

# Findings claimed and scheduled per transaction.
BATCH = 2000


def schedule_reinspections(today: datetime.date | None = None, finding_ids: list[int] | None = None) -> int:
    """Make the re-inspections of the closed findings that have none yet (only those of
    ``finding_ids`` when given). Returns how many findings were scheduled."""
    waiting = Finding.objects.filter(status=FindingStatus.CLOSED, reinspections_scheduled__isnull=True)
    if finding_ids is not None:
        waiting = waiting.filter(pk__in=finding_ids)
    total = 0
    while True:
        with transaction.atomic():
            seen, scheduled = _schedule_batch(waiting)
        total += scheduled
        if seen < BATCH:
            return total


def _schedule_batch(waiting) -> tuple[int, int]:
    """(findings looked at, findings scheduled by this run)."""
    stamp = timezone.now()
    pks = list(waiting.order_by("pk").values_list("pk", flat=True)[:BATCH])
    if not pks:
        return 0, 0
    # Claimed: a concurrent run waits for this one's rows, then finds them taken.
    claimed = Finding.objects.filter(pk__in=pks, reinspections_scheduled__isnull=True).update(
        reinspections_scheduled=stamp
    )
    if not claimed:
        return len(pks), 0
    rows = list(
        Finding.objects.filter(pk__in=pks, reinspections_scheduled=stamp).values_list(
            "pk", "closed", "category__rebound_offsets"
        )
    )
    zone = timezone.get_default_timezone()
    days = [timezone.localtime(closed, zone).date() for _pk, closed, _offsets in rows]
    calendar = WorkingCalendar.load(min(days), max(days) + datetime.timedelta(days=MAX_OFFSET_DAYS))
    Reinspection.objects.bulk_create(
        [
            Reinspection(
                finding_id=pk,
                offset=offset,
                due=next_working_day(day + datetime.timedelta(days=offset), calendar),
                created=stamp,
            )
            for (pk, _closed, offsets), day in zip(rows, days, strict=True)
            for offset in offsets
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(pks), len(rows)
