"""The public report page a QR code leads to (/r/<code>/), no login: the form without
JavaScript, its photo checks, the throttle per address, the status page by tracking code."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from assets.choices import AssetKind, AssetStatus
from inspections import public, services
from inspections.choices import FindingSource, FindingStatus, PhotoStage, StepKind
from inspections.models import Category, Finding
from tests.factories import AssetFactory, point, square
from tests.images import bomb_png, png

# The throttle counts in the database ("throttle" cache): each test starts with none.
LANDSCAPE_PLACE = square(dx=0.003, dy=0.003, size=0.0005)


@pytest.fixture
def landscape(roads, municipal):
    return AssetFactory(
        code="LS-07", name="文溪路街角小品", kind=AssetKind.LANDSCAPE, zone=roads, department=municipal,
        geometry=LANDSCAPE_PLACE,
    )  # fmt: skip


def send(client, asset, category, description="Rubbish by the bench", address="203.0.113.7", **extra):
    data = {"category": category.pk, "description": description, **extra}
    return client.post(f"/r/{asset.code}/", data, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def test_the_form_asks_for_no_personal_data_and_works_without_javascript(client, landscape, rubbish):
    page = client.get(f"/r/{landscape.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields) == ["category", "description", "photo", "lat", "lon"]
    assert set(form.fields["category"].queryset) == set(Category.objects.filter(active=True))
    html = page.content.decode()
    assert "At 文溪路街角小品" in html
    assert 'enctype="multipart/form-data"' in html
    # The position button is hidden until the script shows it.
    assert '<p class="field position" hidden>' in html

    # The plain form post (no position: what a phone without JavaScript sends).
    answer = send(client, landscape, rubbish)
    finding = Finding.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/r/status/{public.tracking_code(finding)}/?sent=1"
    assert (finding.status, finding.source, finding.asset, finding.zone.code) == (
        FindingStatus.PENDING, FindingSource.PUBLIC, landscape, "roads",
    )  # fmt: skip
    assert finding.reported_by is None
    assert finding.description == "Rubbish by the bench"
    # The asset's middle (a point inside its square).
    assert (round(finding.lon, 5), round(finding.lat, 5)) == (
        round(LANDSCAPE_PLACE["coordinates"][0][0][0] + 0.00025, 5),
        round(LANDSCAPE_PLACE["coordinates"][0][0][1] + 0.00025, 5),
    )
    assert list(finding.steps.values_list("kind", flat=True)) == [StepKind.REPORTED]


def test_the_phones_position_is_used_when_near_the_asset(client, landscape, rubbish):
    near = point(0.0031, 0.0031)["coordinates"]
    send(client, landscape, rubbish, lon=near[0], lat=near[1])
    far = point(0.009, 0.009)["coordinates"]  # about 700 m away: the asset's place instead
    send(client, landscape, rubbish, lon=far[0], lat=far[1])
    first, second = Finding.objects.order_by("pk")
    assert (first.lon, first.lat) == (near[0], near[1])
    assert (round(second.lon, 5), round(second.lat, 5)) != (round(far[0], 5), round(far[1], 5))
    assert second.asset == landscape


def test_missing_fields_are_shown_in_the_language_of_the_phone(client, landscape, rubbish):
    answer = client.post(f"/r/{landscape.code}/", {"description": " "}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400
    assert answer.context["form"].errors == {
        "category": ["This field is required."],
        "description": ["This field is required."],
    }
    chinese = client.post(f"/r/{landscape.code}/", {"description": " "}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.context["form"].errors["category"] == ["这个字段是必填项。"]
    assert Finding.objects.count() == 0


def test_a_photo_is_kept_after_its_checks(client, landscape, rubbish):
    upload = SimpleUploadedFile("bench.png", png(), content_type="image/png")
    assert send(client, landscape, rubbish, photo=upload).status_code == 302
    photo = Finding.objects.get().photos.get()
    assert photo.stage == PhotoStage.BEFORE
    assert photo.image.name.endswith(".jpg")


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_kept(client, landscape, rubbish):
    upload = SimpleUploadedFile("bench.png", b"%PDF-1.4 not a picture", content_type="image/png")
    answer = send(client, landscape, rubbish, photo=upload)
    assert answer.status_code == 400
    assert answer.context["form"].errors == {
        "photo": ["bench.png is not a photo Shouwei can read: take a JPEG or PNG picture."]
    }
    assert Finding.objects.count() == 0


@override_settings(PHOTO_MAX_BYTES=2**20)
def test_a_photo_too_large_is_refused(client, landscape, rubbish):
    content = png()
    upload = SimpleUploadedFile("big.png", content + b"\0" * (2 * 2**20 - len(content)), content_type="image/png")
    answer = send(client, landscape, rubbish, photo=upload)
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"photo": ["big.png is 2.0 MB: photos may be at most 1 MB."]}
    assert Finding.objects.count() == 0


def test_a_photo_with_too_many_pixels_is_refused(client, landscape, rubbish):
    upload = SimpleUploadedFile("bomb.png", bomb_png(13_000, 13_000), content_type="image/png")
    answer = send(client, landscape, rubbish, photo=upload)
    assert answer.context["form"].errors == {
        "photo": ["bomb.png has too many pixels: photos may have at most 50 million pixels."]
    }
    assert Finding.objects.count() == 0


@override_settings(PUBLIC_REPORT_LIMIT=3)
def test_the_throttle_counts_per_address_and_says_when_to_come_back(client, landscape, rubbish, time_machine):
    time_machine.move_to("2026-09-28T09:10:00+08:00", tick=False)
    for _ in range(3):
        assert send(client, landscape, rubbish).status_code == 302
    refused = send(client, landscape, rubbish, description="A fourth")
    assert refused.status_code == 429
    assert refused.context["form"].non_field_errors() == [
        "Too many reports from your connection: please try again in 50 minutes."
    ]
    # What was typed stays on the form.
    assert "A fourth</textarea>" in refused.content.decode()
    assert Finding.objects.count() == 3
    # Another address is not held back; the first may report again in the next hour.
    assert send(client, landscape, rubbish, address="198.51.100.4").status_code == 302
    time_machine.move_to("2026-09-28T10:00:00+08:00", tick=False)
    assert send(client, landscape, rubbish).status_code == 302
    assert Finding.objects.count() == 5


@override_settings(PUBLIC_REPORT_LIMIT=1, REVERSE_PROXY_COUNT=1, AXES_IPWARE_PROXY_COUNT=0,
                   AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"))  # fmt: skip
def test_behind_a_proxy_the_client_is_the_forwarded_address(client, landscape, rubbish):
    data = {"category": rubbish.pk, "description": "Bench"}
    proxy = "10.0.0.2"
    first = client.post(f"/r/{landscape.code}/", data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.post(f"/r/{landscape.code}/", data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")
    again = client.post(f"/r/{landscape.code}/", data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert [first.status_code, other.status_code, again.status_code] == [302, 302, 429]


def test_an_unknown_or_retired_code_is_the_sites_404_page(client, landscape):
    answer = client.get("/r/NO-SUCH-CODE/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 404
    assert "Page not found" in answer.content.decode()
    landscape.status = AssetStatus.RETIRED
    landscape.save()
    assert client.get(f"/r/{landscape.code}/").status_code == 404


def test_the_status_page_follows_the_report(client, landscape, rubbish, inspector):
    send(client, landscape, rubbish)
    finding = Finding.objects.get()
    url = f"/r/status/{public.tracking_code(finding)}/"

    def status():
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        return page.context["status"].label, page.context["status"].notes

    assert status() == ("Received", "Your report has arrived: an inspector will look at it soon.")
    services.accept_report(finding, inspector)
    assert status() == ("Accepted", "An inspector accepted your report: it is being put right.")

    send(client, landscape, rubbish, description="Again")
    second = Finding.objects.get(description="Again")
    services.reject_report(second, inspector, "Already reported: see the first report.")
    page = client.get(f"/r/status/{public.tracking_code(second)}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "未受理" in html
    assert "Already reported: see the first report." in html


def test_a_wrong_tracking_code_finds_nothing(client, landscape, rubbish, inspector):
    send(client, landscape, rubbish)
    finding = Finding.objects.get()
    code = public.tracking_code(finding)
    number, check = code.split("-")
    wrong = "A" if check[0] != "A" else "B"
    assert client.get(f"/r/status/{number}-{wrong}{check[1:]}/").status_code == 404
    assert client.get(f"/r/status/{number}/").status_code == 404
    # An inspector's own finding has no public page, whatever its code.
    own = services.register(inspector, rubbish, "Found on a round", point=point(0.005, 0.005))
    assert client.get(f"/r/status/{public.tracking_code(own)}/").status_code == 404
    # The lookup form: a good code (in lower case) leads to its page, a bad one says so.
    assert client.get("/r/status/", {"code": code.lower()})["Location"] == f"/r/status/{code}/"
    bad = client.get("/r/status/", {"code": "12-XXXXXX"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 404
    assert bad.context["error"] == "No report has this tracking code: check it and try again."


def test_the_printable_sign_holds_the_qr_code_of_the_report_page(client, signed_in, crew_member, landscape):
    assert client.get(f"/r/{landscape.code}/qr/")["Location"].startswith("/accounts/login/")
    page = signed_in(crew_member).get(f"/r/{landscape.code}/qr/")
    assert page.status_code == 200
    assert page.context["url"] == f"http://testserver/r/{landscape.code}/"
    html = page.content.decode()
    assert "<svg" in html and "<title>LS-07</title>" in html
    assert "扫码举报问题" in html and "Scan to report a problem here" in html
    assert signed_in(crew_member).get("/r/NO-SUCH-CODE/qr/").status_code == 404


def test_the_asset_page_links_its_sign_until_the_asset_is_retired(signed_in, crew_member, landscape):
    sign = ("Printable QR sign for public reports", f"/r/{landscape.code}/qr/")
    page = signed_in(crew_member).get(landscape.get_absolute_url())
    # Other apps' links (greening's care of a landscape) may stand beside it.
    assert sign in page.context["links"]
    assert f'href="/r/{landscape.code}/qr/"' in page.content.decode()
    landscape.status = AssetStatus.RETIRED
    landscape.save()
    assert sign not in signed_in(crew_member).get(landscape.get_absolute_url()).context["links"]


def test_a_report_put_right_or_voided_after_acceptance(client, landscape, rubbish, inspector, english):
    send(client, landscape, rubbish)
    send(client, landscape, rubbish, description="Mistake")
    done, mistaken = Finding.objects.order_by("pk")
    for finding in (done, mistaken):
        services.accept_report(finding, inspector)
    services.dispatch(done, inspector)
    services.dispose(done, inspector, "Cleared", photos=[SimpleUploadedFile("after.png", png())])
    services.verify(done, inspector, accept=True)
    services.void(mistaken, inspector, "Registered twice by the inspectors.")
    done.refresh_from_db()
    mistaken.refresh_from_db()
    assert (public.public_status(done).label, public.public_status(done).open311) == ("Put right", "closed")
    voided = public.public_status(mistaken)
    assert (voided.key, voided.open311) == ("voided", "closed")
    # The inspectors' reason is theirs: the reporter is told only that it was closed.
    page = client.get(f"/r/status/{public.tracking_code(mistaken)}/", HTTP_ACCEPT_LANGUAGE="en")
    assert (page.context["status"].label, page.context["status"].notes) == (
        "Closed", "An inspector closed the report without action.",
    )  # fmt: skip
    assert "Registered twice" not in page.content.decode()
