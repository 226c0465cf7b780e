"""A unit's public page (/u/<code>/, its sign's QR code): no login, its duties and rating,
nothing personal, a constant number of queries."""

import pytest
from django.urls import reverse

from frontage.models import PledgeWording
from tests.factories import PledgeFactory, UnitFactory
from tests.frontage.register_data import make_units

pytestmark = pytest.mark.django_db

PERSONAL = {"name": "王建国", "phone": "13912345678", "credit code": "91350100M000100Y43", "address": "文溪路12号"}


def public_page(client, unit, language="en"):
    return client.get(reverse("unit-public", args=[unit.code]), HTTP_ACCEPT_LANGUAGE=language)


def test_the_public_page_shows_the_pledge_and_nothing_personal(client):
    unit = UnitFactory(
        name="文溪小吃", kind="restaurant", rating="red", contact_name=PERSONAL["name"],
        contact_phone=PERSONAL["phone"], credit_code=PERSONAL["credit code"], address=PERSONAL["address"],
    )  # fmt: skip
    PledgeFactory(unit=unit, sanitation="门前无垃圾", greening="不损绿", order="不占道")
    response = public_page(client, unit)
    body = response.content.decode()
    assert response.status_code == 200
    assert "文溪小吃" in body and "Restaurant" in body
    assert all(text in body for text in ("门前无垃圾", "不损绿", "不占道"))
    assert "rating-red" in body and "From the last three checks" in body
    for what, text in PERSONAL.items():
        assert text not in body, what
    assert "王***" not in body and "5678" not in body


def test_without_an_active_pledge_the_standard_wording_of_its_kind(client):
    unit = UnitFactory(kind="shop")
    PledgeFactory(unit=unit, status="expired", sanitation="旧的承诺")
    body = public_page(client, unit).content.decode()
    wording = PledgeWording.objects.get(kind="shop")
    assert wording.sanitation in body and "旧的承诺" not in body


def test_the_public_page_is_in_chinese_by_default(client):
    body = public_page(client, UnitFactory(), "zh-hans").content.decode()
    assert "门前三包" in body


def test_a_closed_or_unknown_unit_is_404(client):
    assert public_page(client, UnitFactory(active=False)).status_code == 404
    assert client.get(reverse("unit-public", args=["NO-SUCH"])).status_code == 404


def test_the_public_page_links_the_report_form_of_the_unit(client):
    unit = UnitFactory(code="U-REPORT")
    body = public_page(client, unit).content.decode()
    assert 'id="report-link" href="/r/u/U-REPORT/"' in body
    assert "Report a problem here" in body


@pytest.mark.parametrize("count", [20, 1000])
def test_the_public_page_runs_constant_queries(client, django_assert_num_queries, count):
    units = make_units(count)
    # the unit, its active pledge
    with django_assert_num_queries(2):
        assert public_page(client, units[0]).status_code == 200
    # the unit, no active pledge, the standard wording of its kind
    with django_assert_num_queries(3):
        assert public_page(client, units[1]).status_code == 200
