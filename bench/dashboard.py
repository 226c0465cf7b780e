"""Benchmark of the managers' dashboard on PostgreSQL (`make bench`; see bench/README.md).

About 1,000,000 work orders over a year across 48 crews in six departments and ten zones
(bench/dashboard_data.py) and 200,000 findings with their steps and re-inspections
(bench/inspections_data.py), loaded in bulk. Times GET /dashboard/ as a signed-in manager —
in-process with django.test.Client, as bench/today.py does — for this week, last week and
this month (median of several runs each), against the trivial page (a signed-in blank
page) in the same run, and counts its SQL queries. When the goal is missed (or with
--explain) prints this month's slowest queries and the slowest one's EXPLAIN ANALYZE.

    python bench/dashboard.py [--orders N] [--findings N] [--requests N] [--explain] [--keep]

The database shouwei_bench_dashboard is created (dropped first if it exists) on the server
of DATABASE_URL and dropped at the end unless --keep. The exit code is 0 whether or not the
goal is met: the figures are for reading (and for docs/benchmarks.md), not a gate.
"""

import argparse
import os
import statistics
import sys
import time

from benchdb import drop_database, open_database, verdict
from dashboard_data import create_orders
from inspections_data import create_data
from today_measure import count_queries, explain, install_blank_page

DATABASE = "shouwei_bench_dashboard"

# Goal (issue 13): the dashboard under half a second with 1,000,000 orders and 200,000 findings.
MAX_SECONDS = 0.5
WEEKLY_MAX_SECONDS = 10
WARM_UPS = 2
SLOWEST = 5


def measure(client, urls: dict[str, str], requests: int) -> dict[str, list[float]]:
    """Server time of each page in milliseconds, the pages taking turns."""
    for name, url in urls.items():
        for _ in range(WARM_UPS):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name} ({url}) answered {response.status_code}: the benchmark needs a 200.")
    times = {name: [] for name in urls}
    for _ in range(requests):
        for name, url in urls.items():
            start = time.perf_counter()
            client.get(url)
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000, help="work orders; default 1,000,000")
    parser.add_argument("--findings", type=int, default=200_000, help="findings; default 200,000")
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page; default 15")
    parser.add_argument("--explain", action="store_true", help="print the slowest queries even when the goal is met")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    args = parser.parse_args(argv)

    os.environ["ALLOWED_HOSTS"] = "testserver"
    url, server_version = open_database(DATABASE)
    try:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db import connection, connections
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from assets.models import Zone
        from core.roles import Role
        from reports.weekly import generate_weekly_report, last_week

        print(f"Shouwei dashboard benchmark, {timezone.localdate()}, {server_version}, database {DATABASE}")
        start = time.perf_counter()
        _inspector, found = create_data(args.findings)
        made = create_orders(args.orders, Zone.objects.order_by("pk"))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('maintenance_workorder')), "
                "pg_size_pretty(pg_total_relation_size('inspections_finding') "
                "+ pg_total_relation_size('inspections_step') + pg_total_relation_size('inspections_reinspection'))"
            )
            order_size, finding_size = cursor.fetchone()
            cursor.execute("SELECT status, count(*) FROM maintenance_workorder GROUP BY status ORDER BY status")
            statuses = ", ".join(f"{status} {count:,}" for status, count in cursor.fetchall())
        print(
            f"Set-up in {time.perf_counter() - start:.1f} s: {made['orders']:,} work orders ({order_size} with "
            f"indexes; {statuses}) of {made['plans']:,} plans, {made['crews']} crews, {made['departments']} "
            f"departments, {made['zones']} zones; {found['findings']:,} findings, {found['steps']:,} steps, "
            f"{found['re-inspections']:,} re-inspections ({finding_size})"
        )

        manager = get_user_model().objects.create_user("bench-manager", password=None)
        manager.groups.add(Group.objects.get(name=Role.MANAGER.value))
        client = Client()
        client.force_login(manager)
        dashboard = reverse("dashboard")
        pages = {
            "dashboard, this week": f"{dashboard}?period=this-week",
            "dashboard, last week": f"{dashboard}?period=last-week",
            "dashboard, this month": f"{dashboard}?period=this-month",
            "trivial page (signed in)": install_blank_page(),
        }
        times = measure(client, pages, args.requests)
        trivial = statistics.median(times["trivial page (signed in)"])
        print(f"Server time, {args.requests} requests per page after {WARM_UPS} warm-ups (django.test.Client):")
        for name, samples in times.items():
            median = statistics.median(samples)
            print(
                f"  {name:<26} median {median:7.1f} ms   min {min(samples):7.1f}   max {max(samples):7.1f}   "
                f"{median / trivial:5.1f}× the trivial page"
            )
        worst = max(statistics.median(samples) for name, samples in times.items() if name.startswith("dashboard"))
        for name in pages:
            if name.startswith("dashboard"):
                queries, captured = count_queries(client, pages[name])
                sql_ms = sum(float(query["time"]) for query in captured) * 1000
                print(f"SQL queries of the {name}: {queries}, {sql_ms:.0f} ms in the database")
        print(
            verdict(worst <= MAX_SECONDS * 1000, f"the dashboard under {MAX_SECONDS} s (slowest median {worst:.0f} ms)")
        )
        # The Monday report (reports.weekly): last week's figures per department and zone,
        # the week before for the comparison, stored; the goal is under 10 s.
        week = last_week()
        started = time.perf_counter()
        generate_weekly_report(week)
        first = time.perf_counter() - started
        started = time.perf_counter()
        generate_weekly_report(week)  # again: replaces it
        again = time.perf_counter() - started
        print(f"The Monday report of {week}: generated in {first:.2f} s, again (replacing it) in {again:.2f} s")
        print(verdict(max(first, again) <= WEEKLY_MAX_SECONDS, f"the Monday report under {WEEKLY_MAX_SECONDS} s"))
        if worst > MAX_SECONDS * 1000 or args.explain:
            _queries, captured = count_queries(client, pages["dashboard, this month"])
            slowest = sorted(captured, key=lambda query: float(query["time"]), reverse=True)[:SLOWEST]
            print(f"The {SLOWEST} slowest queries of the dashboard, this month:")
            for query in slowest:
                print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
            print("The slowest one's plan:")
            print(explain(slowest[0]["sql"]))
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
