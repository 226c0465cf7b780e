"""The work orders of the dashboard benchmark (bench/dashboard.py): six departments of
eight crews, ten zones, 10,000 assets, 2,400 plans of four assets each, and about
1,000,000 orders over a year (ten months past, two ahead), made in the database with one
set-based INSERT … SELECT over generate_series (the rows a year of generation leaves).

Targets (plan, asset): a fifth daily, half weekly, the rest monthly. Orders due before
today: 90 % done on time (closed at 17:00 on the due day), 4 % done late (one to three days
after), 3 % skipped, 1 % cancelled (a paused plan), the rest left open (overdue); one in
five of the last three days' still open. Today's: a third done, a third started, the rest
to do. Ahead: scheduled. Each crew has one corrective plan (put right after a finding).

Django is imported inside the functions: bench/benchdb.py sets it up first.
"""

import datetime

from today_data import copy_rows

DEPARTMENTS, CREWS_PER_DEPARTMENT, ZONES = 6, 8, 10
ASSETS, PLANS, ASSETS_PER_PLAN = 10_000, 2_400, 4
PAST_DAYS, FUTURE_DAYS = 300, 65


def create_orders(total: int, zones: list) -> dict:
    """Departments, crews, assets, plans and up to ``total`` work orders; returns counts.
    ``zones`` are the zones there are already (the findings'): more are added up to ZONES."""
    from django.db import connection, transaction
    from django.utils import timezone

    from assets.choices import AssetKind, ZoneType
    from assets.models import Asset, Department, Zone
    from maintenance.models import Crew, Plan, TaskType

    today = timezone.localdate()
    with transaction.atomic():
        departments = Department.objects.bulk_create(
            Department(code=f"dash-{n}", name=f"基准部门{n}") for n in range(DEPARTMENTS)
        )
        zones = list(zones) + [
            Zone.objects.create(
                code=f"dash-{n}", name=f"基准片区{n}", type=ZoneType.ROADS_GREENING, lead=departments[n % DEPARTMENTS]
            )
            for n in range(ZONES - len(zones))
        ]
        assets = []
        for n in range(ASSETS):
            lon, lat = 120.03 + (n % 100) * 0.0004, 28.88 + (n // 100) * 0.0004
            asset = Asset(
                code=f"DASH-{n:05d}",
                name=f"基准设施{n}",
                kind=AssetKind.EQUIPMENT,
                department=departments[n % DEPARTMENTS],
                zone=zones[n % ZONES],
                geometry={"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            )
            asset.measure()  # bulk_create skips save(), which fills the bbox fields
            assets.append(asset)
        Asset.objects.bulk_create(assets, batch_size=2000)
        crews = Crew.objects.bulk_create(
            Crew(code=f"dash-{n:02d}", name=f"基准班组{n}", department=departments[n // CREWS_PER_DEPARTMENT])
            for n in range(DEPARTMENTS * CREWS_PER_DEPARTMENT)
        )
        task_types = list(TaskType.objects.all())
        strides = {0: 1, 1: 7, 2: 7, 3: 7, 4: 30}  # by plan number mod 5: daily, weekly, monthly
        plans = Plan.objects.bulk_create(
            Plan(
                name=f"基准计划{n:04d}",
                task_type=task_types[n % len(task_types)],
                crew=crews[n % len(crews)],
                rrule={1: "FREQ=DAILY", 7: "FREQ=WEEKLY", 30: "FREQ=MONTHLY"}[strides[n % 5]],
                start=today - datetime.timedelta(days=PAST_DAYS),
            )
            for n in range(PLANS)
        )
        # Corrective plans (one a crew, paused: services.corrective makes them so) set apart by hand.
        Plan.objects.filter(pk__in=[plan.pk for plan in plans[: len(crews)]]).update(corrective=True, paused=True)

        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_target (plan_id int, asset_id int, crew_id int, stride int, first int)"
            )
        targets = (
            (
                plan.pk,
                assets[(n * ASSETS_PER_PLAN + k) % ASSETS].pk,
                plan.crew_id,
                strides[n % 5],
                (n + k) % strides[n % 5],
            )
            for n, plan in enumerate(plans)
            for stride in [strides[n % 5]]
            for k in range(ASSETS_PER_PLAN)
        )
        copy_rows("bench_target", ["plan_id", "asset_id", "crew_id", "stride", "first"], targets)
        with connection.cursor() as cursor:
            # One INSERT … SELECT: each target's days, then what became of each order.
            cursor.execute(
                """
                INSERT INTO maintenance_workorder (
                    plan_id, asset_id, crew_id, occurrence, due, status, provisional, rescheduled,
                    notes, skip_reason, cancel_reason, started, closed, created, updated)
                SELECT plan_id, asset_id, crew_id, due, due, status, false, false, '',
                       CASE WHEN status = 'skipped' THEN '雨天暂停作业' ELSE '' END,
                       CASE WHEN status = 'cancelled' THEN 'paused' ELSE '' END,
                       CASE WHEN status <> 'scheduled' THEN closed END,
                       CASE WHEN status NOT IN ('scheduled', 'in_progress') THEN closed END,
                       due - 14, due - 14
                FROM (
                    SELECT t.*, d::date AS due,
                           CASE
                               WHEN d::date > %(today)s THEN 'scheduled'
                               WHEN d::date = %(today)s
                                   THEN (ARRAY['done', 'in_progress', 'scheduled'])[1 + (t.asset_id %% 3)]
                               WHEN d::date >= %(today)s - 3 AND r >= 0.80 THEN 'scheduled'
                               WHEN r < 0.94 THEN 'done'
                               WHEN r < 0.97 THEN 'skipped'
                               WHEN r < 0.98 THEN 'cancelled'
                               ELSE 'scheduled'
                           END AS status,
                           LEAST(now(), (d::date + time '17:00') AT TIME ZONE 'Asia/Shanghai'
                               + CASE WHEN r >= 0.90 AND r < 0.94 THEN (1 + (t.asset_id %% 3)) * interval '1 day'
                                      ELSE interval '0' END) AS closed
                    FROM bench_target t,
                         generate_series(%(first)s::date + t.first, %(last)s::date, t.stride * interval '1 day') d,
                         LATERAL (SELECT random() + 0 * t.plan_id AS r) roll
                    LIMIT %(total)s
                ) o
                """,
                {
                    "today": today,
                    "first": today - datetime.timedelta(days=PAST_DAYS),
                    "last": today + datetime.timedelta(days=FUTURE_DAYS),
                    "total": total,
                },
            )
            created = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"departments": DEPARTMENTS, "crews": len(crews), "zones": len(zones), "plans": PLANS, "orders": created}
