"""The import pages: managers only; upload, the dry run per row, then "Import" imports the
file kept (under a random name, known to the session only) between the two steps."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frontage.models import Unit
from tests.factories import ZoneFactory

from .importfiles import read_xlsx, row, xlsx

pytestmark = pytest.mark.django_db

URL = "/frontage/import/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def zone():
    return ZoneFactory(code="east")


def upload(client, content: bytes, name="units.xlsx"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def test_the_urls():
    assert reverse("unit-import") == URL
    assert reverse("unit-import-template", args=["xlsx"]) == "/frontage/import/template.xlsx"
    assert reverse("unit-export", args=["csv"]) == "/frontage/units/export.csv"


@pytest.mark.parametrize("user", ["crew_member", "planner", "inspector"])
def test_only_managers_import(signed_in, request, user, zone):
    client = signed_in(request.getfixturevalue(user))
    assert client.get(URL).status_code == 403
    assert upload(client, xlsx([row("U-1", zone)])).status_code == 403
    assert client.post(URL, {"confirm": "1"}).status_code == 403
    assert client.get(reverse("unit-import-template", args=["xlsx"])).status_code == 403
    assert not Unit.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_a_manager_checks_then_imports(signed_in, manager, zone, media):
    client = signed_in(manager)
    assert client.get(URL).status_code == 200
    page = upload(client, xlsx([row("U-1", zone), row("U-2", zone)])).content.decode()
    assert "2 would be created" in page and 'id="import-confirm"' in page
    assert not Unit.objects.exists()
    waiting = list((media / "imports").iterdir())
    assert len(waiting) == 1 and len(waiting[0].stem) == 32  # a random name
    page = client.post(URL, {"confirm": "1"}).content.decode()
    assert "2 created" in page
    assert set(Unit.objects.values_list("code", flat=True)) == {"U-1", "U-2"}
    assert not list((media / "imports").iterdir())  # gone once imported
    response = client.post(URL, {"confirm": "1"})  # nothing waits any more
    assert response.status_code == 302 and Unit.objects.count() == 2


def test_the_dry_run_shows_errors_and_offers_no_import(signed_in, manager, zone, media):
    client = signed_in(manager)
    page = upload(client, xlsx([row("U-1", zone), row("U-2", zone, zone="west")])).content.decode()
    assert 'class="import-error"' in page and "Unknown zone “west”" in page
    assert "Nothing was written" in page and 'id="import-confirm"' not in page
    assert not (media / "imports").exists() or not list((media / "imports").iterdir())
    page = upload(client, b"code,name", name="units.pdf").content.decode()
    assert "Import an XLSX or CSV file." in page


def test_the_template_in_the_managers_language(signed_in, manager, zone):
    response = signed_in(manager, "zh-hans").get(reverse("unit-import-template", args=["xlsx"]))
    assert response.status_code == 200
    assert read_xlsx(response.content)[0][:2] == ["单位编号", "单位名称"]
    response = signed_in(manager).get(reverse("unit-import-template", args=["csv"]))
    assert response.content.startswith("\ufeffUnit code,".encode())
    assert signed_in(manager).get("/frontage/import/template.pdf").status_code == 404
