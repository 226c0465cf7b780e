"""The public report page of a door unit (/r/u/<code>/, linked from its public page /u/<code>/):
the asset page's form, its throttle shared, nothing personal shown; the report keeps the
unit, which is then the suggested party."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from inspections import public, services
from inspections.choices import FindingSource, FindingStatus, PhotoStage, StepKind
from inspections.models import Finding
from tests.factories import AssetFactory, UnitFactory, point, square
from tests.images import png

PERSONAL = {"person": "王建国", "phone": "13912345678", "credit code": "91350100M000100Y43", "address": "文溪路12号"}


@pytest.fixture
def shop(zones):
    """A shop of the villages zone, its point in the roads zone's square (so the finding's
    zone is the unit's, not the point's)."""
    return UnitFactory(
        code="U-SHOP", name="文溪小吃", zone=zones[1], location=point(0.004, 0.004),
        contact_name=PERSONAL["person"], contact_phone=PERSONAL["phone"], credit_code=PERSONAL["credit code"],
        address=PERSONAL["address"],
    )  # fmt: skip


def send(client, unit, category, description="Bins overflowing", address="203.0.113.7", **extra):
    data = {"category": category.pk, "description": description, **extra}
    return client.post(f"/r/u/{unit.code}/", data, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def test_the_form_names_the_unit_and_nothing_personal(client, shop, rubbish):
    page = client.get(f"/r/u/{shop.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert list(page.context["form"].fields) == ["category", "description", "photo", "lat", "lon"]
    html = page.content.decode()
    assert "In front of 文溪小吃" in html and "U-SHOP" in html
    assert 'enctype="multipart/form-data"' in html
    for what, text in PERSONAL.items():
        assert text not in html, what
    assert "门前" in client.get(f"/r/u/{shop.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_a_report_keeps_the_unit_which_is_then_the_suggested_party(client, signed_in, shop, rubbish, inspector):
    # The plain form post (no position: what a phone without JavaScript sends).
    answer = send(client, shop, rubbish, photo=SimpleUploadedFile("bins.png", png(), content_type="image/png"))
    finding = Finding.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/r/status/{public.tracking_code(finding)}/?sent=1"
    assert (finding.status, finding.source, finding.unit, finding.asset, finding.zone) == (
        FindingStatus.PENDING, FindingSource.PUBLIC, shop, None, shop.zone,
    )  # fmt: skip
    assert finding.point == shop.location
    assert finding.reported_by is None and finding.deadline is None
    assert list(finding.photos.values_list("stage", flat=True)) == [PhotoStage.BEFORE]
    assert list(finding.steps.values_list("kind", flat=True)) == [StepKind.REPORTED]

    status = client.get(f"/r/status/{public.tracking_code(finding)}/?sent=1", HTTP_ACCEPT_LANGUAGE="en")
    html = status.content.decode()
    assert "In front of 文溪小吃" in html
    for what, text in PERSONAL.items():
        assert text not in html, what

    services.accept_report(finding, inspector)
    assert services.suggested_party(finding) == services.Party(unit=shop)
    # The finding's page offers the unit, preselected, on its dispatch form.
    page = signed_in(inspector).get(finding.get_absolute_url())
    assert page.context["suggested"] == services.Party(unit=shop)
    assert page.context["forms"]["dispatch"].initial["party"] == f"unit:{shop.pk}"
    services.dispatch(finding, inspector)
    finding.refresh_from_db()
    assert (finding.status, finding.unit, finding.crew, finding.department) == (
        FindingStatus.DISPATCHED, shop, None, None,
    )  # fmt: skip


def test_the_phones_position_is_used_when_near_the_unit(client, shop, rubbish):
    near = point(0.0041, 0.0041)["coordinates"]
    send(client, shop, rubbish, lon=near[0], lat=near[1])
    far = point(0.009, 0.009)["coordinates"]  # about 700 m away: the unit's point instead
    send(client, shop, rubbish, lon=far[0], lat=far[1])
    first, second = Finding.objects.order_by("pk")
    assert (first.lon, first.lat) == (near[0], near[1])
    assert second.point == shop.location
    assert first.unit == second.unit == shop


def test_a_closed_unit_suggests_the_place_instead(client, shop, rubbish, inspector, roads):
    send(client, shop, rubbish)
    finding = Finding.objects.get()
    services.accept_report(finding, inspector)
    shop.active = False
    shop.save()
    finding = Finding.objects.get(pk=finding.pk)
    assert services.suggested_party(finding) == services.Party(department=services.zone_for(shop.location).lead)


def test_a_closed_or_unknown_unit_is_the_sites_404_page(client, shop, rubbish):
    assert client.get("/r/u/NO-SUCH/", HTTP_ACCEPT_LANGUAGE="en").status_code == 404
    shop.active = False
    shop.save()
    assert client.get(f"/r/u/{shop.code}/").status_code == 404
    assert send(client, shop, rubbish).status_code == 404
    assert not Finding.objects.exists()
    with pytest.raises(Exception, match="is closed: it takes no reports"):
        services.report(rubbish, "Bins", unit=shop)


@override_settings(PUBLIC_REPORT_LIMIT=2)
def test_the_throttle_is_shared_with_the_asset_pages(client, shop, rubbish, roads, municipal, time_machine):
    time_machine.move_to("2026-09-28T09:10:00+08:00", tick=False)
    landscape = AssetFactory(code="LS-09", kind="landscape", zone=roads, department=municipal, geometry=square())
    data = {"category": rubbish.pk, "description": "Bench"}
    assert client.post(f"/r/{landscape.code}/", data, REMOTE_ADDR="203.0.113.7").status_code == 302
    assert send(client, shop, rubbish).status_code == 302
    refused = send(client, shop, rubbish, description="A third")
    assert refused.status_code == 429
    assert refused.context["form"].non_field_errors() == [
        "Too many reports from your connection: please try again in 50 minutes."
    ]
    assert "A third</textarea>" in refused.content.decode()
    assert Finding.objects.count() == 2
