"""The data of the Today benchmark (bench/today.py): the registry, 20 crews and their plans,
and the work orders (100,000 by default) loaded with COPY; the signed-in member's crew has a
realistic day.

Django is imported inside the functions: bench/benchdb.py sets it up first.
"""

import datetime
import itertools
import random

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

    from assets.choices import AssetKind, ZoneType
    from assets.models import Asset, Department, Zone
    from core.models import Notification
    from core.roles import Role
    from maintenance.choices import OrderStatus
    from maintenance.models import (
        ChecklistAnswer,
        ChecklistItem,
        Crew,
        CrewMembership,
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
                    yield (pk, item.pk, passed, number, text, moment, item.label, item.kind, item.unit)

        answer_columns = ["order_id", "item_id", "passed", "number", "text", "answered", "label", "kind", "unit"]
        answer_count = copy_rows(ChecklistAnswer._meta.db_table, answer_columns, answers())
        overdue = WorkOrder.objects.filter(crew=crews[0], status=OrderStatus.SCHEDULED, due__lt=today)
        Notification.objects.bulk_create(
            Notification(
                user=member, url=row.get_absolute_url(), message=f"逾期：{row.plan_id}", read=None if n < 5 else now
            )
            for n, row in enumerate(overdue.order_by("-due")[:200])
        )
        if created != total:
            raise SystemExit(f"Only {created:,} orders could be made (asked for {total:,}): raise STRIDE or ASSETS.")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return member, crews[0], answer_count
