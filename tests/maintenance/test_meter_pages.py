"""The pages where crews record meter readings: a meter plan's order page (its reading
field) and an asset's meters page (/maintenance/assets/<pk>/meters/): what they show, who
may see and record, and every bad reading shown on its field with nothing stored."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from maintenance import services
from maintenance.choices import Meter, OrderStatus, PlanMode
from maintenance.models import MeterReading, PlanTarget, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, at, day, equipment, snapshot
from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

HOURS = Meter.RUNNING_HOURS


@pytest.fixture
def machine():
    return equipment(code="EQ-01", name="一号发电机组")


@pytest.fixture
def service_plan(machine, crew_of_member, crew_member):
    """Every 500 h on the crew_member's crew; 1,000 h on 18 September, 1,520 h on the 27th: due."""
    services.record_meter_reading(machine, HOURS, Decimal(1000), crew_member, read_at=at(day(9, 18)))
    plan = PlanFactory(
        mode=PlanMode.METER, rrule="", meter=HOURS, meter_interval=Decimal(500), assets=[machine], crew=crew_of_member
    )
    services.generate_work_orders(today=TODAY)
    services.record_meter_reading(machine, HOURS, Decimal(1520), crew_member, read_at=at(day(9, 27)))
    return plan


@pytest.fixture
def order(service_plan):
    return WorkOrder.objects.get(plan=service_plan)


def meters_url(asset) -> str:
    return reverse("asset-meters", args=[asset.pk])


def test_a_meter_plans_order_asks_for_the_reading(client, signed_in, crew_member, order, machine):
    page = body(signed_in(crew_member).get(order.get_absolute_url()))

    assert '<label for="id_meter_reading">Meter reading: Running hours:</label>' in page
    assert 'name="meter_reading" inputmode="decimal"' in page
    assert "Last reading: 1520.00 on 2026-09-27 09:00." in page
    assert f'href="{meters_url(machine)}"' in page


def test_completing_with_the_reading_records_it_and_moves_the_baseline(
    client, signed_in, crew_member, order, service_plan
):
    response = signed_in(crew_member).post(order.get_absolute_url(), {"action": "complete", "meter_reading": "1534.5"})

    assert response.status_code == 302 and response.url == reverse("today")
    order.refresh_from_db()
    assert order.status == OrderStatus.DONE
    reading = MeterReading.objects.get(order=order)
    assert (reading.value, reading.recorded_by, reading.read_at) == (Decimal("1534.5"), crew_member, at(TODAY))
    assert PlanTarget.objects.get(plan=service_plan).meter_baseline == Decimal("1534.5")
    page = body(client.get(order.get_absolute_url()))
    assert "Running hours: <strong>1534.50</strong> · 2026-09-28 09:00" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "1400",
            "1400 is lower than the last reading (1520.00 on 2026-09-27): check the meter, "
            "or mark the reading as a new meter&#x27;s if it was replaced.",
        ),
        ("-3", "A meter reading cannot be negative."),
        ("12 h", "Enter a number."),
    ],
)
def test_a_bad_reading_is_shown_on_its_field_and_the_order_stays_open(
    client, signed_in, crew_member, order, typed, message
):
    readings = snapshot(MeterReading)

    response = signed_in(crew_member).post(
        order.get_absolute_url(), {"action": "complete", "meter_reading": typed, "notes": "Oil changed"}
    )

    assert response.status_code == 200
    assert message in body(response)
    assert messages_of(response) == [
        "Not everything could be saved: see the marked fields. What could be saved is saved. "
        "The work order was not changed: press the button again."
    ]
    order.refresh_from_db()
    assert (order.status, order.notes) == (OrderStatus.SCHEDULED, "Oil changed")
    assert snapshot(MeterReading) == readings


def test_an_order_of_another_plan_has_no_reading_field(client, signed_in, crew_member, world):
    page = body(signed_in(crew_member).get(world.today.get_absolute_url()))

    assert "meter_reading" not in page
    assert "Meter readings" not in page


# --- The asset's meters page -----------------------------------------------------------------


def test_the_meters_page_shows_the_latest_reading_and_the_readings(client, signed_in, crew_member, order, machine):
    response = signed_in(crew_member).get(meters_url(machine))

    page = body(response)
    assert "<dt>Running hours</dt>" in page
    assert "<strong>1520.00</strong> · 2026-09-27 09:00" in page
    assert [reading.value for reading in response.context["page"]] == [Decimal(1520), Decimal(1000)]
    assert 'name="value"' in page and 'type="datetime-local"' in page and 'name="replacement"' in page


def test_a_crew_member_records_a_reading(client, signed_in, crew_member, service_plan, machine):
    response = signed_in(crew_member).post(meters_url(machine), {"meter": HOURS, "value": "1530", "read_at": ""})

    assert response.status_code == 302 and response.url == meters_url(machine)
    reading = MeterReading.objects.get(value=1530)
    assert (reading.recorded_by, reading.read_at, reading.replacement, reading.order) == (
        crew_member,
        at(TODAY),
        False,
        None,
    )
    assert messages_of(client.get(meters_url(machine))) == ["Reading recorded: Running hours 1530."]


def test_a_new_meter_is_recorded_lower_and_carries_the_baseline(client, signed_in, crew_member, service_plan, machine):
    signed_in(crew_member).post(
        meters_url(machine), {"meter": HOURS, "value": "5", "read_at": "2026-09-28T08:30", "replacement": "on"}
    )

    reading = MeterReading.objects.get(replacement=True)
    assert (reading.value, reading.read_at) == (Decimal(5), at(TODAY, 8) + datetime.timedelta(minutes=30))
    # 520 h since the service on the old meter: the new one is due at 5 - 520 + 500.
    assert PlanTarget.objects.select_related("plan").get(plan=service_plan).threshold == Decimal(-15)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"value": "1500"},
            "value",
            "1500 is lower than the last reading (1520.00 on 2026-09-27): check the meter, "
            "or mark the reading as a new meter&#x27;s if it was replaced.",
        ),
        ({"value": "-1"}, "value", "A meter reading cannot be negative."),
        ({"value": "1600", "read_at": "2026-09-29T09:00"}, "read_at", "A meter reading cannot be in the future."),
        (
            {"value": "0", "read_at": "2026-09-26T09:00", "replacement": "on"},
            "replacement",
            "A new meter must be read after every reading of the old one (the last was on 2026-09-27).",
        ),
        ({"value": "abc"}, "value", "Enter a number."),
        ({"value": ""}, "value", "This field is required."),
    ],
)
def test_a_bad_reading_is_refused_on_its_field(
    client, signed_in, crew_member, service_plan, machine, data, field, message
):
    before = snapshot(MeterReading)

    response = signed_in(crew_member).post(meters_url(machine), {"meter": HOURS, "read_at": "", **data})

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message.replace("&#x27;", "'")]}
    assert message in body(response)
    assert snapshot(MeterReading) == before


def test_an_outsider_gets_404(client, signed_in, outsider, crew_of_outsider, service_plan, machine):
    signed_in(outsider)
    assert client.get(meters_url(machine)).status_code == 404
    assert client.post(meters_url(machine), {"meter": HOURS, "value": "1600"}).status_code == 404
    assert MeterReading.objects.filter(value=1600).count() == 0


def test_an_inspector_sees_the_readings_but_may_not_record(client, signed_in, inspector, service_plan, machine):
    signed_in(inspector)
    page = body(client.get(meters_url(machine)))
    assert "1520.00" in page and 'name="value"' not in page
    assert client.post(meters_url(machine), {"meter": HOURS, "value": "1600"}).status_code == 403
    assert MeterReading.objects.filter(value=1600).count() == 0


def test_a_manager_records_on_any_asset(client, signed_in, manager, machine):
    response = signed_in(manager).post(meters_url(machine), {"meter": Meter.TONNES, "value": "12.5"})

    assert response.status_code == 302
    assert MeterReading.objects.get().meter == Meter.TONNES


def test_the_meters_page_in_chinese(client, signed_in, crew_member, order, machine):
    page = body(signed_in(crew_member, "zh-hans").get(meters_url(machine)))

    assert "抄表记录" in page and "运行小时数" in page


@pytest.mark.parametrize("count", [3, 120])
def test_the_meters_page_runs_few_queries(
    client, signed_in, crew_member, service_plan, machine, count, django_assert_num_queries
):
    MeterReading.objects.bulk_create(
        MeterReading(
            asset=machine, meter=HOURS, value=Decimal(10 + n), read_at=at(day(8, 1)) + datetime.timedelta(hours=n)
        )
        for n in range(count)
    )
    signed_in(crew_member)
    # session, user, the asset (its crews' targets as a subquery), may see every order
    # (user and group permissions), may record (its crews' targets), the meters read on
    # it (one union), the latest reading of each (one meter here), the page's count,
    # the page's readings (+ recorded by)
    with django_assert_num_queries(10):
        assert client.get(meters_url(machine)).status_code == 200
