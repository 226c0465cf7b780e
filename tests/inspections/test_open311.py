"""Open311 GeoReport v2 at /open311/v2/, against the standard's examples: the catalogue,
a service's definition, posting a request with a key, the requests and their filters,
and every error in the standard's shape."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from inspections import public, services
from inspections.choices import FindingSource, FindingStatus
from inspections.models import ApiKey, Category, Finding
from inspections.models.open311 import hash_key
from tests.factories import point

BASE = "/open311/v2"


@pytest.fixture
def key(db):
    _row, key = ApiKey.issue("FixMyStreet Yongkang")
    return key


def post(client, key, **fields):
    here = point(0.005, 0.005)["coordinates"]
    data = {"api_key": key, "service_code": "exposed-rubbish", "lat": here[1], "long": here[0],
            "description": "Rubbish bags by the bus stop", **fields}  # fmt: skip
    return client.post(f"{BASE}/requests.json", {k: v for k, v in data.items() if v is not None},
                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip


def test_the_catalogue_lists_the_active_categories_as_services(client, rubbish, english):
    Category.objects.filter(code="street-vendors").update(active=False)
    answer = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    services_ = answer.json()
    codes = [service["service_code"] for service in services_]
    assert codes == list(Category.objects.filter(active=True).values_list("code", flat=True))
    assert "street-vendors" not in codes
    [first] = [service for service in services_ if service["service_code"] == "exposed-rubbish"]
    assert first == {
        "service_code": "exposed-rubbish",
        "service_name": rubbish.display_name,
        "description": f"Event; to be put right within {rubbish.deadline_text()}.",
        "metadata": False,
        "type": "realtime",
        "keywords": ["exposed-rubbish"],
        "group": "Event",
    }


def test_the_catalogue_in_xml(client, rubbish, english):
    answer = client.get(f"{BASE}/services.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    assert answer.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = ET.fromstring(answer.content)
    assert root.tag == "services"
    service = next(s for s in root.findall("service") if s.findtext("service_code") == "exposed-rubbish")
    assert [child.tag for child in service] == [
        "service_code", "service_name", "description", "metadata", "type", "keywords", "group",
    ]  # fmt: skip
    assert (service.findtext("metadata"), service.findtext("type"), service.findtext("group")) == (
        "false", "realtime", "Event",
    )  # fmt: skip


def test_a_services_definition_and_an_unknown_one(client, rubbish):
    assert client.get(f"{BASE}/services/exposed-rubbish.json").json() == {
        "service_code": "exposed-rubbish",
        "attributes": [],
    }
    missing = client.get(f"{BASE}/services/potholes.json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "There is no service with the code potholes."}]
    xml = client.get(f"{BASE}/services/potholes.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert xml.status_code == 404
    error = ET.fromstring(xml.content).find("error")
    assert (error.findtext("code"), error.findtext("description")) == (
        "404", "There is no service with the code potholes.",
    )  # fmt: skip


def test_posting_a_request_makes_a_pending_public_finding(client, key, rubbish, zones):
    answer = post(client, key, media_url="https://example.org/photo/1.jpg")
    assert answer.status_code == 200
    finding = Finding.objects.get()
    assert answer.json() == [
        {
            "service_request_id": str(finding.pk),
            "service_notice": (
                f"Received: an inspector will look at it. Tracking code {public.tracking_code(finding)}."
            ),
            "account_id": None,
        }
    ]
    assert (finding.status, finding.source, finding.category, finding.zone.code) == (
        FindingStatus.PENDING, FindingSource.PUBLIC, rubbish, "roads",
    )  # fmt: skip
    assert finding.description == "Rubbish bags by the bus stop\nhttps://example.org/photo/1.jpg"


@pytest.mark.parametrize(
    ("fields", "status", "description"),
    [
        ({"api_key": None}, 403, "A valid api_key is required to post a service request."),
        ({"api_key": "not-a-key"}, 403, "A valid api_key is required to post a service request."),
        ({"service_code": None}, 400, "service_code is required."),
        ({"service_code": "potholes"}, 400, "There is no service with the code potholes."),
        ({"lat": None, "long": None}, 400, "lat and long are required."),
        ({"lat": None, "long": None, "address_string": "1 Wenxi Road"}, 400,
         "This server does not locate addresses: give lat and long."),
        ({"lat": "north"}, 400, "lat must be a number of degrees (WGS84): north is not."),
        ({"long": "200"}, 400, "long must be a number of degrees (WGS84): 200 is not."),
        ({"lat": "28.9", "long": "120.3"}, 400, "The place (28.9, 120.3) is outside the zone."),
        ({"description": " "}, 400, "description is required."),
        ({"description": "x" * 4001}, 400, "description may be at most 4000 characters long."),
    ],
)  # fmt: skip
def test_every_refused_post_says_why_in_the_standards_shape(client, key, rubbish, zones, fields, status, description):
    answer = post(client, key, **fields)
    assert answer.status_code == status
    assert answer.json() == [{"code": status, "description": description}]
    assert Finding.objects.count() == 0


def test_an_inactive_key_is_refused(client, key, rubbish, zones):
    ApiKey.objects.update(active=False)
    assert post(client, key).json() == [
        {"code": 403, "description": "A valid api_key is required to post a service request."}
    ]


@pytest.fixture
def reports(key, rubbish, shed, zones, inspector, time_machine, client):
    """Three reports over three days: pending, accepted (registered), rejected."""
    made = []
    for day, category in ((1, "exposed-rubbish"), (2, "illegal-building"), (3, "exposed-rubbish")):
        time_machine.move_to(f"2026-09-0{day}T10:00:00+08:00", tick=False)
        post(client, key, service_code=category, description=f"Report {day}")
        made.append(Finding.objects.get(description=f"Report {day}"))
    services.accept_report(made[1], inspector)
    services.reject_report(made[2], inspector, "Private ground: not the zone's.")
    time_machine.move_to("2026-09-10T10:00:00+08:00", tick=False)
    return made


def ids(answer) -> list[str]:
    return [request["service_request_id"] for request in answer.json()]


def test_a_request_as_the_standard_gives_it(client, reports, municipal, english):
    pending, accepted, rejected = reports
    answer = client.get(f"{BASE}/requests/{rejected.pk}.json", HTTP_ACCEPT_LANGUAGE="en")
    [request] = answer.json()
    assert request == {
        "service_request_id": str(rejected.pk),
        "status": "closed",
        "status_notes": "Private ground: not the zone's.",
        "service_name": rejected.category.display_name,
        "service_code": "exposed-rubbish",
        "description": "Report 3",
        "agency_responsible": str(municipal),
        "service_notice": "",
        "requested_datetime": "2026-09-03T10:00:00+08:00",
        "updated_datetime": "2026-09-03T10:00:00+08:00",
        "expected_datetime": None,
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": rejected.lat,
        "long": rejected.lon,
        "media_url": "",
    }
    [open_one] = client.get(f"{BASE}/requests/{accepted.pk}.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (open_one["status"], open_one["status_notes"]) == (
        "open", "An inspector accepted your report: it is being put right.",
    )  # fmt: skip
    missing = client.get(f"{BASE}/requests/999999.json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "There is no service request 999999."}]


def test_the_requests_and_their_filters(client, reports, inspector, rubbish):
    pending, accepted, rejected = reports
    # An inspector's own finding is no service request.
    services.register(inspector, rubbish, "On a round", point=point(0.005, 0.005))
    newest_first = [str(rejected.pk), str(accepted.pk), str(pending.pk)]
    assert ids(client.get(f"{BASE}/requests.json")) == newest_first
    assert ids(client.get(f"{BASE}/requests.json", {"status": "open"})) == [str(accepted.pk), str(pending.pk)]
    assert ids(client.get(f"{BASE}/requests.json", {"status": "closed"})) == [str(rejected.pk)]
    assert ids(client.get(f"{BASE}/requests.json", {"service_code": "illegal-building"})) == [str(accepted.pk)]
    window = {"start_date": "2026-09-02T00:00:00+08:00", "end_date": "2026-09-02T23:59:59+08:00"}
    assert ids(client.get(f"{BASE}/requests.json", window)) == [str(accepted.pk)]
    assert ids(client.get(f"{BASE}/requests.json", {"start_date": "2026-09-02T03:00:00Z"})) == [str(rejected.pk)]
    # With ids, the other filters are ignored (the standard).
    listed = {"service_request_id": f"{pending.pk},{rejected.pk}", "status": "open"}
    assert ids(client.get(f"{BASE}/requests.json", listed)) == [str(rejected.pk), str(pending.pk)]
    root = ET.fromstring(client.get(f"{BASE}/requests.xml", {"status": "closed"}).content)
    assert root.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [str(rejected.pk)]


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ({"start_date": "2026-09-02"}, "start_date must be a W3C date and time with its time zone, "
         "e.g. 2026-09-28T09:00:00+08:00: 2026-09-02 is not."),
        ({"end_date": "yesterday"}, "end_date must be a W3C date and time with its time zone, "
         "e.g. 2026-09-28T09:00:00+08:00: yesterday is not."),
        ({"start_date": "2026-09-03T00:00:00Z", "end_date": "2026-09-01T00:00:00Z"},
         "start_date must be before end_date."),
        ({"status": "pending"}, "status must be open or closed."),
        ({"service_request_id": "1,two"}, "service_request_id must be a comma list of at most 100 numbers."),
    ],
)  # fmt: skip
def test_bad_filters_are_refused(client, db, query, description):
    answer = client.get(f"{BASE}/requests.json", query, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400
    assert answer.json() == [{"code": 400, "description": description}]


def test_the_request_list_reads_a_constant_number_of_queries(client, reports, key, django_assert_num_queries):
    # 1 the findings with their category, party, zone and its lead; 2 their rejection steps.
    with django_assert_num_queries(2):
        assert len(client.get(f"{BASE}/requests.json").json()) == 3
    for n in range(4, 10):
        post(client, key, description=f"Report {n}")
    with django_assert_num_queries(2):
        assert len(client.get(f"{BASE}/requests.json").json()) == 9


def test_the_command_prints_a_new_key_and_keeps_only_its_hash(db):
    out = io.StringIO()
    call_command("open311_key", "City app", stdout=out)
    key = out.getvalue().strip()
    row = ApiKey.objects.get(name="City app")
    assert len(key) == 43
    assert row.key_hash == hash_key(key) != key
    assert ApiKey.objects.matching(key) == row


def test_a_key_added_in_the_admin_is_shown_once(client, administrator):
    client.force_login(administrator)
    answer = client.post("/admin/inspections/apikey/add/", {"name": "City app", "active": "on"}, follow=True)
    assert answer.status_code == 200
    [message] = [str(m) for m in answer.context["messages"] if "的密钥是 " in str(m)]
    key = message.split("的密钥是 ")[1].split("：")[0]  # the site speaks Chinese by default
    row = ApiKey.objects.get(name="City app")
    assert row.key_hash == hash_key(key)
    assert ApiKey.objects.matching(key) == row
    # Keys are deactivated, never deleted.
    assert client.post(f"/admin/inspections/apikey/{row.pk}/delete/").status_code == 403
