"""The pledges' pages: a new pledge, a pledge's page and its actions (edit, sign with the
scanned document, renew, terminate), the unit page's pledges, and the managers' list of
pledges ending within the window and of units without one; others get 403 or 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory

from frontage import services
from frontage.choices import PledgeStatus
from frontage.models import EXPIRY_WINDOW_DAYS, Pledge
from tests.factories import PledgeFactory, UnitFactory
from tests.maintenance.factories import TODAY, day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile("signed.pdf", content, "application/pdf")


def action(pledge: Pledge, name: str) -> str:
    return f"/frontage/pledges/{pledge.pk}/{name}/"


@pytest.fixture
def draft(manager):
    return services.draft_pledge(UnitFactory(), day(10, 1), day(9, 30, 2027), manager)


# --- A new pledge ---------------------------------------------------------------------------


def test_a_manager_makes_a_draft_for_a_year_from_today(signed_in, manager):
    unit = UnitFactory()
    client = signed_in(manager)

    page = client.get(f"/frontage/units/{unit.pk}/pledges/new/")
    assert page.status_code == 200
    assert page.context["form"].initial == {"starts": TODAY, "ends": day(9, 27, 2027)}

    response = client.post(f"/frontage/units/{unit.pk}/pledges/new/", {"starts": "2026-10-01", "ends": "2027-09-30"})

    pledge = unit.pledges.get()
    assert response.status_code == 302 and response.url == f"/frontage/pledges/{pledge.pk}/"
    assert (pledge.starts, pledge.ends, pledge.status) == (day(10, 1), day(9, 30, 2027), PledgeStatus.DRAFT)


def test_a_new_pledge_follows_the_one_in_force(signed_in, manager):
    current = PledgeFactory()
    page = signed_in(manager).get(f"/frontage/units/{current.unit.pk}/pledges/new/")
    assert page.context["form"].initial == {"starts": day(1, 1, 2027), "ends": day(12, 31, 2027)}


def test_a_new_pledge_with_its_dates_reversed_is_a_400_saying_so(signed_in, manager):
    unit = UnitFactory()

    response = signed_in(manager).post(
        f"/frontage/units/{unit.pk}/pledges/new/", {"starts": "2026-10-01", "ends": "2026-09-30"}
    )

    assert response.status_code == 400
    assert "The term must end after it starts" in response.content.decode()
    assert not unit.pledges.exists()


@pytest.mark.parametrize("person", ["inspector", "crew_member", "planner"])
def test_only_managers_make_pledges(signed_in, person, request):
    unit = UnitFactory()
    client = signed_in(request.getfixturevalue(person))

    assert client.get(f"/frontage/units/{unit.pk}/pledges/new/").status_code == 403
    response = client.post(f"/frontage/units/{unit.pk}/pledges/new/", {"starts": "2026-10-01", "ends": "2027-09-30"})
    assert response.status_code == 403
    assert not unit.pledges.exists()


def test_strangers_are_sent_to_sign_in(client):
    pledge = PledgeFactory()
    for url in (f"/frontage/pledges/{pledge.pk}/", "/frontage/pledges/expiring/"):
        assert client.get(url).status_code == 302


def test_a_pledge_that_is_not_there_is_a_404(signed_in, manager):
    client = signed_in(manager)
    assert client.get("/frontage/pledges/999999/").status_code == 404
    assert client.post("/frontage/pledges/999999/renew/").status_code == 404
    assert client.post(action(PledgeFactory(), "delete")).status_code == 404


# --- A pledge's page and its actions -------------------------------------------------------


def test_a_pledge_page_shows_its_duties_and_the_document_to_those_who_may_see_it(signed_in, inspector, crew_member):
    pledge = PledgeFactory(document="pledges/2026/01/abc.pdf")

    seen = signed_in(inspector).get(f"/frontage/pledges/{pledge.pk}/").content.decode()
    assert "门前整洁" in seen and "爱护绿化" in seen and "不出店经营" in seen
    assert "/media/pledges/2026/01/abc.pdf" in seen
    assert "Renew" not in seen  # an inspector keeps no register

    masked = signed_in(crew_member).get(f"/frontage/pledges/{pledge.pk}/").content.decode()
    assert "/media/pledges/2026/01/abc.pdf" not in masked and "On file" in masked


def test_a_manager_edits_then_signs_a_draft(signed_in, manager, draft):
    client = signed_in(manager)
    data = {"starts": "2026-10-01", "ends": "2027-09-30", "sanitation": "门前清扫", "greening": "护绿", "order": "有序"}

    assert client.post(action(draft, "edit"), data).status_code == 302
    response = client.post(action(draft, "sign"), {"signed": "2026-09-28", "document": pdf()})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.sanitation, draft.signed, draft.status) == ("门前清扫", TODAY, PledgeStatus.DRAFT)
    page = client.get(f"/frontage/pledges/{draft.pk}/").content.decode()
    assert "Signed, in force from 2026-10-01" in page and "Signed: the pledge comes into force on" in page


def test_signing_with_html_disguised_as_a_pdf_is_a_400_and_nothing_is_kept(signed_in, manager, draft):
    response = signed_in(manager).post(
        action(draft, "sign"), {"signed": "2026-09-28", "document": pdf(b"<html>signed</html>")}
    )

    assert response.status_code == 400
    assert "signed.pdf is not a PDF / JPEG / PNG file" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.signed, draft.document.name) == (None, "")


def test_signing_without_a_document_or_in_the_future_is_a_400(signed_in, manager, draft):
    client = signed_in(manager)
    assert (
        "Attach the scanned signed pledge"
        in client.post(action(draft, "sign"), {"signed": "2026-09-28"}).content.decode()
    )
    response = client.post(action(draft, "sign"), {"signed": "2026-09-29", "document": pdf()})
    assert response.status_code == 400 and "is in the future" in response.content.decode()


def test_a_manager_renews_a_pledge_once(signed_in, manager):
    old = PledgeFactory()
    client = signed_in(manager)

    response = client.post(action(old, "renew"))

    renewal = Pledge.objects.get(renews=old)
    assert response.status_code == 302 and response.url == f"/frontage/pledges/{renewal.pk}/"
    assert "Renewed by" in client.get(f"/frontage/pledges/{old.pk}/").content.decode()
    again = client.post(action(old, "renew"))
    assert again.status_code == 400 and "has already been renewed" in again.content.decode()


def test_terminating_needs_a_reason(signed_in, manager):
    pledge = PledgeFactory()
    client = signed_in(manager)

    response = client.post(action(pledge, "terminate"), {"reason": ""})
    assert response.status_code == 400 and "Say why the pledge is terminated." in response.content.decode()

    assert client.post(action(pledge, "terminate"), {"reason": "店铺关闭"}).status_code == 302
    pledge.refresh_from_db()
    assert (pledge.status, pledge.ended_reason) == (PledgeStatus.TERMINATED, "店铺关闭")


@pytest.mark.parametrize("name", ["edit", "sign", "renew", "terminate"])
def test_others_actions_are_403_before_their_form_is_read(signed_in, inspector, name):
    pledge = PledgeFactory()
    assert signed_in(inspector).post(action(pledge, name), {}).status_code == 403
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.ACTIVE and not Pledge.objects.filter(renews=pledge).exists()


def test_the_pledge_page_in_chinese(signed_in, manager, draft):
    page = signed_in(manager, "zh-hans").get(f"/frontage/pledges/{draft.pk}/").content.decode()
    assert "草稿" in page and "保存草稿" in page


# --- The unit page's pledges ------------------------------------------------------------------


def render_unit_pledges(unit, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("frontage/_unit_pledge_actions.html", {"unit": unit}, request=request)


def test_the_unit_page_lists_its_pledges_with_renew_and_new_for_managers(manager, crew_member):
    old = PledgeFactory(status=PledgeStatus.EXPIRED, starts=day(1, 1, 2025), ends=day(12, 31, 2025))
    current = PledgeFactory(unit=old.unit, document="pledges/2026/01/x.pdf")

    html = render_unit_pledges(old.unit, manager)
    assert html.index(f'data-pledge="{current.pk}"') < html.index(f'data-pledge="{old.pk}"')
    assert action(current, "renew") in html and f"/frontage/units/{old.unit.pk}/pledges/new/" in html
    assert "/media/pledges/2026/01/x.pdf" in html

    seen = render_unit_pledges(old.unit, crew_member)
    assert "renew" not in seen and "pledges/new" not in seen and "x.pdf" not in seen


def test_a_renewed_pledge_is_not_offered_for_renewal_again(manager):
    current = PledgeFactory()
    services.renew_pledge(current, manager)
    assert action(current, "renew") not in render_unit_pledges(current.unit, manager)


# --- The managers' list ------------------------------------------------------------------------


def test_the_list_holds_the_pledges_ending_within_the_window_and_no_later(signed_in, manager):
    limit = TODAY + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    last = PledgeFactory(ends=limit)
    PledgeFactory(ends=limit + datetime.timedelta(days=1))
    PledgeFactory(ends=TODAY, status=PledgeStatus.EXPIRED)
    today = PledgeFactory(ends=TODAY)

    response = signed_in(manager).get("/frontage/pledges/expiring/")

    assert [pledge.pk for pledge in response.context["page"]] == [today.pk, last.pk]


def test_the_second_tab_holds_the_open_units_without_a_pledge_in_force(signed_in, manager):
    PledgeFactory()
    without = UnitFactory()
    expired = PledgeFactory(status=PledgeStatus.EXPIRED).unit
    UnitFactory(active=False)

    response = signed_in(manager).get("/frontage/pledges/expiring/?show=unpledged")

    assert {unit.pk for unit in response.context["page"]} == {without.pk, expired.pk}


@pytest.mark.parametrize("person", ["inspector", "crew_member"])
def test_the_list_is_for_managers(signed_in, person, request):
    assert signed_in(request.getfixturevalue(person)).get("/frontage/pledges/expiring/").status_code == 403


@pytest.mark.parametrize("show", ["ending", "unpledged"])
def test_the_list_takes_the_same_queries_for_few_and_many(signed_in, manager, django_assert_num_queries, show):
    client = signed_in(manager)
    for size in (2, 20):
        for _ in range(size):
            PledgeFactory(ends=TODAY + datetime.timedelta(days=10))
            UnitFactory()
        # the session, the user, their role groups, the count, the menu's permissions (the
        # user's own and their groups'), the page's rows (with their unit and zone and a
        # renewal, or their zone) — nothing per row.
        with django_assert_num_queries(7):
            assert client.get(f"/frontage/pledges/expiring/?show={show}").status_code == 200


def test_the_admin_shows_the_signing_and_the_document_read_only(admin_client):
    pledge = PledgeFactory(document="pledges/2026/01/abc.pdf")

    page = admin_client.get(f"/admin/frontage/pledge/{pledge.pk}/change/")

    assert page.status_code == 200
    assert 'name="document"' not in page.content.decode() and 'name="status"' not in page.content.decode()
