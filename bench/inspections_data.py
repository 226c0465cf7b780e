"""The data of the inspections benchmark (bench/inspections.py): five responsibility
zones, the seeded categories, and 200,000 findings (by default) over three years with
their steps and re-inspections, loaded with COPY.

Findings: one every few minutes over the last three years, at 2,000 places across the
zones; 92 % closed (after one to three days), 3 % voided, 5 % still in the loop. A closed
finding has its four steps and its checks at 7, 30 and 90 days: those due more than three
days ago are recorded (held, 1 % a rebound), those of the last three days partly left
overdue, the rest scheduled. One closed finding in ten (spread over the three years) has no
checks yet: a backlog for the nightly job, as on its first run after history is imported.

Django is imported inside the functions: bench/benchdb.py sets it up first.
"""

import datetime
import json
import random

from today_data import copy_rows

ZONES = 5
PLACES = 2000
YEARS_DAYS = 3 * 365
OFFSETS = (7, 30, 90)
# One closed finding in this many is left without its re-inspections, for the nightly job.
BACKLOG_SHARE = 10

FINDING_COLUMNS = [
    "id", "category_id", "source", "point", "lon", "lat", "zone_id", "severity", "description", "status",
    "department_id", "dispatched", "deadline", "disposed", "closed", "rework_count", "rebound_number",
    "cleared_note", "reinspections_scheduled", "reported_by_id", "created", "updated", "door_duty",
]  # fmt: skip
STEP_COLUMNS = ["finding_id", "kind", '"before"', '"after"', "by_id", "at", "note"]
CHECK_COLUMNS = ["finding_id", '"offset"', "due", "status", "checked_by_id", "checked", "note", "created"]


def create_data(total: int):
    """Zones, an inspector, ``total`` findings with steps and checks; returns
    (the inspector, counts of rows by table)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from assets.choices import ZoneType
    from assets.models import Department, Zone
    from core.roles import Role
    from inspections.models import Category

    rng = random.Random(10)
    now = timezone.now()
    today = timezone.localdate()
    zone_tz = timezone.get_current_timezone()
    User = get_user_model()

    with transaction.atomic():
        department = Department.objects.create(code="bench", name="基准测试部门")
        zones = [
            Zone.objects.create(code=f"bench-{n}", name=f"基准责任区{n}", type=ZoneType.ROADS_GREENING, lead=department)
            for n in range(ZONES)
        ]
        inspector = User.objects.create_user("bench-inspector", password=None)
        inspector.groups.add(Group.objects.get(name=Role.INSPECTOR.value))
        categories = list(Category.objects.values_list("pk", flat=True))
        places = [(120.03 + (n % 50) * 0.0008, 28.88 + (n // 50) * 0.0008) for n in range(PLACES)]

        findings, steps, checks = [], [], []
        step_minutes = YEARS_DAYS * 24 * 60 / total
        for index in range(total):
            pk = index + 1
            created = now - datetime.timedelta(minutes=(total - index) * step_minutes)
            lon, lat = places[rng.randrange(PLACES)]
            zone = zones[int((lon - 120.03) / 0.0008) * ZONES // 50]
            draw = rng.random()
            status = "closed" if draw < 0.92 else "voided" if draw < 0.95 else "dispatched"
            dispatched = created + datetime.timedelta(minutes=10)
            deadline = dispatched + datetime.timedelta(days=2)
            disposed = closed = None
            if status == "closed":
                disposed = created + datetime.timedelta(hours=rng.randrange(4, 48))
                closed = disposed + datetime.timedelta(hours=rng.randrange(1, 24))
                if closed > now:
                    status, disposed, closed = "dispatched", None, None
            if status == "voided":
                dispatched = deadline = None
            point = json.dumps({"type": "Point", "coordinates": [lon, lat]})
            findings.append(
                [
                    pk, rng.choice(categories), "inspection", point, lon, lat, zone.pk, "medium",
                    f"基准问题{pk}", status, None if status == "voided" else department.pk,
                    dispatched, deadline, disposed, closed, 0, 0, "", None, inspector.pk, created, created, "",
                ]
            )  # fmt: skip
            steps.append([pk, "registered", "", "registered", inspector.pk, created, ""])
            if status == "voided":
                steps.append([pk, "voided", "registered", "voided", inspector.pk, created, "登记有误"])
                continue
            steps.append([pk, "dispatched", "registered", "dispatched", inspector.pk, dispatched, ""])
            if status != "closed":
                continue
            steps.append([pk, "disposed", "dispatched", "disposed", inspector.pk, disposed, "已处置"])
            steps.append([pk, "closed", "disposed", "closed", inspector.pk, closed, ""])
            findings[-1][-5] = closed  # reinspections_scheduled
            for offset in OFFSETS:
                day = closed.astimezone(zone_tz).date() + datetime.timedelta(days=offset)
                while day.weekday() >= 5:
                    day += datetime.timedelta(days=1)
                if day < today - datetime.timedelta(days=3) or (day < today and rng.random() < 0.9):
                    result = "rebound" if rng.random() < 0.01 else "held"
                    at = datetime.datetime.combine(day, datetime.time(10), zone_tz)
                    checks.append([pk, offset, day, result, inspector.pk, at, "", closed])
                    if result == "rebound":
                        break  # its later checks are cancelled: left out
                else:
                    checks.append([pk, offset, day, "scheduled", None, None, "", closed])
        # Some closed findings wait for the nightly job: no checks yet.
        waiting = {row[0] for row in findings if row[9] == "closed" and row[0] % BACKLOG_SHARE == 0}
        for row in findings:
            if row[0] in waiting:
                row[-5] = None
        checks = [row for row in checks if row[0] not in waiting]

        counts = {
            "findings": copy_rows("inspections_finding", FINDING_COLUMNS, findings),
            "steps": copy_rows("inspections_step", STEP_COLUMNS, steps),
            "re-inspections": copy_rows("inspections_reinspection", CHECK_COLUMNS, checks),
            "waiting": len(waiting),
        }
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('inspections_finding', 'id'), "
                "(SELECT max(id) FROM inspections_finding))"
            )
            cursor.execute("ANALYZE inspections_finding")
            cursor.execute("ANALYZE inspections_step")
            cursor.execute("ANALYZE inspections_reinspection")
    return inspector, counts
