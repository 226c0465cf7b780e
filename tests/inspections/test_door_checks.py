"""A finding opened from a failed door check (门前三包): the check's page links each failed
duty to the register page (settings.DOOR_CHECK_LINKS), which opens prefilled with the
duty's category, the unit's place and the check's note; the finding keeps the check and
goes to the unit; once opened, the link leads to it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.hooks import links
from frontage.choices import CheckStatus
from frontage.models import Check
from inspections import services
from inspections.choices import FindingStatus
from inspections.models import Finding
from tests.factories import UnitFactory, line, point

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

REGISTER = reverse("finding-register")


@pytest.fixture
def unit(roads):
    return UnitFactory(
        zone=roads, name="老王五金店", location=point(0.004, 0.0041), frontage=line(0.0039, 0.004, length=0.0003)
    )


@pytest.fixture
def check(unit, inspector):
    """Done yesterday: sanitation and order not kept, greening kept."""
    return Check.objects.create(
        unit=unit, due=datetime.date(2026, 11, 30), status=CheckStatus.DONE, sanitation_ok=False, greening_ok=True,
        order_ok=False, note="门口堆放纸箱，货架摆到人行道上", inspector=inspector, done=timezone.now(),
    )  # fmt: skip


def page_links(user, check):
    request = RequestFactory().get("/")
    request.user = user
    return links("DOOR_CHECK_LINKS", request, check)


def test_a_failed_check_links_each_failed_duty_to_a_new_finding(check, inspector):
    assert page_links(inspector, check) == [
        ("Open a finding: Sanitation", f"{REGISTER}?check={check.pk}&duty=sanitation"),
        ("Open a finding: Order", f"{REGISTER}?check={check.pk}&duty=order"),
    ]


def test_no_link_for_a_passed_or_due_check_nor_for_who_may_not_inspect(check, unit, inspector, crew_member):
    assert page_links(crew_member, check) == []
    due = Check.objects.create(unit=unit, due=datetime.date(2026, 12, 2))
    assert page_links(inspector, due) == []
    check.sanitation_ok = check.order_ok = True
    assert page_links(inspector, check) == []


def test_the_register_page_opens_prefilled_from_the_check(check, unit, signed_in, inspector, rubbish):
    response = signed_in(inspector).get(REGISTER, {"check": check.pk, "duty": "sanitation"})

    assert response.status_code == 200
    form = response.context["form"]
    lon, lat = unit.location["coordinates"]
    assert {name: form[name].value() for name in ("category", "lat", "lon", "description", "check", "duty")} == {
        "category": rubbish.pk, "lat": lat, "lon": lon, "description": check.note, "check": check.pk,
        "duty": "sanitation",
    }  # fmt: skip
    assert "From the door check of 老王五金店 on 2026-11-30: Sanitation not kept." in response.content.decode()


def test_the_order_duty_presets_business_out_of_the_shop(check, signed_in, inspector):
    response = signed_in(inspector).get(REGISTER, {"check": check.pk, "duty": "order"})
    assert (
        response.context["form"]["category"].value()
        == Finding.category.field.related_model.objects.get(code="out-of-shop").pk
    )


@pytest.mark.parametrize("query", [{"duty": "greening"}, {"duty": "nonsense"}, {"check": "x"}, {"check": 99999}])
def test_a_duty_the_check_kept_or_a_check_that_is_not_there_is_404(check, signed_in, inspector, query):
    response = signed_in(inspector).get(REGISTER, {"check": check.pk, "duty": "sanitation", **query})
    assert response.status_code == 404


def test_registering_keeps_the_check_and_the_unit_is_the_party(check, unit, signed_in, inspector, rubbish):
    client = signed_in(inspector)
    lon, lat = unit.location["coordinates"]
    response = client.post(
        REGISTER,
        {"category": rubbish.pk, "severity": "medium", "description": check.note, "lat": lat, "lon": lon,
         "asset_code": "", "check": check.pk, "duty": "sanitation"},
    )  # fmt: skip

    finding = Finding.objects.get()
    assert response.status_code == 302
    assert (finding.door_check, finding.door_duty, finding.point) == (check, "sanitation", unit.location)
    # The unit's point is 11 m from its frontage: the check, not the distance, names the unit.
    assert services.suggested_party(finding) == services.Party(unit=unit)
    services.dispatch(finding, inspector)
    assert (Finding.objects.get().status, Finding.objects.get().unit) == (FindingStatus.DISPATCHED, unit)

    assert page_links(inspector, check) == [
        (f"Finding opened: Sanitation (#{finding.pk})", reverse("finding-detail", args=[finding.pk])),
        ("Open a finding: Order", f"{REGISTER}?check={check.pk}&duty=order"),
    ]
    page = client.get(reverse("finding-detail", args=[finding.pk])).content.decode()
    assert f'href="/frontage/units/{unit.pk}/"' in page
    assert f'href="/frontage/checks/{check.pk}/"' in page
    assert "Sanitation not kept" in page
    listed = client.get(reverse("finding-list")).content.decode()
    assert f'<a href="/frontage/units/{unit.pk}/">老王五金店</a>' in listed


def test_without_a_point_the_finding_is_at_the_unit(check, unit, inspector, rubbish):
    finding = services.register(inspector, rubbish, "纸箱", door_check=check, door_duty="order")
    assert finding.point == unit.location


def test_a_duty_the_check_kept_is_refused(check, inspector, rubbish):
    with pytest.raises(ValidationError) as caught:
        services.register(inspector, rubbish, "绿化", door_check=check, door_duty="greening")
    assert caught.value.code == "door_duty"
    with pytest.raises(ValidationError, match="name the check"):
        services.register(inspector, rubbish, "绿化", point=point(0.004, 0.004), door_duty="greening")
    assert not Finding.objects.exists()


def test_a_second_finding_for_the_same_duty_is_allowed(check, inspector, rubbish):
    first = services.register(inspector, rubbish, "一", door_check=check, door_duty="order")
    second = services.register(inspector, rubbish, "二", door_check=check, door_duty="order")
    assert first.pk != second.pk


def test_a_finding_at_a_frontage_is_dispatched_to_the_unit_from_its_page(signed_in, manager, inspector, unit, rubbish):
    finding = services.register(inspector, rubbish, "纸箱堆在门口", point=point(0.004, 0.00401))
    client = signed_in(manager)
    url = reverse("finding-detail", args=[finding.pk])

    page = client.get(url)
    form = page.context["forms"]["dispatch"]
    assert form.initial == {"party": f"unit:{unit.pk}"}
    assert ("Door units", [(f"unit:{unit.pk}", "老王五金店")]) in form.fields["party"].choices
    assert "Suggested: 老王五金店." in page.content.decode()

    response = client.post(
        reverse("finding-action", args=[finding.pk, "dispatch"]), {"dispatch-party": f"unit:{unit.pk}"}
    )
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).unit == unit
    # A unit has no logins: the inspectors dispose on its behalf.
    assert "dispose" in client.get(url).context["forms"]


def test_a_unit_not_offered_cannot_be_posted(signed_in, manager, inspector, roads, rubbish):
    other = UnitFactory(zone=roads)
    finding = services.register(inspector, rubbish, "Far from any shop", point=point(0.009, 0.009))

    response = signed_in(manager).post(
        reverse("finding-action", args=[finding.pk, "dispatch"]), {"dispatch-party": f"unit:{other.pk}"}
    )
    assert response.status_code == 400
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.REGISTERED


def test_the_register_page_names_the_unit_as_the_suggested_party(signed_in, inspector, unit):
    response = signed_in(inspector).get(reverse("finding-suggested-party"), {"lat": "28.90401", "lon": "120.054"})
    assert response.json() == {"party": "老王五金店"}
