"""The register's list, its map data and a unit's page: filters, masking by role,
permissions and a constant number of queries at 20 and 1,000 units."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from assets.choices import AssetKind
from frontage.models import Unit
from tests.factories import AssetFactory, PledgeFactory, UnitFactory, ZoneFactory
from tests.frontage.register_data import make_units

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

NAME, PHONE = "王建国", "13912345678"


@pytest.mark.parametrize("count", [20, 1000])
def test_the_list_runs_constant_queries(signed_in, django_assert_num_queries, count, manager):
    client = signed_in(manager)
    make_units(count)
    # session, user, the user's permissions and group permissions (the nav), the user's
    # role groups (may_see_personal, may_manage_register), count, the page of units (+ zone,
    # road, the active pledge's end), zone options, village options
    with django_assert_num_queries(9):
        response = client.get(reverse("unit-list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [20, 1000])
def test_the_map_data_runs_constant_queries(signed_in, django_assert_num_queries, count, crew_member):
    client = signed_in(crew_member)
    make_units(count)
    # session, user, the units in the bbox (with the active pledge's end)
    with django_assert_num_queries(3):
        response = client.get(reverse("unit-geojson"), {"bbox": "119,28,121,30", "zoom": "18"})
    features = response.json()["features"]
    assert len(features) == count
    assert features[0]["properties"]["frontage"]["type"] == "LineString"
    assert {feature["properties"]["rating"] for feature in features} == {"green", "yellow", "red", "unrated"}


@pytest.mark.parametrize("count", [20, 1000])
def test_the_unit_page_runs_constant_queries(signed_in, django_assert_num_queries, count, inspector):
    client = signed_in(inspector)
    units = make_units(count)
    # session, user, the unit (+ zone, road, village, enterprise, the active pledge's end),
    # the user's role groups (may_see_personal, may_manage_register), the user's permissions
    # and group permissions (the nav), the unit's pledges (their section), its last checks
    # (theirs)
    with django_assert_num_queries(8):
        response = client.get(reverse("unit-detail", args=[units[-1].pk]))
    assert response.status_code == 200


def test_far_out_the_map_sends_points_only_and_flags_pledges_ending_soon(signed_in, crew_member):
    soon = PledgeFactory(ends=datetime.date(2026, 10, 20)).unit  # today is 2026-09-28
    later = PledgeFactory(ends=datetime.date(2027, 6, 30)).unit
    response = signed_in(crew_member).get(reverse("unit-geojson"), {"bbox": "119,28,121,30", "zoom": "14"})
    rows = {f["properties"]["code"]: f["properties"] for f in response.json()["features"]}
    assert rows[soon.code]["expiring"] is True and rows[later.code]["expiring"] is False
    assert rows[soon.code]["frontage"] is None


def test_bad_map_requests_say_why(signed_in, crew_member):
    response = signed_in(crew_member).get(reverse("unit-geojson"), {"bbox": "1,2,3"})
    assert response.status_code == 400 and "bbox" in response.json()["error"]


@pytest.mark.parametrize(
    ("role", "whole"),
    [("crew_member", False), ("planner", False), ("inspector", True), ("manager", True), ("administrator", True)],
)
def test_personal_data_is_masked_by_role(request, signed_in, role, whole):
    unit = UnitFactory(contact_name=NAME, contact_phone=PHONE)
    client = signed_in(request.getfixturevalue(role))
    for url in (reverse("unit-list"), reverse("unit-detail", args=[unit.pk])):
        body = client.get(url).content.decode()
        assert (NAME in body, PHONE in body) == (whole, whole), url
        if not whole:
            assert "王***" in body and "***5678" in body


def test_the_filters_find_what_they_say(signed_in, crew_member):
    zone, other_zone = ZoneFactory(), ZoneFactory()
    shop = UnitFactory(zone=zone, name="文溪小吃", address="文溪路12号", credit_code="91350100M000100Y43")
    stall = UnitFactory(zone=other_zone, kind="market_stall", rating="red", active=False)
    ending = PledgeFactory(ends=datetime.date(2026, 10, 10)).unit
    client = signed_in(crew_member)

    def codes(**query):
        response = client.get(reverse("unit-list"), query)
        assert response.status_code == 200
        return {unit.code for unit in response.context["page"]}

    assert codes(q="文溪") == {shop.code}
    assert codes(q="m000100") == {shop.code}  # the credit code, in any case
    assert codes(q=shop.code.lower()) == {shop.code}
    assert codes(zone=other_zone.pk) == {stall.code}
    assert codes(kind="market_stall") == {stall.code}
    assert codes(rating="red") == {stall.code}
    assert codes(active="no") == {stall.code}
    assert stall.code not in codes(active="yes")
    assert codes(expiring="yes") == {ending.code}


def links(page) -> dict[str, str]:
    """The register's action links by id (id="…" href="…")."""
    return dict(re.findall(r'<a id="([\w-]+)" href="([^"]*)"', page.content.decode()))


def test_the_list_offers_each_role_its_links_with_the_lists_filters(signed_in, manager, inspector, crew_member):
    zone = ZoneFactory()
    query = f"zone={zone.pk}&amp;kind=shop"
    found = links(signed_in(manager).get(reverse("unit-list"), {"zone": zone.pk, "kind": "shop", "page": "1"}))
    assert found == {
        "import-link": reverse("unit-import"),
        "expiring-link": reverse("pledge-expiring"),
        "checks-link": reverse("check-list"),
        "export-xlsx": f"{reverse('unit-export', args=['xlsx'])}?{query}",
        "export-csv": f"{reverse('unit-export', args=['csv'])}?{query}",
        "export-xlsx-personal": f"{reverse('unit-export', args=['xlsx'])}?{query}&amp;personal=1",
        "export-csv-personal": f"{reverse('unit-export', args=['csv'])}?{query}&amp;personal=1",
    }
    # An inspector checks and sees personal data, but neither imports nor follows pledges.
    assert set(links(signed_in(inspector).get(reverse("unit-list")))) == {
        "checks-link", "export-xlsx", "export-csv", "export-xlsx-personal", "export-csv-personal",
    }  # fmt: skip
    page = signed_in(crew_member).get(reverse("unit-list"))
    assert links(page) == {
        "export-xlsx": reverse("unit-export", args=["xlsx"]),
        "export-csv": reverse("unit-export", args=["csv"]),
    }
    assert reverse("unit-new") not in page.content.decode()


def test_the_unit_page_shows_the_frontage_the_road_and_the_rule(signed_in, crew_member):
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT, code="RD-WX-1", name="文溪路一段")
    unit = UnitFactory(road=road, rating="yellow")
    body = signed_in(crew_member).get(reverse("unit-detail", args=[unit.pk])).content.decode()
    assert "RD-WX-1 文溪路一段" in body
    assert "rating-yellow" in body and "From the last three checks" in body
    assert f"{unit.frontage_m:.1f} m" in body
    assert reverse("unit-sign", args=[unit.pk]) in body
    assert reverse("unit-edit", args=[unit.pk]) not in body


def test_an_unknown_unit_is_404(signed_in, crew_member):
    assert signed_in(crew_member).get(reverse("unit-detail", args=[987654])).status_code == 404


def test_the_sign_holds_the_qr_code_of_the_public_page(signed_in, crew_member):
    unit = UnitFactory(code="U-SIGN-1", name="文溪小吃")
    response = signed_in(crew_member).get(reverse("unit-sign", args=[unit.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "http://testserver/u/U-SIGN-1/" in body
    assert "size: A5" in body and "文溪小吃" in body
    assert unit.contact_phone not in body


def test_the_nav_links_the_register(signed_in, crew_member):
    body = signed_in(crew_member, "zh-hans").get(reverse("asset-list")).content.decode()
    assert f'href="{reverse("unit-list")}">门前三包</a>' in body


def test_signed_out_visitors_are_sent_to_sign_in(client):
    unit = UnitFactory()
    for url in (reverse("unit-list"), reverse("unit-detail", args=[unit.pk]), reverse("unit-sign", args=[unit.pk])):
        assert client.get(url).status_code == 302
    assert Unit.objects.count() == 1


def test_each_filter_has_its_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'frontage_unit'")
        names = {row[0] for row in cursor.fetchall()}
    expected = {"unit_code_trgm", "unit_name_trgm", "unit_credit_code_trgm", "unit_address_trgm"}
    expected |= {"unit_zone_rating", "unit_kind_rating", "unit_rating", "unit_active_code", "unit_bbox"}
    assert expected <= names
    assert any("village_id" in name for name in names)
