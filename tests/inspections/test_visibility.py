"""Who sees which findings, re-inspections and photos (inspections.queries): every
finding to inspectors, managers, the planning bureau and administrators; to a crew
member, those dispatched to their crew; a photo only to those who see its finding."""

import pytest

from inspections import services
from inspections.queries import findings_for_user, reinspections_for_user
from tests.factories import point
from tests.inspections.conftest import photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture
def crews_finding(inspector, rubbish, zones, sanitation):
    """Rubbish dispatched to the crew_member's crew, closed (so it has re-inspections)."""
    finding = services.register(inspector, rubbish, "By the crew's depot", point=point(0.001, 0.001))
    services.dispatch(finding, inspector, crew=sanitation)
    services.dispose(finding, inspector, "Cleared", photos=[photo()])
    return services.verify(finding, inspector, accept=True)


@pytest.fixture
def departments_finding(inspector, rubbish, zones):
    finding = services.register(inspector, rubbish, "By the road", point=point(0.002, 0.002), photos=[photo()])
    return services.dispatch(finding, inspector)


@pytest.mark.parametrize("who", ["inspector", "manager", "planner", "administrator"])
def test_these_see_every_finding(who, request, crews_finding, departments_finding):
    user = request.getfixturevalue(who)

    assert set(findings_for_user(user)) == {crews_finding, departments_finding}
    assert reinspections_for_user(user).count() == 3


def test_a_crew_member_sees_their_crews_findings(crew_member, crews_finding, departments_finding):
    assert list(findings_for_user(crew_member)) == [crews_finding]
    assert reinspections_for_user(crew_member).count() == 3


def test_a_member_of_another_crew_sees_none(outsider, crew_of_outsider, crews_finding, departments_finding):
    assert list(findings_for_user(outsider)) == []
    assert list(reinspections_for_user(outsider)) == []


def test_a_photo_is_served_to_those_who_see_its_finding(
    signed_in, client, crew_member, outsider, inspector, crews_finding
):
    url = "/media/" + crews_finding.photos.get().image.name

    assert signed_in(inspector).get(url).status_code == 200
    assert signed_in(crew_member).get(url).status_code == 200
    assert signed_in(outsider).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
