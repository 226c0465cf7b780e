"""The actions on a finding's page: each a small form posting to one service. What they
do, their refusals (a clear message, the page again with what was typed, nothing
changed) and who may: 404 to those who may not see the finding, 403 to those who see it
but may not act (queries.findings_for_user, may_inspect, may_act_as_party, may_manage)."""

import pytest
from django.urls import reverse

from inspections import services
from inspections.choices import FindingStatus, StepKind
from inspections.models import Finding, Step
from tests.factories import point
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY, at, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def act(client, finding, action, data=None, **files):
    return client.post(reverse("finding-action", args=[finding.pk, action]), data or {}, **files)


def status_of(finding) -> str:
    return Finding.objects.get(pk=finding.pk).status


def refused_on_page(response, message: str, typed: str | None = None) -> None:
    page = response.content.decode()
    assert response.status_code == 400
    assert message in [str(m) for m in response.context["messages"]]
    if typed is not None:
        assert typed in page


@pytest.fixture
def crews(inspector, rubbish, zones, sanitation):
    """Rubbish dispatched to the crew_member's crew."""
    finding = services.register(inspector, rubbish, "By the depot", point=point(0.001, 0.001))
    return services.dispatch(finding, inspector, crew=sanitation)


def test_a_manager_dispatches_to_the_suggested_party(signed_in, manager, finding, municipal):
    client = signed_in(manager)
    page = client.get(reverse("finding-detail", args=[finding.pk]))
    assert page.context["forms"]["dispatch"].initial == {"party": f"department:{municipal.pk}"}
    assert "Suggested: Municipal works. The category's deadline: 4 working hours, that is 2026-09-28 14:30." in (
        page.content.decode()
    )

    response = act(
        client, finding, "dispatch", {"dispatch-party": f"department:{municipal.pk}", "dispatch-deadline": ""}
    )

    assert response.status_code == 302
    row = Finding.objects.get(pk=finding.pk)
    assert (row.status, row.department, row.deadline) == (
        FindingStatus.DISPATCHED,
        municipal,
        at(TODAY, 14).replace(minute=30),
    )


def test_dispatching_outside_the_map_or_in_the_past_is_refused(signed_in, manager, finding, economic, municipal):
    client = signed_in(manager)
    before = snapshot(Finding), snapshot(Step)

    outside = act(client, finding, "dispatch", {"dispatch-party": f"department:{economic.pk}"})
    past = act(
        client,
        finding,
        "dispatch",
        {"dispatch-party": f"department:{municipal.pk}", "dispatch-deadline": "2026-09-28T08:00"},
    )

    refused_on_page(
        outside,
        "Economic Development Bureau neither leads nor assists 道路及绿化: it does not answer for this place.",
        typed=f'<option value="department:{economic.pk}" selected>',
    )
    refused_on_page(past, "The deadline must be in the future.", typed='value="2026-09-28T08:00"')
    assert (snapshot(Finding), snapshot(Step)) == before


def test_the_crew_refuses_with_a_reason(signed_in, crew_member, crews):
    client = signed_in(crew_member)

    empty = act(client, crews, "refuse", {"refuse-reason": "   "})
    refused_on_page(empty, "The reason is required.")
    assert status_of(crews) == FindingStatus.DISPATCHED

    done = act(client, crews, "refuse", {"refuse-reason": "Not our street"})
    assert done.status_code == 302
    assert status_of(crews) == FindingStatus.REGISTERED
    assert Step.objects.filter(finding=crews, kind=StepKind.REFUSED).get().note == "Sanitation crew: Not our street"


def test_disposing_needs_an_after_photo_and_keeps_what_was_typed(signed_in, crew_member, crews):
    client = signed_in(crew_member)

    without = act(client, crews, "dispose", {"dispose-done": "Swept it all"})
    refused_on_page(without, "Add at least one photo of the place after the work.", typed="Swept it all")
    assert status_of(crews) == FindingStatus.DISPATCHED

    done = act(client, crews, "dispose", {"dispose-done": "Swept it all", "dispose-photos": [photo()]})
    assert done.status_code == 302
    assert status_of(crews) == FindingStatus.DISPOSED
    assert crews.photos.filter(stage="after").count() == 1


def test_a_bad_photo_is_refused_clearly(signed_in, crew_member, crews):
    fake = photo("fake.png")
    fake.file.write(b"not an image")
    fake.file.seek(0)
    fake.file.truncate(12)

    response = act(signed_in(crew_member), crews, "dispose", {"dispose-done": "Done", "dispose-photos": [fake]})

    assert response.status_code == 400
    assert status_of(crews) == FindingStatus.DISPATCHED
    assert crews.photos.count() == 0


def test_verify_sends_back_with_a_reason_then_accepts(signed_in, inspector, disposed):
    client = signed_in(inspector)

    no_reason = act(client, disposed, "verify", {"verify-reason": "", "result": "send_back"})
    refused_on_page(no_reason, "The reason is required.")

    back = act(client, disposed, "verify", {"verify-reason": "Still a bag by the wall", "result": "send_back"})
    row = Finding.objects.get(pk=disposed.pk)
    assert (back.status_code, row.status, row.rework_count) == (302, FindingStatus.DISPATCHED, 1)

    services.dispose(row, inspector, "Took the bag", photos=[photo()])
    accepted = act(client, disposed, "verify", {"verify-reason": "Clean", "result": "accept"})
    row = Finding.objects.get(pk=disposed.pk)
    assert (accepted.status_code, row.status, row.rework_count) == (302, FindingStatus.CLOSED, 1)


def test_void_with_a_reason(signed_in, inspector, finding):
    response = act(signed_in(inspector), finding, "void", {"void-reason": "Registered twice"})

    assert response.status_code == 302
    assert status_of(finding) == FindingStatus.VOIDED


def test_acting_on_a_closed_finding_is_refused_with_its_status(signed_in, inspector, closed):
    response = act(signed_in(inspector), closed, "void", {"void-reason": "Oops"})

    refused_on_page(response, "This finding is closed. It cannot be voided.")
    assert status_of(closed) == FindingStatus.CLOSED


@pytest.fixture
def pending(rubbish, zones):
    return services.report(rubbish, "A heap by the bus stop", point=point(0.003, 0.003))


def test_a_pending_report_is_accepted_or_rejected_with_a_reason(signed_in, inspector, pending, rubbish):
    client = signed_in(inspector)
    other = services.report(rubbish, "Another heap", point=point(0.004, 0.004))

    assert act(client, pending, "accept").status_code == 302
    refused_on_page(act(client, other, "reject", {"reject-reason": ""}), "The reason is required.")
    assert act(client, other, "reject", {"reject-reason": "Not in the zone's care"}).status_code == 302

    assert (status_of(pending), status_of(other)) == (FindingStatus.REGISTERED, FindingStatus.VOIDED)
    assert other.steps.get(kind=StepKind.REJECTED).note == "Not in the zone's care"


def escalated_finding(inspector, rubbish):
    finding = services.register(inspector, rubbish, "Again and again", point=point(0.005, 0.005))
    services.dispatch(finding, inspector)
    for _ in range(2):  # a rebound's new finding is dispatched again by record_reinspection
        services.dispose(finding, inspector, "Cleared", photos=[photo()])
        services.verify(finding, inspector, accept=True)
        finding = services.record_reinspection(finding.reinspections.first(), inspector, "rebound", note="Back")
    return finding


def test_a_manager_clears_an_escalation_with_a_note(signed_in, inspector, manager, rubbish, zones):
    escalated = escalated_finding(inspector, rubbish)
    assert escalated.is_escalated()

    assert act(signed_in(inspector), escalated, "clear", {"clear-note": "Talked to them"}).status_code == 403
    response = act(signed_in(manager), escalated, "clear", {"clear-note": "Fined the shop"})

    assert response.status_code == 302
    assert Finding.objects.get(pk=escalated.pk).cleared_note == "Fined the shop"


@pytest.mark.parametrize("action", ["accept", "reject", "dispatch", "refuse", "dispose", "verify", "void", "clear"])
def test_another_crews_member_gets_404_and_the_planner_403(
    action, signed_in, outsider, crew_of_outsider, planner, crews
):
    before = snapshot(Finding), snapshot(Step)
    data = {f"{action}-reason": "x", f"{action}-done": "x", f"{action}-note": "x", "result": "accept"}
    data["dispatch-party"] = f"crew:{crews.crew.pk}"

    assert act(signed_in(outsider), crews, action, data).status_code == 404
    assert act(signed_in(planner), crews, action, data).status_code == 403
    assert (snapshot(Finding), snapshot(Step)) == before


@pytest.mark.parametrize("action", ["accept", "reject", "dispatch", "verify", "void", "clear"])
def test_who_may_not_act_gets_403_even_with_an_empty_form(action, signed_in, planner, crews):
    # The form would be refused too (nothing posted): the permission is asked first.
    assert act(signed_in(planner), crews, action, {}).status_code == 403


def test_the_page_offers_the_crew_only_its_own_actions(signed_in, crew_member, crews):
    response = signed_in(crew_member).get(reverse("finding-detail", args=[crews.pk]))

    assert list(response.context["forms"]) == ["dispose", "refuse"]
