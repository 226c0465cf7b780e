"""The measurement of the Today benchmark (bench/today.py): server time per page (median,
99th percentile), where it goes (SQL, template, Python), query counts, and the profile.

Django is imported inside the functions: bench/benchdb.py sets it up first.
"""

import cProfile
import io
import math
import pstats
import statistics
import sys
import time

WARM_UPS = 20

# The signed-in trivial page: base.html with nothing in it, behind the login (session and
# user loaded, the layout rendered): what every signed-in page costs before its own work.
BLANK_TEMPLATE = '{% extends "base.html" %}{% block title %}基准{% endblock %}'


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

    from maintenance.views.today import _rows

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
