"""A re-inspection's page: the place, the photos before and after, the story, and the
form that records it held or a rebound through services.record_reinspection."""

import pytest
from django.urls import reverse

from inspections import services
from inspections.choices import FindingSource, FindingStatus, PhotoStage, ReinspectionStatus
from inspections.models import Finding, Reinspection
from tests.inspections.conftest import photo
from tests.maintenance.factories import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def check(closed, frozen):
    """The closed finding's 7-day re-inspection, on its day."""
    first = closed.reinspections.order_by("offset").first()
    frozen.move_to(at(first.due, 10))
    return first


def url(check) -> str:
    return reverse("reinspection-detail", args=[check.pk])


def test_the_page_shows_the_place_the_photos_and_the_story(client, inspector, check, signed_in):
    signed_in(inspector)

    response = client.get(url(check))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rubbish piled by the gate" in page
    assert "道路及绿化" in page
    assert [photo.stage for photo in response.context["after"]] == [PhotoStage.AFTER]
    assert response.context["before"] == []
    assert "Verified and closed" in page
    assert response.context["may_record"] is True
    assert 'name="result"' in page


def test_recording_it_held_with_a_photo(client, inspector, check, signed_in):
    signed_in(inspector)

    response = client.post(url(check), {"result": "held", "photo": photo()}, follow=True)

    check.refresh_from_db()
    assert check.status == ReinspectionStatus.HELD
    assert check.checked_by == inspector
    assert check.photos.get().stage == PhotoStage.REINSPECTION
    assert "Recorded: the place held." in response.content.decode()
    assert 'name="result"' not in response.content.decode()


def test_held_without_a_photo_is_refused_and_records_nothing(client, inspector, check, signed_in):
    signed_in(inspector)

    response = client.post(url(check), {"result": "held"})

    assert response.status_code == 400
    assert "A held re-inspection needs a photo of the place." in response.content.decode()
    check.refresh_from_db()
    assert check.status == ReinspectionStatus.SCHEDULED
    assert response.context["chosen"] == "held"


def test_a_rebound_opens_a_new_finding_shown_on_the_page(client, inspector, check, signed_in):
    signed_in(inspector)

    response = client.post(url(check), {"result": "rebound", "note": "Rubbish is back", "photo": photo()}, follow=True)

    again = Finding.objects.get(rebound_of=check.finding)
    assert again.source == FindingSource.REBOUND
    assert again.status == FindingStatus.DISPATCHED
    assert again.photos.get().stage == PhotoStage.BEFORE
    page = response.content.decode()
    assert f"Recorded as a rebound: finding #{again.pk} opened." in page
    assert f'data-finding="{again.pk}"' in page
    assert "Escalated" not in page


def test_a_rebound_without_a_note_is_refused(client, inspector, check, signed_in):
    signed_in(inspector)
    response = client.post(url(check), {"result": "rebound"})
    assert response.status_code == 400
    assert not Finding.objects.filter(rebound_of=check.finding).exists()


def test_the_second_rebound_shows_its_escalation(client, inspector, check, frozen, signed_in):
    signed_in(inspector)
    client.post(url(check), {"result": "rebound", "note": "Back", "photo": photo()})
    again = Finding.objects.get(rebound_of=check.finding)
    # The new finding goes round the loop and comes back once more.
    services.dispose(again, inspector, "Cleared again", photos=[photo()])
    services.verify(again, inspector, accept=True)
    second = again.reinspections.order_by("offset").first()
    frozen.move_to(at(second.due, 10))

    response = client.post(url(second), {"result": "rebound", "note": "Back again"}, follow=True)

    third = Finding.objects.get(rebound_of=again)
    page = response.content.decode()
    assert third.is_escalated()
    assert f"finding #{third.pk} opened, and escalated" in page
    assert "Escalated: the place came back again" in page


def test_a_recorded_check_cannot_be_recorded_again(client, inspector, check, signed_in):
    signed_in(inspector)
    client.post(url(check), {"result": "held", "photo": photo()})

    response = client.post(url(check), {"result": "rebound", "note": "Back"})

    assert response.status_code == 400
    assert "This re-inspection has already been recorded." in response.content.decode()
    assert Reinspection.objects.get(pk=check.pk).status == ReinspectionStatus.HELD
    assert not Finding.objects.filter(rebound_of=check.finding).exists()


def test_someone_who_is_not_an_inspector_sees_the_page_without_the_form(client, planner, check, signed_in):
    signed_in(planner)

    page = client.get(url(check)).content.decode()
    assert "Only an inspector or a manager may record a re-inspection." in page
    assert 'name="result"' not in page

    response = client.post(url(check), {"result": "held", "photo": photo()})
    assert response.status_code == 403
    assert "Only an inspector or a manager may record a re-inspection." in response.content.decode()
    assert Reinspection.objects.get(pk=check.pk).status == ReinspectionStatus.SCHEDULED


def test_an_outsider_gets_not_found(client, outsider, check, signed_in):
    signed_in(outsider)
    assert client.get(url(check)).status_code == 404
    assert client.post(url(check), {"result": "held"}).status_code == 404


def test_the_page_in_chinese(client, inspector, check, signed_in):
    signed_in(inspector, "zh-hans")
    page = client.get(url(check)).content.decode()
    assert "记录复查结果" in page
