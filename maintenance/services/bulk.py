"""Inserting generated work orders in bulk: the one place rows are written without a
workflow (generation is a machine's act, not a person's; see status.py for theirs)."""

from django.db import connection, transaction
from django.utils import timezone

from ..choices import OrderStatus
from ..models import WorkOrder

ORDER_COLUMNS = [
    "plan_id", "asset_id", "crew_id", "occurrence", "due", "due_time", "status", "provisional", "rescheduled",
    "meter_threshold", "notes", "skip_reason", "cancel_reason", "created", "updated",
]  # fmt: skip


def insert_orders(rows: list[tuple]) -> tuple[int, int]:
    """Insert work orders, ignoring those that exist already.

    Returns how many were new, and how many of those are provisional.

    Rows are (plan, asset, crew, occurrence, due, due_time, provisional, meter_threshold).
    On PostgreSQL the rows are streamed with COPY into a temporary table and inserted
    from there with ON CONFLICT DO NOTHING: several times faster than bulk_create for the
    hundreds of thousands of rows a year's horizon makes, and as safe against a
    concurrent run (the unique constraints decide; rows go in a fixed order so that two
    runs lock them in the same order and cannot deadlock). Elsewhere (the embedded
    SQLite), bulk_create with ignore_conflicts.
    """
    if not rows:
        return 0, 0
    now = timezone.now()
    if connection.vendor != "postgresql":
        before = WorkOrder.objects.filter(provisional=True).count(), WorkOrder.objects.count()
        WorkOrder.objects.bulk_create(
            (
                WorkOrder(plan_id=plan, asset_id=asset, crew_id=crew, occurrence=occurrence, due=due, due_time=time,
                          provisional=provisional, meter_threshold=threshold, created=now, updated=now)
                for plan, asset, crew, occurrence, due, time, provisional, threshold in rows
            ),
            batch_size=500,
            ignore_conflicts=True,
        )  # fmt: skip
        return WorkOrder.objects.count() - before[1], WorkOrder.objects.filter(provisional=True).count() - before[0]
    scheduled = OrderStatus.SCHEDULED.value
    full = (
        (plan, asset, crew, occurrence, due, due_time, scheduled, provisional, False, threshold, "", "", "", now, now)
        for plan, asset, crew, occurrence, due, due_time, provisional, threshold in rows
    )
    table = WorkOrder._meta.db_table
    columns = ", ".join(ORDER_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS new_orders AS SELECT {columns} FROM {table} WITH NO DATA")
        cursor.execute("TRUNCATE new_orders")
        with cursor.copy(f"COPY new_orders ({columns}) FROM STDIN") as copy:
            for row in full:
                copy.write_row(row)
        cursor.execute(
            f"WITH inserted AS (INSERT INTO {table} ({columns}) SELECT {columns} FROM new_orders "
            "ORDER BY plan_id, asset_id, occurrence ON CONFLICT DO NOTHING RETURNING provisional) "
            "SELECT count(*), count(*) FILTER (WHERE provisional) FROM inserted"
        )
        inserted, provisional = cursor.fetchone()
        cursor.execute("TRUNCATE new_orders")
    return inserted, provisional
