"""Benchmark of the crews' Today page on PostgreSQL (`make bench`; see bench/README.md).

100,000 work orders in the database; the signed-in crew member's crew has a realistic
day (40 orders due today, 20 overdue, a four-item checklist on every plan). Measures the
server time of GET /today/ — in-process with django.test.Client, so no network and no
browser: the time Django spends on the request — against the trivial page (a signed-in
blank page: the layout and nothing else) through the same middleware in the same run,
and counts Today's SQL queries at two sizes of the crew's day. /healthz (no session, no
template) and Today with nothing cached are measured too, for reference.

    python bench/today.py [--orders N] [--requests N] [--profile] [--keep]

The database shouwei_bench_today is created (dropped first if it exists) on the server of
DATABASE_URL and dropped at the end unless --keep. The exit code is 0 whether or not the
goal is met: the figures are for reading (and for docs/benchmarks.md), not a gate.
"""

import argparse
import os
import statistics
import sys
import time

from benchdb import drop_database, open_database, verdict
from today_data import CHECKLIST, CREWS, DUE_TODAY, OVERDUE, create_data
from today_measure import (
    WARM_UPS,
    count_queries,
    explain,
    install_blank_page,
    measure,
    measure_uncached,
    percentile,
    profile_today,
    queries_with_more_orders,
    summary,
    time_split,
)

DATABASE = "shouwei_bench_today"

# Goal (issue 4, "Speed"): Today's server time within 3× of a trivial page's.
MAX_RATIO = 3.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000, help="work orders in the database; default 100,000")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page; default 300")
    parser.add_argument("--profile", action="store_true", help="cProfile Today even if the goal is met")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    args = parser.parse_args(argv)

    os.environ["ALLOWED_HOSTS"] = "testserver"
    url, server_version = open_database(DATABASE)
    try:
        from django.db import connection, connections
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        print(f"Shouwei Today benchmark, {timezone.localdate()}, {server_version}, database {DATABASE}")

        start = time.perf_counter()
        member, crew, answer_count = create_data(args.orders)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM maintenance_workorder")
            orders = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('maintenance_workorder'))")
            size = cursor.fetchone()[0]
        print(
            f"Set-up: {orders:,} work orders ({size} with indexes), {answer_count:,} checklist answers, "
            f"{CREWS} crews, in {time.perf_counter() - start:.1f} s"
        )
        print(
            f"  the member's crew today: {DUE_TODAY} due today (6 done, 4 in progress), {OVERDUE} overdue, "
            f"{len(CHECKLIST)} checklist items per plan"
        )

        client = Client()
        client.force_login(member)
        pages = {
            "Today": reverse("today"),
            "trivial page (signed in)": install_blank_page(),
            "for reference: /healthz": reverse("healthz"),
            # Each day's stops by distance from where the phone is (issue 9), in the zone.
            "Today, nearest first": reverse("today") + "?near=28.9000,120.0500",
        }
        references = ["trivial page (signed in)", "for reference: /healthz"]
        queries, sql = count_queries(client, pages["Today"])
        listed, queries_more = queries_with_more_orders(client, pages["Today"], crew, 500)
        times = measure(client, pages, args.requests)

        print(f"Server time, {args.requests} requests per page after {WARM_UPS} warm-ups (django.test.Client):")
        for name, page in pages.items():
            print(summary(name, page, times[name]))
        uncached = measure_uncached(client, pages["Today"], max(20, args.requests // 5))
        print(summary("Today, nothing cached", pages["Today"], uncached))
        print("Where the time goes (median ms of 100 more requests each; SQL = execute: send, plan, run, receive):")
        for name, page in pages.items():
            split = time_split(client, page)
            print(
                f"  {name:<28} total {split['total']:6.1f}   SQL {split['sql']:5.1f}   "
                f"template {split['render']:5.1f}   Python (ORM, view, middleware) {split['python']:5.1f}"
            )
        size = len(client.get(pages["Today"]).content)
        print(f"  Today's page: {size / 1024:.0f} KiB of HTML")
        print(
            f"SQL queries of Today: {queries} with {DUE_TODAY + OVERDUE} orders listed; "
            f"{queries_more} with {listed + OVERDUE} listed (500 more due today, rolled back)"
        )
        print(verdict(queries == queries_more, f"a constant number of queries ({queries} and {queries_more})"))

        today = statistics.median(times["Today"])
        for name in references:
            ratio = today / statistics.median(times[name])
            p99_ratio = percentile(times["Today"], 0.99) / percentile(times[name], 0.99)
            print(f"Today / {name}: {ratio:.1f}× (median), {p99_ratio:.1f}× (p99)")
        ratio = today / statistics.median(times["trivial page (signed in)"])
        met = ratio <= MAX_RATIO
        print(verdict(met, f"Today within {MAX_RATIO:.0f}× of the trivial page (is {ratio:.1f}×)"))
        ratio = statistics.median(uncached) / statistics.median(times["trivial page (signed in)"])
        print(f"Today with nothing cached / the trivial page: {ratio:.1f}× (median)")
        ratio = statistics.median(times["Today, nearest first"]) / statistics.median(times["trivial page (signed in)"])
        print(f"Today, nearest first / the trivial page: {ratio:.1f}× (median)")
        if args.profile or not met:
            print("\nToday's queries (ms, SQL):")
            for query in sql:
                print(f"  {float(query['time']) * 1000:6.2f}  {query['sql'][:200]}")
            slowest = max((query for query in sql if query["sql"].startswith("SELECT")), key=lambda q: float(q["time"]))
            print("\nThe slowest query's plan:")
            print(explain(slowest["sql"]))
            print("\ncProfile of 50 Today requests:")
            print(profile_today(client, pages["Today"]))
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
