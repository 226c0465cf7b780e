"""Production mode is strict; development needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SHOUWEI_ENV": "production",
    "SECRET_KEY": "a-long-and-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "shouwei.example.org",
}


def manage(*args: str, unset: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess:
    """Run manage.py with the real settings, in a clean environment plus ``env``."""
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE", *unset}
    clean = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_database_url() -> str:
    """The URL of the database the tests run on (with the db fixture: the test database),
    for a manage.py that must read it (the deployment checks look at the users)."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def test_production_passes_check_deploy(db):
    result = manage("check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=test_database_url(), **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "shouwei.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_its_settings(env, missing):
    result = manage("check", SHOUWEI_ENV="production", **env)
    assert result.returncode != 0
    assert f"{missing} must be set when SHOUWEI_ENV=production" in result.stderr


def test_production_requires_a_database_url():
    result = manage(
        "check", unset=("DATABASE_URL",), SHOUWEI_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_settings_defaults(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    # retry must exceed timeout, or the ORM broker re-delivers a job that is still running
    assert settings.Q_CLUSTER["retry"] > settings.Q_CLUSTER["timeout"]


@pytest.mark.django_db
def test_healthz_answers_a_plain_http_probe_in_production(client, settings):
    # A load balancer's health check comes over HTTP and wants a 200; pages still redirect.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["shouwei.example.org"]
    assert client.get("/healthz", HTTP_HOST="shouwei.example.org").status_code == 200
    assert client.get("/accounts/login/", HTTP_HOST="shouwei.example.org").status_code == 301
