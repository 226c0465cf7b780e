"""The inspections admin: the catalogue edited, findings registered through the service
and moved only by the actions (a reason asked where one is needed), photos through
core.uploads, re-inspections recorded through the service; nothing deleted."""

import json

import pytest
from django.urls import reverse

from inspections.choices import FindingStatus, PhotoStage, ReinspectionStatus, StepKind
from inspections.models import Category, Finding, Reinspection
from tests.factories import point
from tests.inspections.conftest import photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

FINDINGS = reverse("admin:inspections_finding_changelist")


@pytest.fixture
def admin(signed_in, manager):
    """A manager in the admin (staff, may change findings), in English."""
    return signed_in(manager)


@pytest.mark.parametrize("model", ["category", "round", "finding", "reinspection"])
def test_the_lists_open(admin, model, closed):
    assert admin.get(reverse(f"admin:inspections_{model}_changelist")).status_code == 200


def test_a_finding_page_shows_its_story(admin, closed):
    page = admin.get(reverse("admin:inspections_finding_change", args=[closed.pk])).content.decode()

    assert "Verified and closed" in page
    assert 'name="status"' not in page and 'name="description"' not in page


def test_categories_deadlines_and_offsets_are_edited(admin, rubbish):
    url = reverse("admin:inspections_category_change", args=[rubbish.pk])
    data = {
        "code": rubbish.code, "name": rubbish.name, "name_en": rubbish.name_en, "kind": rubbish.kind,
        "deadline_amount": 2, "deadline_unit": "working_days", "rebound_offsets": "[5, 60]", "active": "on",
    }  # fmt: skip

    assert admin.post(url, data).status_code == 302
    row = Category.objects.get(pk=rubbish.pk)
    assert (row.deadline_amount, row.deadline_unit, row.rebound_offsets) == (2, "working_days", [5, 60])

    page = admin.post(url, {**data, "rebound_offsets": "[5, 5000]"}).content.decode()
    assert "Each re-inspection is a whole number of days from 1 to 365: 5000 is not." in page
    assert Category.objects.get(pk=rubbish.pk).rebound_offsets == [5, 60]


def test_a_finding_added_in_the_admin_is_registered(admin, manager, rubbish, zones, roads):
    response = admin.post(
        reverse("admin:inspections_finding_add"),
        {"category": rubbish.pk, "point": json.dumps(point(0.004, 0.004)), "severity": "high",
         "description": "Bags by the bus stop", "photo": photo()},
    )  # fmt: skip

    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.status, finding.zone, finding.severity, finding.reported_by) == (
        FindingStatus.REGISTERED,
        roads,
        "high",
        manager,
    )
    assert list(finding.steps.values_list("kind", flat=True)) == [StepKind.REGISTERED]
    assert list(finding.photos.values_list("stage", flat=True)) == [PhotoStage.BEFORE]


def test_a_finding_without_a_place_is_refused_on_the_form(admin, rubbish, zones):
    page = admin.post(
        reverse("admin:inspections_finding_add"),
        {"category": rubbish.pk, "point": "", "severity": "low", "description": "Somewhere"},
    ).content.decode()

    assert "Give the place of the finding on the map." in page
    assert not Finding.objects.exists()


def test_a_bad_photo_is_refused_on_the_form(admin, rubbish, zones):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = admin.post(
        reverse("admin:inspections_finding_add"),
        {"category": rubbish.pk, "point": json.dumps(point(0.004, 0.004)), "severity": "low",
         "description": "Bags", "photo": SimpleUploadedFile("notes.txt", b"not a photo", "image/png")},
    ).content.decode()  # fmt: skip

    assert "notes.txt is not a photo Shouwei can read: take a JPEG or PNG picture." in page
    assert not Finding.objects.exists()


def test_the_dispatch_action(admin, finding):
    admin.post(FINDINGS, {"action": "dispatch", "_selected_action": [finding.pk]})

    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.DISPATCHED


def test_void_asks_for_a_reason_first(admin, finding):
    page = admin.post(FINDINGS, {"action": "void", "_selected_action": [finding.pk]})
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.REGISTERED

    admin.post(FINDINGS, {"action": "void", "_selected_action": [finding.pk], "reason": "Registered twice"})

    row = Finding.objects.get(pk=finding.pk)
    assert (row.status, row.steps.last().note) == (FindingStatus.VOIDED, "Registered twice")


def test_an_action_refused_says_why(admin, finding):
    response = admin.post(FINDINGS, {"action": "close", "_selected_action": [finding.pk]}, follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        f"#{finding.pk}: This finding has not been dispatched. It cannot be closed.",
        "Closed: 0.",
    ]


def test_an_after_photo_added_in_the_admin(admin, dispatched):
    url = reverse("admin:inspections_finding_change", args=[dispatched.pk])
    data = {
        "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000", "photos-0-stage": "after", "photos-0-image": photo(),
        "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0",
        "reinspections-TOTAL_FORMS": "0", "reinspections-INITIAL_FORMS": "0",
    }  # fmt: skip

    assert admin.post(url, data).status_code == 302
    assert list(dispatched.photos.values_list("stage", flat=True)) == [PhotoStage.AFTER]


def test_nothing_of_the_loop_is_deleted(admin, closed):
    for model, pk in [("finding", closed.pk), ("reinspection", closed.reinspections.first().pk)]:
        assert admin.post(reverse(f"admin:inspections_{model}_delete", args=[pk]), {"post": "yes"}).status_code == 403
    assert Finding.objects.filter(pk=closed.pk).exists()


def test_a_re_inspection_recorded_in_the_admin(admin, closed):
    check = closed.reinspections.get(offset=7)
    url = reverse("admin:inspections_reinspection_change", args=[check.pk])

    page = admin.post(url, {"result": "held", "note": ""}).content.decode()
    assert "A held re-inspection needs a photo of the place." in page
    assert Reinspection.objects.get(pk=check.pk).status == ReinspectionStatus.SCHEDULED

    assert admin.post(url, {"result": "rebound", "note": "Bags again"}).status_code == 302
    assert Reinspection.objects.get(pk=check.pk).status == ReinspectionStatus.REBOUND
    assert Finding.objects.get(rebound_of=closed).description == "Bags again"
