"""core: home and uploaded files decided by each app (wired in settings), notifications
any app can send (uploads: test_uploads.py)."""

import pytest

from core.models import Notification
from core.notices import mark_all_read, notify, unread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def only_inspectors(request):
    """A home page hook for the test: inspectors start on the admin."""
    return "/admin/" if request.user.groups.filter(name="inspector").exists() else None


def test_home_is_the_first_page_an_app_gives(signed_in, inspector, manager, settings):
    settings.HOME_PAGES = ["tests.core.test_core.only_inspectors", *settings.HOME_PAGES]

    assert signed_in(inspector).get("/").url == "/admin/"
    assert signed_in(manager).get("/").url == "/assets/map/"


def test_home_is_a_404_when_no_app_gives_one(signed_in, manager, settings):
    settings.HOME_PAGES = ["tests.core.test_core.only_inspectors"]

    assert signed_in(manager).get("/").status_code == 404


def test_a_file_in_a_folder_no_app_owns_is_a_404(signed_in, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "plan.txt").write_text("not for anyone")

    assert signed_in(manager).get("/media/secrets/plan.txt").status_code == 404


def test_a_file_is_served_when_its_app_says_so(signed_in, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_ACCESS = {"open/": "tests.core.test_core.anyone", "closed/": "tests.core.test_core.nobody"}
    for folder in ("open", "closed"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(folder)
    client = signed_in(manager)

    response = client.get("/media/open/a.txt")
    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"open")
    assert client.get("/media/closed/a.txt").status_code == 404


def anyone(user, path):
    return True


def nobody(user, path):
    return False


def test_notify_unread_and_mark_read():
    reader, other = UserFactory(username="reader"), UserFactory(username="other")

    assert notify([reader.pk, other.pk], "EQ-01 has gone overdue", "/orders/1/") == 2
    notify([reader.pk], "Second")
    notify([reader.pk], "Third")

    shown, total = unread(reader, limit=2)
    assert ([notice.message for notice in shown], total) == (["Third", "Second"], 3)
    assert mark_all_read(reader) == 3
    assert unread(reader, limit=2) == ([], 0)
    assert Notification.objects.get(user=other).url == "/orders/1/"
    assert unread(other, limit=2)[1] == 1


@pytest.mark.parametrize("path", ["orders/1/a\x00.jpg", "assets/\x00/../../config/settings.py", "\x00"])
def test_a_path_with_a_nul_byte_is_a_404(signed_in, manager, settings, tmp_path, path):
    """The database and the file system refuse NUL: it was a 500."""
    settings.MEDIA_ROOT = tmp_path

    assert signed_in(manager).get(f"/media/{path}").status_code == 404
