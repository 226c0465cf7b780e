"""Benchmark of work-order generation on PostgreSQL (`make bench`; see bench/README.md).

10,000 plans on 10,000 assets, a 365-day horizon: the first run's rate against PostgreSQL
COPY of the same rows into the same table, the second run (nothing to do), peak memory.

    python bench/generation.py [--plans N] [--profile] [--keep]

The database shouwei_bench is created (dropped first if it exists) on the server of
DATABASE_URL and dropped at the end unless --keep. The exit code is 0 whether or not the
goals are met: the figures are for reading (and for docs/benchmarks.md), not a gate.
"""

import argparse
import cProfile
import datetime
import io
import pstats
import resource
import sys
import tempfile
import time

from benchdb import drop_database, open_database, verdict

DATABASE = "shouwei_bench"

# Goals (issue 3, "Benchmark").
MIN_COPY_FRACTION = 1 / 3
MAX_SECOND_RUN_SECONDS = 2.0
MAX_PEAK_MB = 500

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def rule(n: int) -> tuple[str, bool]:
    """Plan n's rule and whether it is working-days-only: a third daily, weekly and monthly,
    and within each, a third working days only."""
    working_days = (n // 3) % 3 == 0
    match n % 3:
        case 0:
            return "FREQ=DAILY", working_days
        case 1:
            return f"FREQ=WEEKLY;BYDAY={WEEKDAYS[(n // 9) % 7]}", working_days
        case _:
            return f"FREQ=MONTHLY;BYMONTHDAY={(n // 9) % 28 + 1}", working_days


def create_plans(count: int) -> None:
    """count assets and count plans (one asset each), in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from assets.choices import AssetKind, ZoneType
    from assets.models import Asset, Department, Zone
    from maintenance.choices import CalendarPolicy, TargetMode
    from maintenance.models import Crew, Plan, TaskType

    today = timezone.localdate()
    with transaction.atomic():
        department = Department.objects.create(code="bench", name="基准测试部门")
        zone = Zone.objects.create(code="bench", name="基准测试责任区", type=ZoneType.ROADS_GREENING, lead=department)
        crew = Crew.objects.create(code="bench", name="基准测试班组", department=department)
        task_type = TaskType.objects.get(code="cleaning")

        assets = []
        for n in range(count):
            lon, lat = 120.03 + (n % 100) * 0.0004, 28.88 + (n // 100) * 0.0004
            asset = Asset(
                code=f"BENCH-{n:05d}",
                name=f"基准设施{n}",
                kind=AssetKind.EQUIPMENT,
                department=department,
                zone=zone,
                geometry={"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            )
            asset.measure()  # bulk_create skips save(), which fills the bbox fields
            assets.append(asset)
        Asset.objects.bulk_create(assets, batch_size=2000)

        plans = []
        for n in range(count):
            rrule, working_days = rule(n)
            plans.append(
                Plan(
                    name=f"基准计划{n:05d}",
                    task_type=task_type,
                    crew=crew,
                    target_mode=TargetMode.ASSETS,
                    rrule=rrule,
                    # Created over the past year, as real plans are: each has its own start.
                    start=today - datetime.timedelta(days=n % 365),
                    calendar=CalendarPolicy.WORKING_DAYS if working_days else CalendarPolicy.EVERY_DAY,
                )
            )
        Plan.objects.bulk_create(plans, batch_size=2000)
        Chosen = Plan.assets.through
        Chosen.objects.bulk_create(
            [Chosen(plan_id=plan.pk, asset_id=asset.pk) for plan, asset in zip(plans, assets, strict=True)],
            batch_size=5000,
        )


def generate(profile: bool):
    from maintenance.services import generate_work_orders

    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = generate_work_orders(days=365)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    return result, seconds


def copy_rows() -> tuple[int, float]:
    """Time COPY FROM STDIN of exactly the generated rows into the emptied work-order table.

    The rows are copied out first (to a temporary file, so that they do not count in the
    process's peak memory), the table is truncated (its indexes and constraints stay), and
    the same columns generation writes are copied back in one transaction.
    """
    from django.db import connection, transaction

    from maintenance.models import WorkOrder
    from maintenance.services.bulk import ORDER_COLUMNS

    table = WorkOrder._meta.db_table
    columns = ", ".join(ORDER_COLUMNS)
    with tempfile.TemporaryFile() as data, connection.cursor() as cursor:
        with cursor.copy(f"COPY (SELECT {columns} FROM {table} ORDER BY id) TO STDOUT") as copy:
            for block in copy:
                data.write(block)
        rows = WorkOrder.objects.count()
        # CASCADE: answers, readings and notifications refer to orders (all empty here).
        cursor.execute(f"TRUNCATE {table} CASCADE")
        cursor.execute("CHECKPOINT")  # neither measurement pays for the other's dirty pages
        data.seek(0)
        start = time.perf_counter()
        with transaction.atomic():
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                while block := data.read(1 << 20):
                    copy.write(block)
        seconds = time.perf_counter() - start
        # TRUNCATE reset the table's statistics; autovacuum would analyze a load this size
        # within a minute, long before the next nightly run. Not timed.
        cursor.execute(f"ANALYZE {table}")
    return rows, seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10_000, help="plans (and assets); default 10,000")
    parser.add_argument("--profile", action="store_true", help="cProfile the first run; print the top 30")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    args = parser.parse_args(argv)

    url, server_version = open_database(DATABASE)
    try:
        from django.db import connection, connections
        from django.utils import timezone

        print(f"Shouwei generation benchmark, {timezone.localdate()}, {server_version}, database {DATABASE}")

        start = time.perf_counter()
        create_plans(args.plans)
        print(f"Set-up: {args.plans:,} assets and {args.plans:,} plans in {time.perf_counter() - start:.1f} s")

        result, seconds = generate(args.profile)
        rate = result.created / seconds
        generation_peak = peak_mb()
        print(f"First run, 365-day horizon: {result.summary()}")
        print(f"  {result.created:,} work orders in {seconds:.1f} s: {rate:,.0f} orders/s")

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('maintenance_workorder'))")
            print(f"  work-order table with its indexes: {cursor.fetchone()[0]}")

        rows, copy_seconds = copy_rows()
        copy_rate = rows / copy_seconds
        ratio = rate / copy_rate
        print(f"COPY of the same {rows:,} rows into the same table: {copy_seconds:.1f} s, {copy_rate:,.0f} rows/s")
        print(f"  generation / COPY: {ratio:.2f} ({ratio * 100:.0f} % of COPY's rate)")
        print(verdict(ratio >= MIN_COPY_FRACTION, f"generation at least 1/3 of COPY's rate (is {ratio:.2f})"))

        second, second_seconds = generate(profile=False)
        print(f"Second run (nothing to do): {second.created} created in {second_seconds:.2f} s")
        print(
            verdict(
                second.created == 0 and second_seconds < MAX_SECOND_RUN_SECONDS,
                f"second run under {MAX_SECOND_RUN_SECONDS:.0f} s creating nothing "
                f"(took {second_seconds:.2f} s, created {second.created})",
            )
        )

        peak = peak_mb()
        print(f"Peak memory (max RSS): {peak:.0f} MB (after the first run: {generation_peak:.0f} MB)")
        print(verdict(peak < MAX_PEAK_MB, f"peak memory under {MAX_PEAK_MB} MB (is {peak:.0f} MB)"))
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
