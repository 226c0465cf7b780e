"""The door check's page, "check now", the checks list (filters, a constant number of
queries) and the unit page's check part; who may do what."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from frontage import services
from frontage.choices import CheckStatus
from frontage.models import Check
from tests.factories import PledgeFactory, UnitFactory, ZoneFactory
from tests.frontage.test_checks_record import ALL_KEPT, failing, photo
from tests.maintenance.factories import TODAY, day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def sample_links(request, check):
    """A DOOR_CHECK_LINKS function, as inspections will add one."""
    return [("Open a finding", f"/findings/new/?check={check.pk}")] if check.failed_duties() else []


@pytest.fixture
def check():
    pledge = PledgeFactory(order="不在门前堆放货物")
    return Check.objects.create(unit=pledge.unit, due=TODAY)


def url(check) -> str:
    return reverse("check-detail", args=[check.pk])


def test_the_page_shows_the_unit_its_duties_and_the_form(client, check, inspector, signed_in):
    signed_in(inspector)
    page = client.get(url(check)).content.decode()
    assert check.unit.name in page
    assert "不在门前堆放货物" in page  # the active pledge's wording
    for duty in ("sanitation", "greening", "order"):
        assert f'name="{duty}" value="pass"' in page and f'name="{duty}" value="fail"' in page
    assert 'capture="environment"' in page
    assert 'id="place-map"' in page


def test_without_a_pledge_the_standard_wording_is_shown(client, inspector, signed_in):
    unit = UnitFactory(kind="restaurant")
    check = Check.objects.create(unit=unit, due=TODAY)
    signed_in(inspector)
    page = client.get(url(check)).content.decode()
    from frontage.models import PledgeWording

    assert PledgeWording.objects.get(kind="restaurant").order in page


def test_recording_on_the_page_shows_the_result_and_the_links(client, check, inspector, signed_in, settings):
    settings.DOOR_CHECK_LINKS = ["tests.frontage.test_check_pages.sample_links"]
    signed_in(inspector)

    response = client.post(
        url(check),
        {"sanitation": "pass", "greening": "pass", "order": "fail", "note": "货物堆在人行道上", "photos": photo()},
    )

    assert response.status_code == 302 and response.url == url(check)
    check.refresh_from_db()
    assert (check.status, check.failed_duties(), check.note) == (CheckStatus.DONE, ["order"], "货物堆在人行道上")
    page = client.get(url(check)).content.decode()
    assert 'data-duty="order" data-kept="no"' in page
    assert 'data-duty="sanitation" data-kept="yes"' in page
    assert "货物堆在人行道上" in page
    assert f"/findings/new/?check={check.pk}" in page
    assert check.photos.get().image.url in page
    assert 'name="order"' not in page  # no form once done


def test_a_refused_record_keeps_what_was_typed(client, check, inspector, signed_in):
    signed_in(inspector)

    response = client.post(url(check), {"sanitation": "pass", "order": "fail", "note": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Say whether Greening was kept." in page
    assert 'id="id_order_fail" name="order" value="fail" checked' in page
    response = client.post(url(check), {"sanitation": "pass", "greening": "pass", "order": "fail", "note": ""})
    assert response.status_code == 400
    assert "A failed duty needs a note or a photo of what was wrong." in response.content.decode()
    check.refresh_from_db()
    assert check.status == CheckStatus.DUE


@pytest.mark.parametrize("user", ["crew_member", "planner"])
def test_others_see_the_check_but_may_not_record_it(client, check, user, request, signed_in):
    signed_in(request.getfixturevalue(user))
    page = client.get(url(check))
    assert page.status_code == 200 and 'name="order"' not in page.content.decode()
    assert client.post(url(check), {**dict.fromkeys(ALL_KEPT, "pass")}).status_code == 403
    check.refresh_from_db()
    assert check.status == CheckStatus.DUE
    assert client.post(reverse("check-new", args=[check.unit.pk])).status_code == 403


def test_signed_out_is_sent_to_sign_in_and_an_unknown_check_is_404(client, check, inspector, signed_in):
    assert client.get(url(check)).status_code == 302
    signed_in(inspector)
    assert client.get(reverse("check-detail", args=[check.pk + 1000])).status_code == 404
    assert client.post(reverse("check-new", args=[check.unit.pk + 1000])).status_code == 404


def test_check_now_opens_the_check_page(client, inspector, signed_in):
    unit = UnitFactory()
    signed_in(inspector)
    response = client.post(reverse("check-new", args=[unit.pk]))
    made = Check.objects.get(unit=unit)
    assert (made.due, made.plan) == (TODAY, None)
    assert response.url == url(made)
    assert client.get(reverse("check-new", args=[unit.pk])).status_code == 405


@pytest.mark.usefixtures("english")
def test_the_unit_page_part_lists_its_history_and_offers_check_now(inspector, crew_member, check):
    services.record_check(check, failing("order"), note="货物占道", by=inspector)
    request = RequestFactory().get("/")
    request.user = inspector
    part = render_to_string("frontage/_unit_check_actions.html", {"unit": check.unit}, request=request)
    assert "货物占道" in part and "Check now" in part
    assert reverse("check-new", args=[check.unit.pk]) in part
    request.user = crew_member
    part = render_to_string("frontage/_unit_check_actions.html", {"unit": check.unit}, request=request)
    assert reverse("check-new", args=[check.unit.pk]) not in part
    assert 'class="badge duty-failed"' in part
    request.user = AnonymousUser()
    assert "货物占道" not in render_to_string(
        "frontage/_unit_check_actions.html", {"unit": check.unit}, request=request
    )


# --- The checks list -------------------------------------------------------------------------


def listed(response) -> list[int]:
    return [check.pk for check in response.context["page"]]


def test_the_list_filters(client, inspector, manager, signed_in):
    east, west = ZoneFactory(), ZoneFactory()
    passed = Check.objects.create(unit=UnitFactory(zone=east), due=day(9, 20))
    failed = Check.objects.create(unit=UnitFactory(zone=west), due=day(9, 22))
    due = Check.objects.create(unit=UnitFactory(zone=east), due=TODAY)
    services.record_check(passed, ALL_KEPT, by=inspector)
    services.record_check(failed, failing("greening"), note="树坑垃圾", by=manager)
    signed_in(inspector)
    list_url = reverse("check-list")

    assert listed(client.get(list_url)) == [due.pk, failed.pk, passed.pk]
    assert listed(client.get(list_url, {"status": "due"})) == [due.pk]
    assert listed(client.get(list_url, {"failed": "any"})) == [failed.pk]
    assert listed(client.get(list_url, {"failed": "greening"})) == [failed.pk]
    assert listed(client.get(list_url, {"failed": "order"})) == []
    assert listed(client.get(list_url, {"zone": east.pk})) == [due.pk, passed.pk]
    assert listed(client.get(list_url, {"inspector": manager.pk})) == [failed.pk]
    assert listed(client.get(list_url, {"due_from": "2026-09-21", "due_to": "2026-09-27"})) == [failed.pk]
    assert listed(client.get(list_url, {"unit": passed.unit.pk})) == [passed.pk]
    refused = client.get(list_url, {"due_from": "2026-09-27", "due_to": "2026-09-21"})
    assert listed(refused) == [] and "is after the" in refused.content.decode()
    assert "树坑垃圾" in client.get(list_url).content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_runs_constant_queries(client, inspector, django_assert_num_queries, count, signed_in):
    zone = ZoneFactory()
    for number in range(count):
        check = Check.objects.create(unit=UnitFactory(zone=zone), due=day(9, 1 + number % 20))
        if number % 2:
            services.record_check(check, failing("order"), note="x", by=inspector)
    signed_in(inspector)
    # session, user, the count, the user's and the groups' permissions (the menu), the
    # zones and the inspectors offered by the filters, the page of checks (+ unit, zone,
    # inspector)
    with django_assert_num_queries(8):
        response = client.get(reverse("check-list"), {"status": "done"})
    assert len(listed(response)) == min(count // 2, 50)


def test_the_list_is_for_signed_in_users(client):
    assert client.get(reverse("check-list")).status_code == 302


@pytest.mark.parametrize(
    "filters",
    [
        {"failed": "any"},
        {"failed": "order"},
        {"status": "done"},
        {"status": "due"},
        {"inspector": "inspector"},
        {"zone": "zone"},
        {"due_from": "2026-09-01", "due_to": "2026-09-30"},
        {},
    ],
)
def test_the_lists_filters_read_an_index(filters, inspector):
    """Every filter of the list (and its order) is served by an index: with sequential
    scans priced out, none is left in the plan."""
    from frontage.views.checks import ORDER, CheckFilter

    check = Check.objects.create(unit=UnitFactory(), due=TODAY)
    services.record_check(check, ALL_KEPT, by=inspector)
    filters = {**filters, **{name: {"inspector": inspector.pk, "zone": check.unit.zone_id}[name]
                             for name in ("inspector", "zone") if name in filters}}  # fmt: skip
    filterset = CheckFilter(filters, queryset=Check.objects.order_by(*ORDER))
    assert filterset.is_valid()
    queryset = filterset.qs.values("pk")[:50]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
