"""Benchmark of the inspectors' Today and the nightly rebound job on PostgreSQL (`make bench`;
see bench/README.md).

200,000 findings (by default) with their steps and re-inspections (bench/inspections_data.py),
loaded with COPY. Measures the server time of GET /inspections/today/ as a signed-in
inspector — in-process with django.test.Client, as bench/today.py does for the crews' Today —
against the trivial page (a signed-in blank page) in the same run; counts its SQL queries at
two sizes of the day (500 more checks due today, rolled back); and times the nightly job,
services.schedule_reinspections(), over the closed findings still without their checks, then
again with nothing left to do.

    python bench/inspections.py [--findings N] [--requests N] [--keep]

The database shouwei_bench_inspections is created (dropped first if it exists) on the server
of DATABASE_URL and dropped at the end unless --keep. The exit code is 0 whether or not the
goal is met: the figures are for reading (and for docs/benchmarks.md), not a gate.
"""

import argparse
import os
import statistics
import sys
import time

from benchdb import drop_database, open_database, verdict
from inspections_data import create_data
from today_measure import WARM_UPS, count_queries, install_blank_page, measure, percentile, summary, time_split

DATABASE = "shouwei_bench_inspections"

# Goal (issue 10, "Speed and scale"): the inspectors' Today within 3× of a trivial page.
MAX_RATIO = 3.0
EXTRA_DUE = 500


def queries_with_more_checks(client, url: str, extra: int) -> tuple[int, int]:
    """The page's query count after adding ``extra`` checks due today (rolled back)."""
    from django.db import transaction
    from django.utils import timezone

    from inspections.models import Finding, Reinspection

    today = timezone.localdate()
    with transaction.atomic():
        taken = Reinspection.objects.filter(offset=1).values("finding")
        Reinspection.objects.bulk_create(
            Reinspection(finding=finding, offset=1, due=today)
            for finding in Finding.objects.filter(status="closed").exclude(pk__in=taken)[:extra]
        )
        listed = Reinspection.objects.filter(status="scheduled", due__lte=today).count()
        count, _sql = count_queries(client, url)
        transaction.set_rollback(True)
    return listed, count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=200_000, help="findings in the database; default 200,000")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page; default 300")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    args = parser.parse_args(argv)

    os.environ["ALLOWED_HOSTS"] = "testserver"
    url, server_version = open_database(DATABASE)
    try:
        from django.db import connection, connections
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from inspections import services
        from inspections.models import Reinspection

        print(f"Shouwei inspections benchmark, {timezone.localdate()}, {server_version}, database {DATABASE}")
        start = time.perf_counter()
        inspector, counts = create_data(args.findings)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('inspections_finding') "
                "+ pg_total_relation_size('inspections_step') + pg_total_relation_size('inspections_reinspection'))"
            )
            size = cursor.fetchone()[0]
        print(
            f"Set-up: {counts['findings']:,} findings, {counts['steps']:,} steps, "
            f"{counts['re-inspections']:,} re-inspections ({size} with indexes), "
            f"in {time.perf_counter() - start:.1f} s"
        )
        today = timezone.localdate()
        due = Reinspection.objects.filter(status="scheduled", due=today).count()
        overdue = Reinspection.objects.filter(status="scheduled", due__lt=today).count()
        print(f"  scheduled checks: {due:,} due today, {overdue:,} overdue (Today lists the first 100 along the route)")

        client = Client()
        client.force_login(inspector)
        pages = {
            "inspectors' Today": reverse("inspections-today"),
            "trivial page (signed in)": install_blank_page(),
            "Today, next 7 days": reverse("inspections-today") + "?range=next",
            "Today, nearest first": reverse("inspections-today") + "?near=28.9000,120.0500",
        }
        queries, _sql = count_queries(client, pages["inspectors' Today"])
        listed, queries_more = queries_with_more_checks(client, pages["inspectors' Today"], EXTRA_DUE)
        times = measure(client, pages, args.requests)
        print(f"Server time, {args.requests} requests per page after {WARM_UPS} warm-ups (django.test.Client):")
        for name, page in pages.items():
            print(summary(name, page, times[name]))
        print("Where the time goes (median ms of 100 more requests each):")
        for name, page in pages.items():
            split = time_split(client, page)
            print(
                f"  {name:<28} total {split['total']:6.1f}   SQL {split['sql']:5.1f}   "
                f"template {split['render']:5.1f}   Python (ORM, view, middleware) {split['python']:5.1f}"
            )
        print(
            f"SQL queries of the inspectors' Today: {queries} with {due + overdue:,} checks due or overdue; "
            f"{queries_more} with {listed:,} ({EXTRA_DUE} more due today, rolled back)"
        )
        print(verdict(queries == queries_more, f"a constant number of queries ({queries} and {queries_more})"))
        trivial = statistics.median(times["trivial page (signed in)"])
        for name in ["inspectors' Today", "Today, next 7 days", "Today, nearest first"]:
            ratio = statistics.median(times[name]) / trivial
            p99 = percentile(times[name], 0.99) / percentile(times["trivial page (signed in)"], 0.99)
            print(f"{name} / the trivial page: {ratio:.1f}× (median), {p99:.1f}× (p99)")
        ratio = statistics.median(times["inspectors' Today"]) / trivial
        print(verdict(ratio <= MAX_RATIO, f"Today within {MAX_RATIO:.0f}× of the trivial page (is {ratio:.1f}×)"))

        start = time.perf_counter()
        scheduled = services.schedule_reinspections()
        first = time.perf_counter() - start
        made = Reinspection.objects.count() - counts["re-inspections"]
        start = time.perf_counter()
        again = services.schedule_reinspections()
        second = time.perf_counter() - start
        print(
            f"Nightly rebound job: {scheduled:,} closed findings waiting, {made:,} re-inspections made in "
            f"{first:.2f} s ({scheduled / first:,.0f} findings/s); again with none waiting: {again} in {second:.3f} s"
        )
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
