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
import cProfile
import datetime
import io
import itertools
import math
import os
import pstats
import random
import statistics
import sys
import time

from benchdb import drop_database, open_database, verdict

DATABASE = "shouwei_bench_today"

# Goal (issue 4, "Speed"): Today's server time within 3× of a trivial page's.
MAX_RATIO = 3.0
WARM_UPS = 20

# The benchmarked crew's day.
DUE_TODAY, OVERDUE = 40, 20
CREW_PLANS, CREWS = 5, 20
# The benchmarked crew's history and future: one order per target and week.
HISTORY_WEEKS, FUTURE_WEEKS = 52, 8
# The other crews' orders: every STRIDE days per target, from PAST_DAYS ago to FUTURE_DAYS ahead.
PAST_DAYS, FUTURE_DAYS, STRIDE = 365, 60, 8
ASSETS = 2000
CHECKLIST = [
    ("垃圾已清运", "pass_fail", ""),
    ("清运量", "number", "kg"),
    ("设施完好", "pass_fail", ""),
    ("备注", "text", ""),
]

# The signed-in trivial page: base.html with nothing in it, behind the login (session and
# user loaded, the layout rendered): what every signed-in page costs before its own work.
BLANK_TEMPLATE = '{% extends "base.html" %}{% block title %}基准{% endblock %}'


# --- The data ---------------------------------------------------------------------------------


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows into table (in the current transaction); returns how many."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def create_data(total: int):
    """The registry, crews and plans, and `total` work orders; returns the benchmarked member."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from assets.choices import AssetKind, Role, ZoneType
    from assets.models import Asset, Department, Zone
    from maintenance.choices import OrderStatus
    from maintenance.models import (
        ChecklistAnswer,
        ChecklistItem,
        Crew,
        CrewMembership,
        Notification,
        Plan,
        TaskType,
        WorkOrder,
    )

    rng = random.Random(4)
    today = timezone.localdate()
    now = timezone.now()
    zone_tz = timezone.get_current_timezone()
    User = get_user_model()

    with transaction.atomic():
        department = Department.objects.create(code="bench", name="基准测试部门")
        zones = [
            Zone.objects.create(code=f"bench-{n}", name=f"基准责任区{n}", type=ZoneType.ROADS_GREENING, lead=department)
            for n in range(5)
        ]
        assets = []
        for n in range(ASSETS):
            lon, lat = 120.03 + (n % 50) * 0.0008, 28.88 + (n // 50) * 0.0008
            asset = Asset(
                code=f"BENCH-{n:05d}",
                name=f"基准设施{n}",
                kind=AssetKind.EQUIPMENT,
                department=department,
                zone=zones[n % len(zones)],
                geometry={"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            )
            asset.measure()  # bulk_create skips save(), which fills the bbox fields
            assets.append(asset)
        Asset.objects.bulk_create(assets, batch_size=2000)

        crews = Crew.objects.bulk_create(
            Crew(code=f"bench-{n:02d}", name=f"基准班组{n}", department=department) for n in range(CREWS)
        )
        task_types = list(TaskType.objects.all())
        plans = Plan.objects.bulk_create(
            Plan(
                name=f"基准计划 {crew.code}-{n}",
                task_type=task_types[n % len(task_types)],
                crew=crew,
                rrule="FREQ=WEEKLY",
                instructions="按作业规范完成，拍照留存。",
                estimated_minutes=30,
                # Half the plans have a time of day: Today sorts by it.
                due_time=datetime.time(8 + n, 30) if n % 2 == 0 else None,
                start=today - datetime.timedelta(days=PAST_DAYS),
            )
            for crew in crews
            for n in range(CREW_PLANS)
        )
        items = ChecklistItem.objects.bulk_create(
            ChecklistItem(plan=plan, position=position, label=label, kind=kind, unit=unit, required=kind != "text")
            for plan in plans
            for position, (label, kind, unit) in enumerate(CHECKLIST)
        )
        items_of = {}
        for item in items:
            items_of.setdefault(item.plan_id, []).append(item)

        crew_group = Group.objects.get(name=Role.CREW.value)
        member = User.objects.create_user("bench-member", password=None)
        member.groups.add(crew_group)
        mates = [User.objects.create_user(f"bench-mate-{n}", password=None) for n in range(3)]
        CrewMembership.objects.bulk_create(
            [CrewMembership(crew=crews[0], user=member)]
            + [CrewMembership(crew=crews[0], user=mate, is_leader=n == 0) for n, mate in enumerate(mates)]
        )
        for mate in mates:
            mate.groups.add(crew_group)

        def order(plan, asset, due, status=OrderStatus.SCHEDULED, assignee=None):
            started = closed = closed_by = None
            skip_reason = ""
            due_at = datetime.datetime.combine(due, plan.due_time or datetime.time(9), tzinfo=zone_tz)
            if status != OrderStatus.SCHEDULED:
                started = due_at
            if status in (OrderStatus.DONE, OrderStatus.SKIPPED):
                closed, closed_by = due_at + datetime.timedelta(minutes=40), assignee
            if status == OrderStatus.SKIPPED:
                skip_reason = "雨天暂停作业"
            created = min(now, due_at - datetime.timedelta(days=14))
            return (
                plan.pk, asset.pk, plan.crew_id, assignee.pk if assignee else None, due, due, plan.due_time,
                status, False, False, None, "", skip_reason, "", 35 if closed else None,
                started, closed, closed_by.pk if closed_by else None, None, created, closed or created,
            )  # fmt: skip

        columns = [
            "plan_id", "asset_id", "crew_id", "assignee_id", "occurrence", "due", "due_time",
            "status", "provisional", "rescheduled", "meter_threshold", "notes", "skip_reason", "cancel_reason",
            "minutes_spent", "started", "closed", "closed_by_id", "overdue_notified", "created", "updated",
        ]  # fmt: skip

        def ours():
            """The benchmarked crew: 60 targets (plan, asset); 40 due today, 20 overdue, a year
            of weekly history (done, a few skipped) and eight weeks ahead."""
            own_plans = plans[:CREW_PLANS]
            targets = [(own_plans[n % CREW_PLANS], assets[n]) for n in range(DUE_TODAY + OVERDUE)]
            people = [member, *mates]
            for n, (plan, asset) in enumerate(targets):
                if n < DUE_TODAY:
                    # The day under way: most to do, a few started, a few done already.
                    status = OrderStatus.DONE if n < 6 else OrderStatus.IN_PROGRESS if n < 10 else OrderStatus.SCHEDULED
                    yield order(plan, asset, today, status, people[n % 4] if status != OrderStatus.SCHEDULED else None)
                    first_past = today - datetime.timedelta(days=7)
                else:
                    overdue_by = 1 + (n - DUE_TODAY) % 10
                    first_past = today - datetime.timedelta(days=overdue_by)
                    yield order(plan, asset, first_past, OrderStatus.SCHEDULED)
                    first_past -= datetime.timedelta(days=7)
                for week in range(HISTORY_WEEKS):
                    status = OrderStatus.SKIPPED if rng.random() < 0.03 else OrderStatus.DONE
                    yield order(plan, asset, first_past - datetime.timedelta(days=7 * week), status, people[week % 4])
                for week in range(1, FUTURE_WEEKS + 1):
                    yield order(plan, asset, today + datetime.timedelta(days=7 * week))

        def theirs():
            """The other crews: their targets, one order every STRIDE days from a year ago to
            two months ahead; the past done (a few skipped, a few overdue), the rest to do."""
            n = 0
            for crew_index in range(1, CREWS):
                crew_plans = plans[crew_index * CREW_PLANS : (crew_index + 1) * CREW_PLANS]
                for asset in assets[DUE_TODAY + OVERDUE + (crew_index - 1) * 100 :][:100]:
                    n += 1
                    plan = crew_plans[n % CREW_PLANS]
                    for offset in range(-PAST_DAYS + n % STRIDE, FUTURE_DAYS + 1, STRIDE):
                        due = today + datetime.timedelta(days=offset)
                        if offset < 0:
                            roll = rng.random()
                            status = (
                                OrderStatus.SCHEDULED
                                if roll < 0.002
                                else OrderStatus.SKIPPED
                                if roll < 0.03
                                else OrderStatus.DONE
                            )
                        else:
                            status = OrderStatus.SCHEDULED
                        yield order(plan, asset, due, status)

        created = copy_rows(WorkOrder._meta.db_table, columns, ours())
        created += copy_rows(WorkOrder._meta.db_table, columns, itertools.islice(theirs(), max(0, total - created)))

        # Answers: every done order answered in full; today's started ones in part. Read
        # first: the connection cannot run a query while it is copying.
        answered = list(
            WorkOrder.objects.filter(status__in=[OrderStatus.DONE, OrderStatus.IN_PROGRESS]).values_list(
                "pk", "plan_id", "status", "updated"
            )
        )

        def answers():
            for pk, plan_id, status, moment in answered:
                for item in items_of[plan_id][: 4 if status == OrderStatus.DONE else 2]:
                    passed = True if item.kind == "pass_fail" else None
                    number = 12.5 if item.kind == "number" else None
                    text = "正常" if item.kind == "text" else ""
                    yield (pk, item.pk, passed, number, text, moment)

        answer_count = copy_rows(
            ChecklistAnswer._meta.db_table, ["order_id", "item_id", "passed", "number", "text", "answered"], answers()
        )
        overdue = WorkOrder.objects.filter(crew=crews[0], status=OrderStatus.SCHEDULED, due__lt=today)
        Notification.objects.bulk_create(
            Notification(user=member, order=row, message=f"逾期：{row.plan_id}", read=None if n < 5 else now)
            for n, row in enumerate(overdue.order_by("-due")[:200])
        )
        if created != total:
            raise SystemExit(f"Only {created:,} orders could be made (asked for {total:,}): raise STRIDE or ASSETS.")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return member, crews[0], answer_count


# --- The measurement --------------------------------------------------------------------------


def install_blank_page() -> str:
    """Add a signed-in blank page to the project's URLs (for this process only)."""
    import types

    from django.conf import settings
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, path

    template = engines["django"].from_string(BLANK_TEMPLATE)

    def blank(request):
        return HttpResponse(template.render({}, request))

    project = __import__(settings.ROOT_URLCONF, fromlist=["urlpatterns"])
    module = types.ModuleType("bench_today_urls")
    module.urlpatterns = [path("bench/blank/", blank, name="bench-blank"), *project.urlpatterns]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    return "/bench/blank/"


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure_uncached(client, url: str, requests: int) -> list[float]:
    """Server time of a page with every cache emptied before each request: Today's first
    visit of the day (its cards rendered, its list query built)."""
    from django.core.cache import cache

    from maintenance.views.orders import _rows

    times = []
    for _ in range(requests):
        cache.clear()
        _rows.cache_clear()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(client, urls: dict[str, str], requests: int) -> dict[str, list[float]]:
    """Server time of each page in milliseconds; the pages take turns, so that a busy moment
    of the machine falls on all of them alike."""
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


def count_queries(client, url: str) -> tuple[int, list[dict]]:
    """Today's SQL queries on a repeated visit (the first one also writes the session)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries), context.captured_queries


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(f"    {row[0]}" for row in cursor.fetchall())


def queries_with_more_orders(client, url: str, crew, extra: int) -> tuple[int, int]:
    """Today's query count after adding `extra` orders due today to the crew (rolled back)."""
    from django.db import transaction
    from django.utils import timezone

    from assets.models import Asset
    from maintenance.models import WorkOrder

    today = timezone.localdate()
    with transaction.atomic():
        plan = crew.plans.first()
        WorkOrder.objects.bulk_create(
            WorkOrder(plan=plan, asset=asset, crew=crew, occurrence=today, due=today)
            for asset in Asset.objects.exclude(work_orders__plan=plan, work_orders__due=today)[:extra]
        )
        listed = WorkOrder.objects.filter(crew=crew, due=today).count()
        count, _sql = count_queries(client, url)
        transaction.set_rollback(True)
    return listed, count


def time_split(client, url: str, requests: int = 100) -> dict[str, float]:
    """Median milliseconds of a page's requests spent in SQL (each cursor execute: send,
    plan, run, receive) and in template rendering; the rest is Python (the ORM building
    queries and model instances, the view, the middleware, the test client)."""
    from django.db import connection
    from django.template.backends.django import Template

    spent = {"sql": 0.0, "render": 0.0}

    def timed_execute(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - start

    original = Template.render

    def timed_render(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent["render"] += time.perf_counter() - start

    split = {"total": [], "sql": [], "render": []}
    Template.render = timed_render
    try:
        with connection.execute_wrapper(timed_execute):
            for _ in range(requests):
                spent.update(sql=0.0, render=0.0)
                start = time.perf_counter()
                client.get(url)
                split["total"].append(time.perf_counter() - start)
                split["sql"].append(spent["sql"])
                split["render"].append(spent["render"])
    finally:
        Template.render = original
    medians = {name: statistics.median(values) * 1000 for name, values in split.items()}
    medians["python"] = medians["total"] - medians["sql"] - medians["render"]
    return medians


def profile_today(client, url: str, requests: int = 50) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)
    return out.getvalue()


def summary(name: str, url: str, samples: list[float]) -> str:
    return (
        f"  {name:<28} {url:<16} median {statistics.median(samples):7.2f} ms   "
        f"p99 {percentile(samples, 0.99):7.2f} ms   (min {min(samples):.2f}, max {max(samples):.2f})"
    )


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
        }
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
        for name in list(pages)[1:]:
            ratio = today / statistics.median(times[name])
            p99_ratio = percentile(times["Today"], 0.99) / percentile(times[name], 0.99)
            print(f"Today / {name}: {ratio:.1f}× (median), {p99_ratio:.1f}× (p99)")
        ratio = today / statistics.median(times["trivial page (signed in)"])
        met = ratio <= MAX_RATIO
        print(verdict(met, f"Today within {MAX_RATIO:.0f}× of the trivial page (is {ratio:.1f}×)"))
        ratio = statistics.median(uncached) / statistics.median(times["trivial page (signed in)"])
        print(f"Today with nothing cached / the trivial page: {ratio:.1f}× (median)")
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
