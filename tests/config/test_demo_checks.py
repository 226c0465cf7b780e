"""The deployment check of the demo app (demo/checks.py): production refuses to start
while a demo login still has the published demo password."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.checks import run_checks

from demo.people import DEMO_PASSWORD
from tests.config.test_settings import PRODUCTION, ROOT, manage, test_database_url
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]


def with_password(username: str, password: str, **fields):
    user = UserFactory(username=username, **fields)
    user.set_password(password)
    user.save()
    return user


def demo_errors(include_deployment_checks: bool = True) -> list[tuple[str, str]]:
    return [
        (message.id, message.msg)
        for message in run_checks(include_deployment_checks=include_deployment_checks)
        if message.id.startswith("demo.")
    ]


def test_a_demo_login_with_the_demo_password_is_an_error():
    with_password("manager", DEMO_PASSWORD)
    with_password("crew-sanitation", DEMO_PASSWORD)
    with_password("inspector", "changed-after-loading")

    assert demo_errors() == [
        ("demo.E001", "These logins still have the published demo password: crew-sanitation, manager.")
    ]


def test_the_check_passes_once_the_password_is_changed():
    user = with_password("manager", DEMO_PASSWORD)
    user.set_password("a-new-long-password-7")
    user.save()

    assert demo_errors() == []


def test_a_deactivated_demo_login_does_not_count():
    with_password("admin", DEMO_PASSWORD, is_active=False)

    assert demo_errors() == []


def test_only_the_deployment_checks_look():
    with_password("manager", DEMO_PASSWORD)

    assert demo_errors(include_deployment_checks=False) == []
    assert [message_id for message_id, _msg in demo_errors()] == ["demo.E001"]


def test_checking_does_not_rewrite_the_stored_hash():
    user = with_password("manager", DEMO_PASSWORD)
    before = user.password

    demo_errors()

    assert get_user_model().objects.get(pk=user.pk).password == before


# The production start (docker-compose.yml, Dockerfile) runs `check --deploy` before
# gunicorn: a separate process, reading what this test committed (so this file is not in
# tests/demo, whose loaded demo holds a transaction open for the whole package).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_check_deploy_refuses_then_passes():
    # Hashed as outside the tests (their MD5 hasher is unknown to the production settings).
    hasher = PBKDF2PasswordHasher()
    user = UserFactory(username="manager")
    user.password = hasher.encode(DEMO_PASSWORD, hasher.salt())
    user.save()

    refused = manage("check", "--deploy", DATABASE_URL=test_database_url(), **PRODUCTION)
    assert refused.returncode == 1
    assert "(demo.E001) These logins still have the published demo password: manager." in refused.stderr

    user.password = hasher.encode("a-new-long-password-7", hasher.salt())
    user.save()
    passed = manage("check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=test_database_url(), **PRODUCTION)
    assert passed.returncode == 0, passed.stderr
    assert "no issues" in passed.stdout


@pytest.mark.parametrize("name", ["Dockerfile", "docker-compose.yml"])
def test_the_production_start_runs_the_deployment_checks_before_serving(name):
    start = (ROOT / name).read_text()

    assert start.index("manage.py check --deploy --fail-level ERROR &&") < start.index("gunicorn config.wsgi")
