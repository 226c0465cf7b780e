"""The findings pages: the list (filters, order, pages, a constant number of queries), a
finding's whole story, and registering a finding."""

import pytest
from django.urls import reverse

from inspections import services
from inspections.choices import FindingStatus, PhotoStage
from inspections.models import Finding
from tests.factories import UnitFactory, point
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

LIST = "/inspections/findings/"


def listed(response) -> list[int]:
    return [finding.pk for finding in response.context["page"]]


def make_findings(inspector, category, count: int) -> list[Finding]:
    return [
        services.register(inspector, category, f"Rubbish {n}", point=point(0.001 * (n % 9), 0.001))
        for n in range(count)
    ]


def test_the_list_is_linked_from_the_navigation_for_those_who_see_findings(signed_in, inspector, crew_member, zones):
    assert f'href="{LIST}"' in signed_in(inspector).get("/assets/").content.decode()
    assert f'href="{LIST}"' in signed_in(crew_member).get("/assets/").content.decode()


def test_the_list_is_newest_first_with_a_stable_order(signed_in, inspector, rubbish, zones):
    findings = make_findings(inspector, rubbish, 3)  # frozen time: the same created moment

    response = signed_in(inspector).get(LIST)

    assert listed(response) == [finding.pk for finding in reversed(findings)]


def test_the_filters(signed_in, inspector, rubbish, shed, zones, villages, sanitation, time_machine):
    plain, other_zone, dispatched, late, rebound_source = (
        services.register(inspector, rubbish, "a", point=point(0.005, 0.005)),
        services.register(inspector, shed, "b", point=point(0.025, 0.005)),
        services.register(inspector, rubbish, "c", point=point(0.005, 0.005)),
        services.register(inspector, rubbish, "d", point=point(0.005, 0.005)),
        services.register(inspector, rubbish, "e", point=point(0.005, 0.005)),
    )
    services.dispatch(dispatched, inspector, crew=sanitation)
    services.dispatch(late, inspector, deadline=at(TODAY, 10))
    client = signed_in(inspector)

    assert listed(client.get(LIST, {"status": "registered", "zone": villages.pk})) == [other_zone.pk]
    assert listed(client.get(LIST, {"category": shed.pk})) == [other_zone.pk]
    assert listed(client.get(LIST, {"crew": sanitation.pk})) == [dispatched.pk]
    # A department's findings: those dispatched to it, and to its crews (sanitation is
    # municipal works', the department the late one went to).
    assert sanitation.department == late.department
    assert listed(client.get(LIST, {"department": late.department.pk})) == [late.pk, dispatched.pk]
    time_machine.move_to(at(TODAY, 11))
    assert listed(client.get(LIST, {"overdue": "yes"})) == [late.pk]
    assert listed(client.get(LIST, {"created_from": "2026-09-28", "created_to": "2026-09-28"})) == [
        rebound_source.pk, late.pk, dispatched.pk, other_zone.pk, plain.pk,
    ]  # fmt: skip
    assert listed(client.get(LIST, {"created_to": "2026-09-27"})) == []
    assert listed(client.get(LIST, {"rebounds": "yes"})) == []
    assert listed(client.get(LIST, {"escalated": "yes"})) == []


def test_a_bad_filter_shows_an_error_over_an_empty_list(signed_in, inspector, finding):
    response = signed_in(inspector).get(LIST, {"created_from": "2026-09-29", "created_to": "2026-09-28"})

    assert listed(response) == []
    assert "The “from” date is after the “to” date." in response.content.decode()


def test_a_crew_member_lists_their_crews_findings_only(signed_in, inspector, crew_member, rubbish, zones, sanitation):
    theirs = services.register(inspector, rubbish, "theirs", point=point(0.005, 0.005))
    services.dispatch(theirs, inspector, crew=sanitation)
    services.register(inspector, rubbish, "not theirs", point=point(0.005, 0.005))

    assert listed(signed_in(crew_member).get(LIST)) == [theirs.pk]


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_runs_a_constant_number_of_queries(
    count, signed_in, inspector, rubbish, zones, django_assert_num_queries
):
    for n, finding in enumerate(make_findings(inspector, rubbish, count)[::2]):
        # Some to a door unit (shown with a link to its page), the others to the zone's lead.
        services.dispatch(finding, inspector, **({"unit": UnitFactory(zone=zones[0])} if n % 3 == 0 else {}))
    client = signed_in(inspector)
    client.get(LIST)  # the session and the permissions' caches warm
    # session, user, the user's role groups (findings_for_user), the count, the page of
    # findings with category, zone, crew, department and door unit, the user's and their groups'
    # permissions (may_inspect; perms in the navigation reads the same cache), the filter
    # form's choices: categories, zones, crews, departments.
    with django_assert_num_queries(11):
        response = client.get(LIST, {"status": "dispatched"})
    assert len(listed(response)) == min(50, (count + 1) // 2)


def story(response) -> list[str]:
    return [step.kind for step in response.context["steps"]]


def test_the_story_page_shows_every_step_photos_side_by_side_and_the_links(signed_in, inspector, closed):
    response = signed_in(inspector).get(reverse("finding-detail", args=[closed.pk]))
    page = response.content.decode()

    assert story(response) == ["registered", "dispatched", "disposed", "closed"]
    assert [photo.stage for photo in response.context["after"]] == [PhotoStage.AFTER]
    assert response.context["before"] == []
    assert [check.offset for check in response.context["reinspections"]] == [7, 30, 90]
    assert 'id="finding-map"' in page
    assert "To Municipal works, by 2026-09-28 14:30." in page


def test_the_story_page_links_the_rebound_chain_and_the_work_order(
    signed_in, inspector, rubbish, zones, sanitation, litter_bin, sweeping
):
    first = services.register(inspector, rubbish, "By the bin", asset=litter_bin)
    services.dispatch(first, inspector)
    services.dispose(first, inspector, "Emptied", photos=[photo()])
    services.verify(first, inspector, accept=True)
    again = services.record_reinspection(first.reinspections.first(), inspector, "rebound", note="Back again")
    client = signed_in(inspector)

    first_page = client.get(reverse("finding-detail", args=[first.pk]))
    again_page = client.get(reverse("finding-detail", args=[again.pk])).content.decode()

    assert first_page.context["rebounds"] == [again]
    assert f'href="{reverse("finding-detail", args=[first.pk])}"' in again_page
    assert f'href="{reverse("order-detail", args=[again.work_order.pk])}"' in again_page


def test_the_story_page_is_404_to_those_who_may_not_see_it(signed_in, outsider, crew_of_outsider, crew_member, finding):
    url = reverse("finding-detail", args=[finding.pk])

    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(crew_member).get(url).status_code == 404


@pytest.mark.parametrize("extra", [0, 4])
def test_the_story_page_runs_a_constant_number_of_queries(
    extra, signed_in, inspector, disposed, django_assert_num_queries
):
    for _n in range(extra):
        services.store_photo(disposed, photo(), PhotoStage.AFTER, inspector)
    client = signed_in(inspector)
    url = reverse("finding-detail", args=[disposed.pk])
    client.get(url)
    # session, user, the user's role groups (findings_for_user; may_manage reads them
    # again from the cache), the finding with its joins, the user's and their groups'
    # permissions (may_inspect), photos, re-inspections, rebounds, steps with who.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["after"]) == 1 + extra


@pytest.mark.parametrize("photos", [1, 5])
def test_the_page_with_the_dispatch_form_runs_a_constant_number_of_queries(
    photos, signed_in, inspector, rubbish, zones, sanitation, django_assert_num_queries
):
    finding = services.register(
        inspector, rubbish, "By the gate", point=point(0.005, 0.005), photos=[photo() for _n in range(photos)]
    )
    client = signed_in(inspector)
    url = reverse("finding-detail", args=[finding.pk])
    client.get(url)
    # The 10 of a finding's page, and the dispatch form's: crews, departments, the
    # suggested party (the door units near the point; the zones with a boundary and their
    # leads), the working-day calendar for the category's deadline (holidays, local overrides).
    with django_assert_num_queries(16):
        response = client.get(url)
    assert len(response.context["before"]) == photos


def test_registering_a_finding_with_a_point_and_a_photo(signed_in, inspector, rubbish, roads):
    response = signed_in(inspector).post(
        reverse("finding-register"),
        {"category": rubbish.pk, "severity": "high", "description": "Piled by the gate",
         "lat": "28.905", "lon": "120.055", "asset_code": "", "photos": [photo(), photo("b.png")]},
    )  # fmt: skip

    finding = Finding.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("finding-detail", args=[finding.pk])
    assert (finding.status, finding.severity, finding.zone, finding.lat, finding.lon) == (
        FindingStatus.REGISTERED, "high", roads, 28.905, 120.055,
    )  # fmt: skip
    assert finding.photos.filter(stage=PhotoStage.BEFORE).count() == 2


def test_registering_by_an_assets_code(signed_in, inspector, rubbish, litter_bin):
    signed_in(inspector).post(
        reverse("finding-register"),
        {"category": rubbish.pk, "severity": "medium", "description": "Overflowing", "asset_code": "bin-1"},
    )

    assert Finding.objects.get().asset == litter_bin


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"lat": "", "lon": ""}, "Pick the place on the map, use your position, or give an asset&#x27;s code."),
        ({"lat": "28.9", "lon": ""}, "Give both the latitude and the longitude."),
        ({"asset_code": "NOPE", "lat": "", "lon": ""}, "No asset has the code NOPE."),
        ({"description": "  "}, "The description is required."),
    ],
)
def test_registering_refuses_bad_input_and_keeps_what_was_typed(signed_in, inspector, rubbish, zones, data, message):
    typed = {"category": rubbish.pk, "severity": "low", "description": "Typed text", "lat": "28.905", "lon": "120.055"}
    response = signed_in(inspector).post(reverse("finding-register"), {**typed, **data})
    page = response.content.decode()

    assert response.status_code == 400
    assert message in page
    assert Finding.objects.count() == 0
    assert ("Typed text" in page) == ("description" not in data)


def test_registering_is_for_inspectors(signed_in, planner, crew_member):
    assert signed_in(planner).get(reverse("finding-register")).status_code == 403
    assert signed_in(crew_member).get(reverse("finding-register")).status_code == 403


def test_the_register_page_asks_for_the_suggested_party(signed_in, inspector, planner, zones, sanitation, sweeping):
    url = reverse("finding-suggested-party")
    client = signed_in(inspector)

    assert client.get(url, {"lat": "28.905", "lon": "120.055"}).json() == {"party": "Municipal works"}
    assert client.get(url, {"lat": "28.905", "lon": "120.075"}).json() == {"party": "Social Development Bureau"}
    assert client.get(url, {"asset_code": "BIN-1"}).json() == {"party": "Sanitation crew"}
    refused = client.get(url, {"asset_code": "NOPE"})
    assert (refused.status_code, refused.json()) == (400, {"error": "No asset has the code NOPE."})
    assert signed_in(planner).get(url, {"lat": "28.905", "lon": "120.055"}).status_code == 403
