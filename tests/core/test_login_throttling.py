"""Sign-ins are throttled (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
user name or from one address, both are locked out with a 429 page that says when to try
again, until the cool-off passes or a manager unlocks them in the admin.

Time is frozen at 09:00 in the zone; the cool-off is LOGIN_LOCKOUT_MINUTES (15).
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.config.test_settings import manage
from tests.factories import UserFactory
from tests.maintenance.factories import TODAY, at
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PASSWORD = "the-right-password-1"
HOME = "203.0.113.5"
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def anna(db):
    user = UserFactory(username="anna")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def bo(db):
    user = UserFactory(username="bo")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username: str, password: str, address: str = HOME, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in_as(client) -> str | None:
    return client.session.get(SESSION_KEY)


def lock_out(client, username: str, address: str = HOME, **headers):
    """Fail LOGIN_FAILURE_LIMIT times; the last answer is the lock-out."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, username, "wrong", address, **headers)
        assert response.status_code == 200  # the login page again, with its error
    return sign_in(client, username, "wrong", address, **headers)


def test_the_default_limit_and_cool_off():
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME) == (5, datetime.timedelta(minutes=15))
    assert settings.AXES_LOCKOUT_PARAMETERS == ["ip_address", "username"]


def test_failures_up_to_the_limit_lock_and_the_right_password_is_refused(client, anna):
    response = lock_out(client, "anna")

    assert response.status_code == 429
    response = sign_in(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_the_lock_out_page_says_when_to_try_again_in_the_sites_style(client, anna):
    lock_out(client, "anna")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = body(sign_in(client, "anna", PASSWORD))
    assert '<html lang="en">' in english
    assert 'class="topbar"' in english
    assert "<h1>Too many failed sign-ins</h1>" in english
    # Each attempt while locked starts the 15 minutes again: this one was at 09:00.
    assert "so signing in is locked. Try again after 09:15." in english
    assert "Each new attempt before then starts the wait of 15 minutes again." in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = body(sign_in(client, "anna", PASSWORD))
    assert '<html lang="zh-hans">' in chinese
    assert "<h1>登录失败次数过多</h1>" in chinese
    assert "请在 09:15 之后再试。" in chinese


def test_another_user_from_another_address_is_not_locked(client, anna, bo):
    lock_out(client, "anna")

    response = sign_in(client, "bo", PASSWORD, ELSEWHERE)

    assert response.status_code == 302
    assert signed_in_as(client) == str(bo.pk)


def test_the_user_is_locked_from_every_address(client, anna):
    lock_out(client, "anna")

    assert sign_in(client, "anna", PASSWORD, ELSEWHERE).status_code == 429
    assert signed_in_as(client) is None


def test_the_address_is_locked_for_every_user_name(client, bo):
    # 312 guesses a minute over many user names from one address stop at the limit too.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{attempt}", "wrong")

    assert sign_in(client, "bo", PASSWORD).status_code == 429
    assert signed_in_as(client) is None
    assert sign_in(client, "bo", PASSWORD, ELSEWHERE).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, anna, frozen):
    lock_out(client, "anna")

    frozen.move_to(at(TODAY) + datetime.timedelta(minutes=14))
    assert sign_in(client, "anna", PASSWORD).status_code == 429
    # That attempt started the wait again: 15 minutes from 09:14.
    frozen.move_to(at(TODAY) + datetime.timedelta(minutes=29, seconds=1))
    assert sign_in(client, "anna", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(anna.pk)


def test_a_manager_unlocks_in_the_admin(client, anna, manager, signed_in):
    lock_out(client, "anna")
    attempts = list(AccessAttempt.objects.filter(username="anna").values_list("pk", flat=True))
    assert len(attempts) == 1

    admin = signed_in(manager)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert admin.get(changelist).status_code == 200
    response = admin.post(changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    admin.logout()

    assert sign_in(client, "anna", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(anna.pk)


@pytest.mark.parametrize("role", ["crew_member", "inspector", "planner"])
def test_only_managers_and_administrators_may_unlock(client, anna, request, role, signed_in):
    lock_out(client, "anna")
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))

    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    admin = signed_in(user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    admin.post(changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"})

    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == attempts


# --- Behind a reverse proxy ----------------------------------------------------------------


def address_settings(**env: str) -> tuple:
    """The client-address settings config/settings.py derives from the environment."""
    code = (
        "from django.conf import settings;"
        "print(repr((settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT)))"
    )
    result = manage("shell", "--no-imports", "-c", code, unset=("REVERSE_PROXY_COUNT",), **env)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # noqa: S307 (our own repr)


def test_without_a_proxy_only_the_connections_address_counts():
    assert address_settings() == (("REMOTE_ADDR",), None)


def test_reverse_proxy_count_is_read_from_the_environment():
    assert address_settings(REVERSE_PROXY_COUNT="1") == (("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"), 0)
    assert address_settings(REVERSE_PROXY_COUNT="2") == (("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"), 1)


@pytest.fixture
def behind_nginx(settings):
    """REVERSE_PROXY_COUNT=1: every request comes from the proxy at 10.0.0.2, which appends
    the address it saw to X-Forwarded-For."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0


PROXY = "10.0.0.2"


def test_behind_a_proxy_each_client_is_locked_by_its_own_address(client, bo, behind_nginx):
    lock_out(client, "guess", PROXY, HTTP_X_FORWARDED_FOR=HOME)

    assert sign_in(client, "bo", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=HOME).status_code == 429
    assert sign_in(client, "bo", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}


def test_behind_a_proxy_a_forged_header_does_not_escape_the_lock(client, bo, behind_nginx):
    # The attacker sends a new X-Forwarded-For each time; the proxy appends the real one.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{attempt}", "wrong", PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, {HOME}")

    forged = sign_in(client, "bo", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {HOME}")
    assert forged.status_code == 429
    assert sign_in(client, "bo", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302
