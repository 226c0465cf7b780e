"""The planners' pages: plan list, plan page, plan form, and the plan page's buttons.

Time is frozen on Monday 2 March 2026, 09:00 in the zone, unless a test travels
elsewhere (National Day 2026 for the working-days calendar, late December for 2027,
a year chinesecalendar 1.11 does not know).
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from assets.choices import AssetKind, AssetStatus
from maintenance import services
from maintenance.choices import CalendarPolicy, ChecklistItemKind, Meter, NonWorkingDayRule, OrderStatus, PlanMode
from maintenance.models import ChecklistItem, Crew, MeterReading, Plan, TaskType, WorkOrder
from tests.factories import AssetFactory, DepartmentFactory, ZoneFactory
from tests.maintenance.factories import at

TODAY = datetime.date(2026, 3, 2)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


@pytest.fixture
def crew(db):
    return Crew.objects.create(
        code="sanitation", name="环卫班组", name_en="Sanitation crew", department=DepartmentFactory()
    )


@pytest.fixture
def cleaning(db):
    return TaskType.objects.get(code="cleaning")  # seeded by migration maintenance/0002


def make_plan(crew, assets=(), generate=True, **fields) -> Plan:
    """A fixed, every-day plan recurring daily from TODAY on the given assets."""
    values = {
        "name": "Daily sweeping",
        "task_type": TaskType.objects.get(code="cleaning"),
        "crew": crew,
        "rrule": "FREQ=DAILY",
        "start": TODAY,
        **fields,
    }
    plan = Plan.objects.create(**values)
    plan.assets.set(assets)
    if generate:
        services.generate_work_orders(plan_ids=[plan.pk])
    return plan


def make_late_plan(frozen, crew, assets, days_late: int, **fields) -> Plan:
    """A plan whose orders of the last ``days_late`` days are still open: overdue."""
    frozen.move_to(at(TODAY - datetime.timedelta(days=days_late)))
    plan = make_plan(crew, assets, start=TODAY - datetime.timedelta(days=days_late), **fields)
    frozen.move_to(at(TODAY))
    services.generate_work_orders(plan_ids=[plan.pk])
    return plan


@pytest.fixture
def asset(db):
    return AssetFactory(code="RD-01", name="皇城路一段", kind=AssetKind.ROAD_SEGMENT)


@pytest.fixture
def plan(crew, asset):
    plan = make_plan(crew, [asset], name="Daily sweeping of Huangcheng Road")
    ChecklistItem.objects.create(plan=plan, position=1, label="Litter picked", kind=ChecklistItemKind.PASS_FAIL)
    return plan


def body(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def form_data(crew, cleaning, **overrides) -> dict:
    """What a planner types into the new-plan form, with one checklist item."""
    data = {
        "name": "Weekly cleaning of the landscapes",
        "task_type": cleaning.pk,
        "crew": crew.pk,
        "instructions": "Sweep, wipe the benches.",
        "estimated_minutes": "30",
        "target_mode": "assets",
        "asset_codes": "",
        "target_kind": "",
        "target_zone": "",
        "mode": PlanMode.FIXED,
        "rrule": "FREQ=WEEKLY;BYDAY=MO,TH",
        "start": TODAY.isoformat(),
        "due_time": "08:30",
        "calendar": CalendarPolicy.EVERY_DAY,
        "non_working": NonWorkingDayRule.NEXT,
        "meter": "",
        "meter_interval": "",
        "horizon_days": "14",
        "checklist-TOTAL_FORMS": "3",
        "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "1000",
        "checklist-0-position": "",
        "checklist-0-label": "Benches wiped",
        "checklist-0-kind": ChecklistItemKind.PASS_FAIL,
        "checklist-0-unit": "",
        "checklist-0-required": "on",
        "checklist-1-position": "",
        "checklist-1-label": "Rubbish collected",
        "checklist-1-kind": ChecklistItemKind.NUMBER,
        "checklist-1-unit": "kg",
        "checklist-1-required": "",
        "checklist-2-position": "",
        "checklist-2-label": "",
        "checklist-2-kind": ChecklistItemKind.PASS_FAIL,
        "checklist-2-unit": "",
        "checklist-2-required": "on",
        "save": "1",
    }
    data.update(overrides)
    return data


# --- Who sees what ---------------------------------------------------------------------


def page_urls(plan) -> dict[str, str]:
    return {
        "list": reverse("plan-list"),
        "detail": reverse("plan-detail", args=[plan.pk]),
        "new": reverse("plan-create"),
        "edit": reverse("plan-edit", args=[plan.pk]),
    }


@pytest.mark.parametrize("page", ["list", "detail", "new", "edit"])
def test_anonymous_is_sent_to_login(client, plan, page):
    response = client.get(page_urls(plan)[page])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # Crews and the planning bureau may not see plans at all: 404 everywhere.
        ("crew_member", {"list": 404, "detail": 404, "new": 404, "edit": 404}),
        ("planner", {"list": 404, "detail": 404, "new": 404, "edit": 404}),
        # Inspectors look but do not touch.
        ("inspector", {"list": 200, "detail": 200, "new": 403, "edit": 403}),
        ("manager", {"list": 200, "detail": 200, "new": 200, "edit": 200}),
        ("administrator", {"list": 200, "detail": 200, "new": 200, "edit": 200}),
    ],
)
def test_each_role_gets_the_pages_it_may_see(client, plan, request, role, expected, signed_in):
    signed_in(request.getfixturevalue(role))
    statuses = {page: client.get(url).status_code for page, url in page_urls(plan).items()}
    assert statuses == expected


def test_a_missing_plan_is_404(client, manager, signed_in):
    signed_in(manager)
    assert client.get(reverse("plan-detail", args=[999999])).status_code == 404
    assert client.get(reverse("plan-edit", args=[999999])).status_code == 404


@pytest.mark.parametrize(("role", "shown"), [("inspector", False), ("manager", True), ("administrator", True)])
def test_buttons_are_shown_only_to_those_who_may_change_plans(client, plan, request, role, shown, signed_in):
    signed_in(request.getfixturevalue(role))
    detail = body(client.get(plan.get_absolute_url()))
    for name in ["plan-edit", "plan-generate", "plan-pause"]:
        assert (reverse(name, args=[plan.pk]) in detail) is shown
    order = WorkOrder.objects.filter(plan=plan).first()
    assert (reverse("order-move", args=[plan.pk, order.pk]) in detail) is shown
    assert (reverse("order-skip", args=[plan.pk, order.pk]) in detail) is shown
    assert (reverse("plan-create") in body(client.get(reverse("plan-list")))) is shown


@pytest.mark.parametrize(("role", "shown"), [("crew_member", False), ("planner", False), ("inspector", True)])
def test_the_plans_link_follows_the_permission(client, request, role, shown, signed_in):
    signed_in(request.getfixturevalue(role))
    assert (f'href="{reverse("plan-list")}"' in body(client.get(reverse("asset-list")))) is shown


def action_posts(plan) -> list[tuple[str, dict]]:
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    return [
        (reverse("plan-generate", args=[plan.pk]), {}),
        (reverse("plan-pause", args=[plan.pk]), {}),
        (reverse("plan-resume", args=[plan.pk]), {}),
        (reverse("order-move", args=[plan.pk, order.pk]), {"due": (TODAY + datetime.timedelta(days=30)).isoformat()}),
        (reverse("order-skip", args=[plan.pk, order.pk]), {"reason": "Road closed"}),
        (reverse("plan-edit", args=[plan.pk]), {"name": "Renamed"}),
        (reverse("plan-create"), {"name": "New"}),
    ]


@pytest.mark.parametrize(("role", "status"), [("crew_member", 404), ("planner", 404), ("inspector", 403)])
def test_actions_are_refused_to_those_who_may_not_change_plans(client, plan, request, role, status, signed_in):
    signed_in(request.getfixturevalue(role))
    plan.refresh_from_db()
    before = (list(WorkOrder.objects.order_by("pk").values()), list(Plan.objects.order_by("pk").values()))
    for url, data in action_posts(plan):
        assert client.post(url, data).status_code == status, url
    assert (list(WorkOrder.objects.order_by("pk").values()), list(Plan.objects.order_by("pk").values())) == before


def test_actions_are_post_only(client, plan, manager, signed_in):
    signed_in(manager)
    for url, _data in action_posts(plan)[:5]:
        assert client.get(url).status_code == 405, url


# --- The list --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 200])
def test_plan_list_runs_constant_queries(client, manager, crew, django_assert_num_queries, count, signed_in):
    assets = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(3)]
    for number in range(count):
        make_plan(
            crew,
            assets,
            generate=False,
            name=f"Plan {number:03d}",
            calendar=CalendarPolicy.WORKING_DAYS if number % 3 == 0 else CalendarPolicy.EVERY_DAY,
        )
    services.generate_work_orders()
    signed_in(manager)
    # session, user, the user's permissions (user's own, groups'), calendar warnings (longest
    # working-days horizon, calendar overrides, confirmed years), count, the page of plans
    # (+ task type, crew, active targets, next due, overdue), crew options, task type options
    with django_assert_num_queries(11):
        response = client.get(reverse("plan-list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    first = response.context["page"][0]
    assert (first.active_targets, first.next_due, first.overdue) == (3, TODAY, 0)


def test_plan_list_shows_targets_next_due_overdue_and_paused(client, manager, crew, frozen, signed_in):
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(2)]
    late = make_late_plan(frozen, crew, roads, 3, name="Late plan")
    weekly = make_plan(crew, roads[:1], name="Weekly plan", rrule="FREQ=WEEKLY;BYDAY=FR")
    stopped = make_plan(crew, roads[:1], name="Stopped plan")
    services.pause_plan(stopped)
    signed_in(manager)
    response = client.get(reverse("plan-list"))
    rows = {plan.name: plan for plan in response.context["page"]}
    assert (rows["Late plan"].active_targets, rows["Late plan"].overdue, rows["Late plan"].next_due) == (2, 6, TODAY)
    assert rows["Weekly plan"].next_due == datetime.date(2026, 3, 6)
    assert rows["Stopped plan"].next_due is None and rows["Stopped plan"].paused
    page = body(response)
    assert "Paused" in page and "FREQ=WEEKLY;BYDAY=FR" in page
    assert late.get_absolute_url() in page and weekly.get_absolute_url() in page


def test_plan_list_filters(client, manager, crew, cleaning, signed_in):
    other_crew = Crew.objects.create(code="landscaping", name="绿化班组", department=crew.department)
    watering = TaskType.objects.get(code="watering")
    sweeping = make_plan(crew, generate=False, name="Sweeping the roads")
    flowers = make_plan(other_crew, generate=False, name="Watering the flowers", task_type=watering)
    machine = make_plan(
        crew, generate=False, name="Crusher service", mode=PlanMode.METER, rrule="", meter=Meter.RUNNING_HOURS,
        meter_interval=Decimal(500),
    )  # fmt: skip
    services.pause_plan(machine)
    signed_in(manager)

    def names(params):
        return [plan.name for plan in client.get(reverse("plan-list"), params).context["page"]]

    assert names({}) == [machine.name, sweeping.name, flowers.name]
    assert names({"q": "roads"}) == [sweeping.name]
    assert names({"crew": other_crew.pk}) == [flowers.name]
    assert names({"task_type": watering.pk}) == [flowers.name]
    assert names({"mode": "meter"}) == [machine.name]
    assert names({"paused": "yes"}) == [machine.name]
    assert names({"paused": "no"}) == [sweeping.name, flowers.name]
    assert "Select a valid choice" in body(client.get(reverse("plan-list"), {"mode": "sometimes"}))


def test_plan_list_paginates(client, manager, crew, signed_in):
    for number in range(55):
        make_plan(crew, generate=False, name=f"Plan {number:02d}")
    signed_in(manager)
    assert len(client.get(reverse("plan-list")).context["page"]) == 50
    assert len(client.get(reverse("plan-list"), {"page": 2}).context["page"]) == 5


def test_plan_list_shows_calendar_warnings(client, manager, crew, frozen, signed_in):
    frozen.move_to(at(datetime.date(2026, 12, 24)))
    make_plan(crew, [AssetFactory()], calendar=CalendarPolicy.WORKING_DAYS, start=datetime.date(2026, 12, 24))
    signed_in(manager)
    assert "arrangement for 2027 is not known yet" in body(client.get(reverse("plan-list")))


# --- The plan page ---------------------------------------------------------------------


def test_plan_detail_shows_the_plan(client, manager, plan, asset, signed_in):
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    page = body(response)
    assert plan.name in page
    assert "Litter picked" in page
    assert asset.get_absolute_url() in page
    assert response.context["target_count"] == 1
    assert [date.due for date in response.context["preview"]] == [TODAY + datetime.timedelta(days=n) for n in range(10)]
    assert [order.due for order in response.context["orders"]] == [
        TODAY + datetime.timedelta(days=n) for n in range(15)
    ]


def test_plan_detail_lists_overdue_orders_first_and_caps_the_list(client, manager, crew, frozen, signed_in):
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(8)]
    plan = make_late_plan(frozen, crew, roads, 40)
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    orders = response.context["orders"]
    # 8 assets × (40 overdue days + today + 14 days ahead)
    assert response.context["order_counts"] == {"total": 8 * 55, "overdue": 8 * 40}
    assert len(orders) == 100
    assert orders[0].due == TODAY - datetime.timedelta(days=40) and orders[0].overdue
    assert "the first 100 are shown" in body(response)


@pytest.mark.parametrize("size", ["few", "many"])
def test_plan_detail_runs_constant_queries(client, manager, crew, frozen, django_assert_num_queries, size, signed_in):
    count = 2 if size == "few" else 70
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT) for _ in range(count)]
    plan = make_late_plan(frozen, crew, roads, 3)
    for position in range(count):
        ChecklistItem.objects.create(plan=plan, position=position, label=f"Item {position}")
    signed_in(manager)
    # session, user, the user's permissions (user's own, groups'), plan (+ task type, crew,
    # department, zone), first targets (+ assets), order counts, first orders (+ assets),
    # target count, checklist
    with django_assert_num_queries(10):
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["targets"]) == min(count, 50)


def test_working_days_plan_detail_runs_constant_queries(client, manager, crew, django_assert_num_queries, signed_in):
    plan = make_plan(crew, [AssetFactory()], calendar=CalendarPolicy.WORKING_DAYS)
    signed_in(manager)
    # As above, plus the preview's calendar (overrides, confirmed years) and the calendar
    # warnings (longest horizon, overrides, confirmed years)
    with django_assert_num_queries(15):
        client.get(plan.get_absolute_url())


def test_preview_follows_the_working_days_calendar(client, manager, crew, frozen, signed_in):
    # Monday 28 September 2026: National Day is 1–7 October, Saturday 10 October is a
    # make-up working day.
    frozen.move_to(at(datetime.date(2026, 9, 28)))
    plan = make_plan(
        crew, [AssetFactory()], start=datetime.date(2026, 9, 1), calendar=CalendarPolicy.WORKING_DAYS,
        non_working=NonWorkingDayRule.NEXT,
    )  # fmt: skip
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    dues = [date.due.isoformat() for date in response.context["preview"]]
    assert dues == [
        "2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12",
        "2026-10-13", "2026-10-14", "2026-10-15",
    ]  # fmt: skip
    assert "moved from 2026-10-01, a non-working day" in body(response)
    # The preview is what generation does.
    generated = WorkOrder.objects.filter(plan=plan, due__lte=datetime.date(2026, 10, 12)).order_by("due")
    assert [order.due.isoformat() for order in generated] == dues[:7]


def test_preview_marks_dates_of_an_unknown_year_provisional(client, manager, crew, frozen, signed_in):
    frozen.move_to(at(datetime.date(2026, 12, 28)))
    plan = make_plan(crew, [AssetFactory()], start=datetime.date(2026, 12, 28), calendar=CalendarPolicy.WORKING_DAYS)
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    preview = response.context["preview"]
    assert [(date.due.year, date.provisional) for date in preview][:4] == [(2026, False)] * 4
    assert all(date.provisional for date in preview if date.due.year == 2027)
    assert any(date.due.year == 2027 for date in preview)
    assert "Provisional" in body(response)


def test_meter_plan_detail_shows_baseline_and_forecast(client, manager, crew, administrator, signed_in):
    crusher = AssetFactory(kind=AssetKind.EQUIPMENT, code="KW-CRUSHER")
    MeterReading.objects.create(
        asset=crusher, meter=Meter.RUNNING_HOURS, value=Decimal(1000), read_at=at(TODAY - datetime.timedelta(days=20))
    )
    plan = make_plan(
        crew, [crusher], name="Crusher service", mode=PlanMode.METER, rrule="", meter=Meter.RUNNING_HOURS,
        meter_interval=Decimal(500),
    )  # fmt: skip
    services.record_meter_reading(crusher, Meter.RUNNING_HOURS, Decimal(1200), administrator)  # 10 h a day
    signed_in(manager)
    response = client.get(plan.get_absolute_url())
    (target,) = response.context["targets"]
    assert (target.meter_baseline, target.latest, target.threshold) == (Decimal(1000), Decimal(1200), Decimal(1500))
    assert target.forecast == TODAY + datetime.timedelta(days=30)
    assert response.context["preview"] == []
    assert "2026-04-01" in body(response)


@pytest.mark.parametrize("count", [2, 60])
def test_meter_plan_detail_runs_constant_queries(
    client, manager, crew, administrator, django_assert_num_queries, count, signed_in
):
    machines = [AssetFactory(kind=AssetKind.EQUIPMENT) for _ in range(count)]
    MeterReading.objects.bulk_create(
        MeterReading(
            asset=machine,
            meter=Meter.RUNNING_HOURS,
            value=Decimal(1000),
            read_at=at(TODAY - datetime.timedelta(days=20)),
        )
        for machine in machines
    )
    plan = make_plan(
        crew, machines, mode=PlanMode.METER, rrule="", meter=Meter.RUNNING_HOURS, meter_interval=Decimal(500)
    )
    for machine in machines:
        services.record_meter_reading(machine, Meter.RUNNING_HOURS, Decimal(1200), administrator)
    signed_in(manager)
    # As for any plan (see above), the targets with their latest reading, and every shown
    # target's forecast in one query
    with django_assert_num_queries(11):
        response = client.get(plan.get_absolute_url())
    targets = response.context["targets"]
    assert len(targets) == min(count, 50)
    assert {target.forecast for target in targets} == {TODAY + datetime.timedelta(days=30)}


# --- The form --------------------------------------------------------------------------


def test_new_plan_form_renders(client, manager, signed_in):
    signed_in(manager)
    response = client.get(reverse("plan-create"))
    assert response.status_code == 200
    page = body(response)
    assert 'name="asset_codes"' in page and 'name="checklist-0-label"' in page
    assert 'name="preview"' in page and 'name="save"' in page


def test_preview_shows_dates_and_saves_nothing(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = form_data(crew, cleaning, asset_codes=asset.code, preview="1")
    del data["save"]
    response = client.post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert Plan.objects.count() == 0 and ChecklistItem.objects.count() == 0 and WorkOrder.objects.count() == 0
    dues = [date.due for date in response.context["preview"]]
    assert dues[:4] == [datetime.date(2026, 3, 2), datetime.date(2026, 3, 5), datetime.date(2026, 3, 9),
                        datetime.date(2026, 3, 12)]  # fmt: skip
    assert len(dues) == 10
    page = body(response)
    assert "Weekly cleaning of the landscapes" in page and "Benches wiped" in page and asset.code in page


def test_preview_of_an_edit_changes_nothing(client, manager, plan, cleaning, signed_in):
    signed_in(manager)
    before = (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values()))
    data = form_data(plan.crew, cleaning, name="Renamed", asset_codes="RD-01", rrule="FREQ=WEEKLY", preview="1")
    del data["save"]
    response = client.post(reverse("plan-edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert [date.due.weekday() for date in response.context["preview"]] == [0] * 10
    assert (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values())) == before


def test_save_creates_the_plan_its_checklist_and_assets_and_generates(client, manager, crew, cleaning, signed_in):
    roads = [AssetFactory(kind=AssetKind.ROAD_SEGMENT, code=f"RD-{n}") for n in range(3)]
    signed_in(manager)
    response = client.post(
        reverse("plan-create"), form_data(crew, cleaning, asset_codes="RD-0, RD-1\nRD-2 RD-1"), follow=True
    )
    plan = Plan.objects.get()
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert set(plan.assets.all()) == set(roads)
    assert [(item.position, item.label, item.kind, item.unit, item.required) for item in plan.checklist.all()] == [
        (1, "Benches wiped", ChecklistItemKind.PASS_FAIL, "", True),
        (2, "Rubbish collected", ChecklistItemKind.NUMBER, "kg", False),
    ]
    assert plan.due_time == datetime.time(8, 30)
    # Mondays and Thursdays within 14 days: 2, 5, 9, 12, 16 March, for three roads.
    orders = WorkOrder.objects.filter(plan=plan)
    assert orders.count() == 15
    assert sorted({order.due.day for order in orders}) == [2, 5, 9, 12, 16]
    assert any("Work orders created: 15 " in message for message in messages_of(response))


def test_save_a_match_plan(client, manager, crew, cleaning, signed_in):
    zone = ZoneFactory()
    AssetFactory(kind=AssetKind.GREEN_SPACE, zone=zone)
    AssetFactory(kind=AssetKind.GREEN_SPACE, zone=zone)
    AssetFactory(kind=AssetKind.GREEN_SPACE)  # another zone
    signed_in(manager)
    data = form_data(
        crew, cleaning, target_mode="match", target_kind=AssetKind.GREEN_SPACE, target_zone=zone.pk,
        asset_codes="", rrule="FREQ=DAILY",
    )  # fmt: skip
    client.post(reverse("plan-create"), data)
    plan = Plan.objects.get()
    assert plan.targets.filter(active=True).count() == 2
    assert WorkOrder.objects.filter(plan=plan).count() == 2 * 15


def test_edit_rewrites_future_orders_and_keeps_touched_ones(client, manager, plan, cleaning, signed_in):
    first = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    services.skip_work_order(first, manager, "Road closed")
    signed_in(manager)
    data = form_data(
        plan.crew, cleaning, name=plan.name, asset_codes="RD-01", rrule="FREQ=WEEKLY;BYDAY=WE",
        **{"checklist-INITIAL_FORMS": "0"},
    )  # fmt: skip
    response = client.post(reverse("plan-edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.rrule == "FREQ=WEEKLY;BYDAY=WE"
    open_dues = list(WorkOrder.objects.filter(plan=plan, status=OrderStatus.SCHEDULED).values_list("due", flat=True))
    assert open_dues and all(due.weekday() == 2 for due in open_dues)
    first.refresh_from_db()
    assert first.status == OrderStatus.SKIPPED


def test_edit_form_shows_the_plans_asset_codes_and_checklist(client, manager, plan, signed_in):
    signed_in(manager)
    page = body(client.get(reverse("plan-edit", args=[plan.pk])))
    assert "RD-01" in page and "Litter picked" in page


def test_edit_can_delete_a_checklist_item(client, manager, plan, cleaning, signed_in):
    item = plan.checklist.get()
    signed_in(manager)
    data = form_data(
        plan.crew, cleaning, asset_codes="RD-01",
        **{
            "checklist-TOTAL_FORMS": "1", "checklist-INITIAL_FORMS": "1", "checklist-0-id": item.pk,
            "checklist-0-plan": plan.pk, "checklist-0-position": "1", "checklist-0-label": item.label,
            "checklist-0-kind": item.kind, "checklist-0-required": "on", "checklist-0-DELETE": "on",
        },
    )  # fmt: skip
    assert client.post(reverse("plan-edit", args=[plan.pk]), data).status_code == 302
    assert not plan.checklist.exists()


# case: (what is typed, the field in error, something typed that must still be on the
# page, the error shown)
BAD_INPUTS = {
    "bad rule": ({"rrule": "FREQ=HOURLY"}, "rrule", "FREQ=HOURLY", "FREQ must be DAILY"),
    "unsupported rule part": (
        {"rrule": "FREQ=DAILY;BYHOUR=3"},
        "rrule",
        "FREQ=DAILY;BYHOUR=3",
        "BYHOUR is not supported",
    ),
    "no rule": ({"rrule": ""}, "rrule", "", "needs a recurrence rule"),
    "meter plan without meter": (
        {"mode": PlanMode.METER, "rrule": "", "meter_interval": "250"},
        "meter",
        "250",
        "A meter plan needs a meter.",
    ),
    "match without kind": (
        {"target_mode": "match", "asset_codes": ""},
        "target_kind",
        'value="match" selected',
        "Choose the kind",
    ),
    "unknown codes": (
        {"asset_codes": "RD-01 NOPE-1, NOPE-2"},
        "asset_codes",
        "RD-01 NOPE-1, NOPE-2</textarea>",
        "No asset has these codes: NOPE-1, NOPE-2",
    ),
    "no assets": ({"asset_codes": " "}, "asset_codes", "Weekly cleaning", "Enter the codes of the assets"),
    "horizon 0": ({"horizon_days": "0"}, "horizon_days", 'value="0"', "greater than or equal to 1"),
    "checklist item without label": ({"checklist-2-unit": "kg"}, None, "Benches wiped", "This field is required"),
}


@pytest.mark.parametrize("button", ["save", "preview"])
@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_keeps_what_was_typed_and_saves_nothing(
    client, manager, crew, cleaning, asset, case, button, signed_in
):
    overrides, field, typed, error = BAD_INPUTS[case]
    signed_in(manager)
    data = form_data(crew, cleaning, **{"asset_codes": asset.code, **overrides})
    if button == "preview":
        del data["save"]
        data["preview"] = "1"
    response = client.post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert Plan.objects.count() == 0 and ChecklistItem.objects.count() == 0 and WorkOrder.objects.count() == 0
    page = body(response)
    assert error in page
    assert "nothing has been saved" in page
    assert typed in page
    assert "Weekly cleaning of the landscapes" in page and "Sweep, wipe the benches." in page
    if field:
        assert len(response.context["form"].errors[field]) == 1  # said once, not twice
    assert response.context["preview"] is None


def test_retired_assets_cannot_be_chosen(client, manager, crew, cleaning, signed_in):
    AssetFactory(code="OLD-1", status=AssetStatus.RETIRED)
    signed_in(manager)
    response = client.post(reverse("plan-create"), form_data(crew, cleaning, asset_codes="OLD-1"))
    assert "These assets are retired and cannot be maintained: OLD-1." in body(response)
    assert not Plan.objects.exists()


def test_a_bad_edit_changes_nothing(client, manager, plan, cleaning, signed_in):
    signed_in(manager)
    before = (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values()))
    data = form_data(plan.crew, cleaning, name="Renamed", asset_codes="RD-01", rrule="FREQ=DAILY;INTERVAL=0")
    response = client.post(reverse("plan-edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "INTERVAL must be a whole number from 1 to 10000." in body(response)
    assert (list(Plan.objects.values()), list(WorkOrder.objects.order_by("pk").values())) == before


# --- The buttons -----------------------------------------------------------------------


def test_generate_now(client, manager, crew, asset, signed_in):
    plan = make_plan(crew, [asset], generate=False)
    signed_in(manager)
    response = client.post(reverse("plan-generate", args=[plan.pk]), follow=True)
    assert WorkOrder.objects.filter(plan=plan).count() == 15
    assert any("Work orders created: 15 " in message for message in messages_of(response))
    again = client.post(reverse("plan-generate", args=[plan.pk]), follow=True)
    assert any("Work orders created: 0 " in message for message in messages_of(again))


def test_pause_and_resume(client, manager, plan, signed_in):
    signed_in(manager)
    response = client.post(reverse("plan-pause", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert plan.paused
    assert not WorkOrder.objects.filter(plan=plan, status=OrderStatus.SCHEDULED).exists()
    assert "15 future work orders were cancelled" in messages_of(response)[0]
    assert reverse("plan-resume", args=[plan.pk]) in body(response)
    assert reverse("plan-generate", args=[plan.pk]) not in body(response)

    response = client.post(reverse("plan-resume", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert not plan.paused
    assert WorkOrder.objects.filter(plan=plan, status=OrderStatus.SCHEDULED).count() == 15
    assert "The plan is running again." in messages_of(response)[0]


def test_move_an_order(client, manager, plan, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    signed_in(manager)
    later = TODAY + datetime.timedelta(days=30)
    response = client.post(reverse("order-move", args=[plan.pk, order.pk]), {"due": later.isoformat()}, follow=True)
    order.refresh_from_db()
    assert (order.due, order.rescheduled, order.occurrence) == (later, True, TODAY)
    assert messages_of(response) == [f"RD-01 · {TODAY.isoformat()} moved to {later.isoformat()}."]
    plan.refresh_from_db()
    assert plan.rrule == "FREQ=DAILY"  # the plan itself is unchanged


@pytest.mark.parametrize(
    ("due", "error"),
    [
        ("2026-03-01", "cannot be moved into the past"),
        ("2026-03-03", "There is already a work order of this plan for this asset on 2026-03-03"),
        ("", "enter the new date"),
        ("someday", "enter the new date"),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(client, manager, plan, due, error, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    before = list(WorkOrder.objects.order_by("pk").values())
    signed_in(manager)
    response = client.post(reverse("order-move", args=[plan.pk, order.pk]), {"due": due}, follow=True)
    assert error in messages_of(response)[0]
    assert list(WorkOrder.objects.order_by("pk").values()) == before


def test_skip_an_order(client, manager, plan, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    signed_in(manager)
    response = client.post(reverse("order-skip", args=[plan.pk, order.pk]), {"reason": "Road closed"}, follow=True)
    order.refresh_from_db()
    assert (order.status, order.skip_reason, order.closed_by) == (OrderStatus.SKIPPED, "Road closed", manager)
    assert messages_of(response) == [f"RD-01 · {TODAY.isoformat()} skipped."]
    assert reverse("order-skip", args=[plan.pk, order.pk]) not in body(response)


@pytest.mark.parametrize(("status", "reason", "error"), [
    (OrderStatus.SCHEDULED, "  ", "Skipping a work order needs a reason."),
    (OrderStatus.DONE, "Road closed", "This work order is already done. It cannot be skipped."),
])  # fmt: skip
def test_a_refused_skip_says_why_and_changes_nothing(client, manager, plan, status, reason, error, signed_in):
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    if status == OrderStatus.DONE:
        plan.checklist.all().delete()
        services.complete_work_order(order, manager)
    before = list(WorkOrder.objects.order_by("pk").values())
    signed_in(manager)
    response = client.post(reverse("order-skip", args=[plan.pk, order.pk]), {"reason": reason}, follow=True)
    assert messages_of(response) == [f"RD-01 · {TODAY.isoformat()}: {error}"]
    assert list(WorkOrder.objects.order_by("pk").values()) == before


def test_an_order_of_another_plan_is_404(client, manager, plan, crew, signed_in):
    other = make_plan(crew, [AssetFactory()], name="Other")
    order = WorkOrder.objects.filter(plan=other).first()
    signed_in(manager)
    url = reverse("order-skip", args=[plan.pk, order.pk])
    assert client.post(url, {"reason": "Road closed"}).status_code == 404


# --- Languages -------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail", "new", "edit"])
def test_pages_render_in_both_languages(client, manager, plan, page, signed_in):
    url = page_urls(plan)[page]
    english = body(signed_in(manager, "en").get(url))
    assert '<html lang="en">' in english
    assert "Maintenance plans" in english or "New plan" in english
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body(response)


def test_a_checklist_item_with_no_room_after_the_last_position_is_a_field_error(
    client, manager, crew, cleaning, signed_in
):
    AssetFactory(code="RD-77")
    signed_in(manager)
    data = form_data(crew, cleaning, asset_codes="RD-77", **{"checklist-0-position": "32767"})
    data.update({"checklist-1-label": "Bins emptied", "checklist-1-kind": "pass_fail"})
    response = client.post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert "the ones after 32767 are taken" in body(response)
    assert not Plan.objects.exists()
