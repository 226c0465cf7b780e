"""Inspection rounds: starting one (services.start_round and its page), its page, ending
it (services.end_round; "nothing found"), registering a finding on it, the list (order,
filters, a constant number of queries) and who may do what."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.urls import reverse

from assets.choices import AssetKind
from assets.models import Village
from inspections import services
from inspections.models import Finding, Round
from tests.factories import AssetFactory, point, square
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

LIST = "/inspections/rounds/"
START = "/inspections/rounds/new/"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def village(villages):
    return Village.objects.create(code="dongcun", name="东村", name_en="Dongcun", zone=villages)


@pytest.fixture
def road(roads):
    return AssetFactory(code="RD-1", name="东门路", kind=AssetKind.ROAD_SEGMENT, zone=roads)


@pytest.fixture
def on_roads(inspector, roads):
    """The inspector's round over the roads zone, today."""
    return services.start_round(inspector, zone=roads)


def errors_of(error: ValidationError) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in error.message_dict.items()}


def listed(response) -> list[int]:
    return [round.pk for round in response.context["page"]]


# --- Starting a round ---------------------------------------------------------------------------


def test_a_round_starts_with_its_inspectors_on_one_area(inspector, fellow_inspector, roads):
    round = services.start_round(inspector, inspectors=[fellow_inspector], zone=roads, notes="  East gate  ")

    assert set(round.inspectors.all()) == {inspector, fellow_inspector}
    assert (round.date, round.zone, round.created_by, round.notes, round.ended) == (
        TODAY,
        roads,
        inspector,
        "East gate",
        None,
    )
    assert round.area_text() == "道路及绿化"


@pytest.mark.parametrize("area", ["village", "road", "drawn"])
def test_a_round_may_go_over_a_village_a_road_or_a_drawn_area(area, inspector, village, road):
    given = {"village": {"village": village}, "road": {"road": road}, "drawn": {"area": square()}}[area]
    round = services.start_round(inspector, **given)
    assert round.area_text() == {"village": "Dongcun", "road": "东门路", "drawn": "a drawn area"}[area]


def test_a_round_without_an_area_is_refused(inspector, zones):
    with pytest.raises(ValidationError) as refused:
        services.start_round(inspector)
    assert errors_of(refused.value) == {
        NON_FIELD_ERRORS: ["Choose the round's area: one zone, village or road segment, or draw it on the map."]
    }
    assert not Round.objects.exists()


def test_a_round_with_two_areas_is_refused_on_each(inspector, roads, village):
    with pytest.raises(ValidationError) as refused:
        services.start_round(inspector, zone=roads, village=village)
    message = "Choose only one area: a zone, a village, a road segment or a drawn area."
    assert errors_of(refused.value) == {"zone": [message], "village": [message]}


@pytest.mark.parametrize(
    "area",
    [
        {"type": "Point", "coordinates": [120.05, 28.9]},
        {"type": "Polygon", "coordinates": [[[120.05, 28.9], [120.06, 28.9], [120.05, 28.9]]]},
        "not json",
    ],
)
def test_an_area_that_is_not_a_polygon_is_refused(area, inspector, zones):
    with pytest.raises(ValidationError) as refused:
        services.start_round(inspector, area=area)
    assert list(errors_of(refused.value)) == ["area"]


def test_a_road_must_be_a_road_segment(inspector, litter_bin):
    with pytest.raises(ValidationError) as refused:
        services.start_round(inspector, road=litter_bin)
    assert list(errors_of(refused.value)) == ["road"]


def test_a_round_is_not_on_a_day_to_come_nor_with_a_co_inspector_who_is_not_one(inspector, crew_member, roads):
    with pytest.raises(ValidationError) as refused:
        services.start_round(inspector, date=TODAY + DAY, inspectors=[crew_member], zone=roads)
    assert errors_of(refused.value) == {
        "date": ["A round cannot be on a day still to come."],
        "inspectors": ["Not an inspector: crew-member."],
    }
    assert services.start_round(inspector, date=TODAY - DAY, zone=roads).date == TODAY - DAY


@pytest.mark.parametrize("who", ["planner", "crew_member"])
def test_only_those_who_inspect_start_a_round(who, request, roads):
    with pytest.raises(PermissionDenied):
        services.start_round(request.getfixturevalue(who), zone=roads)


# --- Ending it, and findings on it ---------------------------------------------------------------


def test_a_round_ended_without_findings_found_nothing(inspector, on_roads, frozen):
    frozen.move_to(at(TODAY, 11))
    services.end_round(on_roads, inspector)

    on_roads.refresh_from_db()
    assert on_roads.ended == at(TODAY, 11)
    assert on_roads.nothing_found()
    assert Round.objects.with_finding_count().get().finding_count == 0


def test_ending_twice_is_refused(inspector, manager, on_roads):
    services.end_round(on_roads, inspector)
    with pytest.raises(ValidationError, match="This round already ended at 2026-09-28 09:00."):
        services.end_round(Round.objects.get(), manager)


def test_only_the_rounds_inspectors_or_a_manager_end_it(inspector, fellow_inspector, manager, roads):
    theirs = services.start_round(inspector, zone=roads)
    with pytest.raises(PermissionDenied):
        services.end_round(theirs, fellow_inspector)
    assert services.end_round(theirs, manager).ended is not None


def test_findings_are_registered_on_an_open_round_by_its_inspectors(inspector, fellow_inspector, rubbish, on_roads):
    finding = services.register(inspector, rubbish, "By the gate", point=point(0.005, 0.005), round=on_roads)
    assert finding.round == on_roads
    assert not on_roads.nothing_found()

    with pytest.raises(PermissionDenied):
        services.register(fellow_inspector, rubbish, "Not on my round", point=point(0.005, 0.005), round=on_roads)

    services.end_round(on_roads, inspector)
    with pytest.raises(ValidationError, match="a finding can no longer be registered on it"):
        services.register(inspector, rubbish, "Too late", point=point(0.005, 0.005), round=on_roads)
    assert Finding.objects.count() == 1


# --- The list ----------------------------------------------------------------------------------


def test_the_list_is_newest_first_with_its_result(signed_in, inspector, fellow_inspector, rubbish, roads, village):
    old = services.start_round(inspector, date=TODAY - 2 * DAY, zone=roads)
    services.end_round(old, inspector)
    found = services.start_round(fellow_inspector, date=TODAY - DAY, village=village)
    services.register(fellow_inspector, rubbish, "Rubbish", point=point(0.025, 0.005), round=found)
    services.end_round(found, fellow_inspector)
    today = services.start_round(inspector, zone=roads)

    response = signed_in(inspector).get(LIST)

    assert listed(response) == [today.pk, found.pk, old.pk]
    rows = response.content.decode().split('data-round="')[1:]
    assert "Under way" in rows[0] and "Nothing found" not in rows[0]
    assert ">1<" in rows[1].replace("\n", "").replace(" ", "") and "Nothing found" not in rows[1]
    assert "Nothing found" in rows[2] and "道路及绿化" in rows[2]
    assert "Li Na" in rows[1]


def test_the_list_filters_by_dates_zone_and_inspector(
    signed_in, inspector, fellow_inspector, roads, villages, village, road
):
    monday = services.start_round(inspector, date=TODAY - 7 * DAY, zone=roads)
    on_road = services.start_round(fellow_inspector, date=TODAY - DAY, road=road)
    in_village = services.start_round(fellow_inspector, inspectors=[inspector], village=village)
    drawn = services.start_round(fellow_inspector, area=square())
    client = signed_in(inspector)

    assert listed(client.get(LIST, {"date_from": TODAY - 7 * DAY, "date_to": TODAY - DAY})) == [
        on_road.pk,
        monday.pk,
    ]
    assert listed(client.get(LIST, {"zone": roads.pk})) == [on_road.pk, monday.pk]
    assert listed(client.get(LIST, {"zone": villages.pk})) == [in_village.pk]
    assert listed(client.get(LIST, {"inspector": inspector.pk})) == [in_village.pk, monday.pk]
    assert drawn.pk in listed(client.get(LIST))


def test_a_bad_filter_is_said_and_lists_nothing(signed_in, inspector, on_roads):
    response = signed_in(inspector).get(LIST, {"date_from": TODAY, "date_to": TODAY - DAY})
    assert listed(response) == []
    assert "The “from” date is after the “to” date." in response.content.decode()
    assert "Enter a valid date." in signed_in(inspector).get(LIST, {"date_from": "28/09"}).content.decode()


@pytest.mark.parametrize("who", ["inspector", "manager", "planner", "administrator"])
def test_those_who_see_every_finding_see_the_rounds_and_the_link(who, request, signed_in, on_roads):
    client = signed_in(request.getfixturevalue(who))
    assert listed(client.get(LIST)) == [on_roads.pk]
    assert client.get(reverse("round-detail", args=[on_roads.pk])).status_code == 200
    assert f'href="{LIST}"' in client.get("/assets/").content.decode()


def test_a_crew_member_is_refused_the_rounds(signed_in, crew_member, on_roads):
    client = signed_in(crew_member)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("round-detail", args=[on_roads.pk])).status_code == 404
    assert client.post(reverse("round-end", args=[on_roads.pk])).status_code == 404
    assert f'href="{LIST}"' not in client.get("/assets/").content.decode()


@pytest.mark.parametrize("count", [3, 40])
def test_the_list_runs_constant_queries(count, signed_in, inspector, fellow_inspector, rubbish, roads, village, road,
                                        django_assert_num_queries):  # fmt: skip
    areas = [{"zone": roads}, {"village": village}, {"road": road}, {"area": square()}]
    for n in range(count):
        round = services.start_round(inspector, inspectors=[fellow_inspector], date=TODAY - n * DAY, **areas[n % 4])
        services.register(inspector, rubbish, f"Rubbish {n}", point=point(0.005, 0.005), round=round)
    client = signed_in(inspector)
    client.get(LIST)
    # session, user, the user's groups (sees_every_finding), the chosen zone and inspector
    # (the filters' validation), the count, permissions, group permissions, the rounds
    # (zone, village and road joined, findings counted), their inspectors (one prefetch),
    # the filter form's choices: zones, inspectors.
    with django_assert_num_queries(12):
        response = client.get(LIST, {"zone": roads.pk, "inspector": fellow_inspector.pk})
    assert len(listed(response)) == len(range(0, count, 2))  # the zone's own rounds and its road's


# --- Starting a round on its page ------------------------------------------------------------------


def test_the_start_page_is_for_those_who_inspect(signed_in, planner, crew_member, inspector, fellow_inspector):
    assert signed_in(planner).get(START).status_code == 403
    assert signed_in(crew_member).get(START).status_code == 403
    response = signed_in(inspector).get(START)
    assert response.context["form"]["date"].value() == TODAY
    assert list(response.context["form"].fields["inspectors"].queryset) == [fellow_inspector]


def test_a_round_started_on_its_page(signed_in, inspector, fellow_inspector, roads):
    response = signed_in(inspector).post(
        START, {"date": TODAY.isoformat(), "inspectors": [fellow_inspector.pk], "zone": roads.pk, "notes": "East"}
    )
    round = Round.objects.get()
    assert response.status_code == 302 and response.url == reverse("round-detail", args=[round.pk])
    assert set(round.inspectors.all()) == {inspector, fellow_inspector}


def test_a_round_drawn_as_geojson_text(signed_in, inspector, zones):
    response = signed_in(inspector).post(START, {"date": TODAY.isoformat(), "area": str(square()).replace("'", '"')})
    assert response.status_code == 302
    assert Round.objects.get().area["type"] == "Polygon"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, None, "Choose the round&#x27;s area"),
        ({"zone": "roads", "village": "village"}, "zone", "Choose only one area"),
        ({"area": '{"type": "Point", "coordinates": [120.05, 28.9]}'}, "area", None),
        ({"area": "{not json"}, "area", None),
        ({"zone": "roads", "date": (TODAY + DAY).isoformat()}, "date", "A round cannot be on a day still to come."),
    ],
)
def test_the_start_page_says_what_is_wrong_and_keeps_what_was_typed(
    data, field, message, signed_in, inspector, roads, village
):
    ids = {"roads": roads.pk, "village": village.pk}
    posted = {"date": TODAY.isoformat(), "notes": "Kept", **{k: ids.get(v, v) for k, v in data.items()}}
    response = signed_in(inspector).post(START, posted)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field or NON_FIELD_ERRORS]
    if message:
        assert message in response.content.decode()
    assert form["notes"].value() == "Kept"
    assert not Round.objects.exists()


# --- A round's page ----------------------------------------------------------------------------


def test_the_rounds_page_shows_its_area_findings_and_actions(signed_in, inspector, fellow_inspector, rubbish, on_roads):
    finding = services.register(inspector, rubbish, "By the gate", point=point(0.005, 0.005), round=on_roads)
    url = reverse("round-detail", args=[on_roads.pk])

    page = signed_in(inspector).get(url).content.decode()
    assert reverse("finding-detail", args=[finding.pk]) in page
    assert f"{reverse('finding-register')}?round={on_roads.pk}" in page
    assert 'id="end-round"' in page
    assert '"type": "Polygon"' in page  # the zone's boundary, for the map

    other = signed_in(fellow_inspector).get(url).content.decode()  # not on this round
    assert 'id="register-on-round"' not in other and 'id="end-round"' not in other


def test_ending_on_the_page(signed_in, inspector, fellow_inspector, manager, on_roads):
    url = reverse("round-end", args=[on_roads.pk])
    assert signed_in(fellow_inspector).post(url).status_code == 403

    response = signed_in(inspector).post(url, follow=True)
    page = response.content.decode()
    assert "Round ended: nothing found." in page and 'id="nothing-found"' in page
    assert 'id="register-on-round"' not in page and 'id="end-round"' not in page

    again = signed_in(manager).post(url, follow=True).content.decode()
    assert "This round already ended at" in again


def test_registering_on_a_round_from_its_page(signed_in, inspector, rubbish, on_roads):
    client = signed_in(inspector)
    register = reverse("finding-register")
    page = client.get(register, {"round": on_roads.pk}).content.decode()
    assert 'id="on-round"' in page and f'name="round" value="{on_roads.pk}"' in page

    data = {"category": rubbish.pk, "severity": "medium", "description": "By the gate", "lat": 28.905, "lon": 120.055}
    response = client.post(register, {**data, "round": on_roads.pk})
    finding = Finding.objects.get()
    assert response.status_code == 302 and finding.round == on_roads

    services.end_round(on_roads, inspector)
    refused = client.post(register, {**data, "round": on_roads.pk, "photos": [photo()]})
    assert refused.status_code == 400
    assert "a finding can no longer be registered on it" in refused.content.decode()
    assert refused.context["form"]["description"].value() == "By the gate"
    assert Finding.objects.count() == 1


def test_registering_on_a_round_that_is_not_yours_is_said(signed_in, fellow_inspector, rubbish, on_roads, crew_member):
    data = {"category": rubbish.pk, "severity": "medium", "description": "Mine?", "lat": 28.905, "lon": 120.055}
    response = signed_in(fellow_inspector).post(reverse("finding-register"), {**data, "round": on_roads.pk})
    assert response.status_code == 400
    assert "Only the round&#x27;s inspectors may register findings on it." in response.content.decode()
    assert signed_in(fellow_inspector).get(reverse("finding-register"), {"round": "x"}).status_code == 404
    assert signed_in(fellow_inspector).get(reverse("finding-register"), {"round": 999}).status_code == 404
    assert not Finding.objects.exists()


def test_today_links_the_round_under_way_or_starting_one(signed_in, inspector, roads):
    client = signed_in(inspector)
    today = reverse("inspections-today")
    assert f'href="{START}"' in client.get(today).content.decode()

    round = services.start_round(inspector, zone=roads)
    page = client.get(today).content.decode()
    assert f'href="{reverse("round-detail", args=[round.pk])}"' in page and 'id="start-round"' not in page

    services.end_round(round, inspector)
    assert 'id="start-round"' in client.get(today).content.decode()


def test_the_start_page_offers_today_in_chinese_too(signed_in, inspector):
    page = signed_in(inspector, "zh-hans").get(START).content.decode()
    assert f'value="{TODAY.isoformat()}"' in page and "开始巡查" in page
