"""Exporting the register: XLSX and CSV, the personal columns only for those who may see
them and only when asked for, the list's filters, a constant number of queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from frontage import services
from frontage.models import Unit
from tests.factories import PledgeFactory, UnitFactory, ZoneFactory

from .importfiles import read_xlsx

pytestmark = pytest.mark.django_db

PERSONAL = ["Person responsible", "Phone"]


def export(client, format="xlsx", **params) -> list[list]:
    response = client.get(reverse("unit-export", args=[format]), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if format == "csv":
        assert content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Chinese right
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return read_xlsx(content)


@pytest.fixture
def units():
    zone = ZoneFactory(code="east")
    return [
        UnitFactory(code="U-1", zone=zone, name="=HYPERLINK()", kind="restaurant"),
        UnitFactory(code="U-2", zone=zone, rating="red"),
        UnitFactory(code="U-3", kind="restaurant"),
    ]


@pytest.mark.parametrize("format", ["xlsx", "csv"])
def test_the_manager_gets_the_personal_columns_only_when_asking(signed_in, manager, units, format):
    client = signed_in(manager)
    rows = export(client, format)
    assert rows[0][:3] == ["Unit code", "Unit name", "Kind of unit"]
    assert not set(PERSONAL) & set(rows[0])
    assert "王建国" not in str(rows)
    assert [row[0] for row in rows[1:]] == ["U-1", "U-2", "U-3"]
    assert rows[1][1] == "'=HYPERLINK()"  # text, never a formula
    assert rows[1][2] == "Restaurant"
    rows = export(client, format, personal="1")
    columns = dict(zip(rows[0], rows[1], strict=True))
    assert (columns["Person responsible"], columns["Phone"]) == ("王建国", "13912345678")


def test_a_crew_member_asking_for_personal_columns_gets_none(signed_in, crew_member, units):
    rows = export(signed_in(crew_member), personal="1")
    assert len(rows) == 4 and not set(PERSONAL) & set(rows[0])
    assert "13912345678" not in str(rows)


def test_the_list_filters_apply(signed_in, planner, units):
    client = signed_in(planner)
    assert [row[0] for row in export(client, zone=units[0].zone.pk)[1:]] == ["U-1", "U-2"]
    assert [row[0] for row in export(client, kind="restaurant")[1:]] == ["U-1", "U-3"]
    assert [row[0] for row in export(client, rating="red")[1:]] == ["U-2"]
    assert client.get("/frontage/units/export.pdf").status_code == 404


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize(
    "query",
    [
        {"q": "U-"},
        {"q": "u-2"},
        {"active": "no"},
        {"active": "yes", "kind": "restaurant"},
        {"expiring": "yes"},
        {"rating": "red", "zone": "east"},
    ],
)
def test_the_same_query_string_gives_the_lists_rows(signed_in, manager, units, query):
    """The list's export links carry its query string: the export holds the list's units."""
    PledgeFactory(unit=units[2], ends=datetime.date(2026, 10, 10))  # ends within 30 days of 2026-09-28
    Unit.objects.filter(code="U-2").update(active=False)
    if query.get("zone") == "east":
        query = {**query, "zone": units[0].zone.pk}
    client = signed_in(manager)
    listed = client.get(reverse("unit-list"), query)
    codes = sorted(unit.code for unit in listed.context["page"])
    assert codes, query
    assert [row[0] for row in export(client, "csv", **query)[1:]] == codes
    assert [row[0] for row in export(client, "xlsx", personal="1", **query)[1:]] == codes


def test_control_characters_do_not_break_the_xlsx(signed_in, manager):
    UnitFactory(code="U-1", notes="bell\x07")
    rows = export(signed_in(manager))
    assert dict(zip(rows[0], rows[1], strict=True))["Notes"] == "bell"


def test_the_export_is_importable_again_unchanged(signed_in, manager, units):
    content = signed_in(manager).get(reverse("unit-export", args=["xlsx"]), {"personal": "1"}).content
    report = services.import_units(content, "xlsx", dry_run=False)
    assert [row.action for row in report.rows] == ["unchanged"] * 3, report.rows


def bulk(zone, prefix: str, count: int) -> None:
    units = [UnitFactory.build(zone=zone, code=f"{prefix}-{n:04d}") for n in range(count)]
    for unit in units:
        unit.measure()  # what save() does, and bulk_create does not
    Unit.objects.bulk_create(units)


def test_exporting_asks_the_same_queries_for_20_and_1000_units(signed_in, manager, django_assert_num_queries):
    zone = ZoneFactory()
    bulk(zone, "U", 20)
    client = signed_in(manager)
    # The session, the user, the user's role groups, the units with their zone, village and road.
    with django_assert_num_queries(4):
        assert len(export(client, personal="1")) == 21
    bulk(zone, "V", 980)
    with django_assert_num_queries(4):
        assert len(export(client, personal="1")) == 1001
