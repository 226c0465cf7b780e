"""Mail settings from the environment: EMAIL_URL (dj-email-url), the console in
development, none in production without it."""

import json

from tests.config.test_settings import manage

PRODUCTION = {
    "SHOUWEI_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "shouwei.example.org",
}
NAMES = [
    "EMAIL_CONFIGURED",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
]


def mail_settings(**env: str) -> dict:
    code = (
        "import json; from django.conf import settings;"
        f"print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}))"
    )
    result = manage("shell", "--no-imports", "-c", code, unset=("EMAIL_URL", "DEFAULT_FROM_EMAIL"), **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_prints_mail_on_the_console():
    values = mail_settings()
    assert values["EMAIL_CONFIGURED"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_production_without_email_url_sends_no_mail():
    values = mail_settings(**PRODUCTION)
    assert values["EMAIL_CONFIGURED"] is False


def test_production_reads_the_smtp_server_from_email_url():
    values = mail_settings(
        EMAIL_URL="submission://shouwei%40example.org:s3cret%2Fpass@smtp.example.org",
        DEFAULT_FROM_EMAIL="守卫 <shouwei@example.org>",
        **PRODUCTION,
    )
    assert values == {
        "EMAIL_CONFIGURED": True,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "shouwei@example.org",
        "EMAIL_HOST_PASSWORD": "s3cret/pass",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "守卫 <shouwei@example.org>",
    }


def test_smtp_over_ssl():
    values = mail_settings(EMAIL_URL="smtp://smtp.example.org:465?ssl=1", **PRODUCTION)
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_SSL"], values["EMAIL_USE_TLS"]) == (
        "smtp.example.org",
        465,
        True,
        False,
    )


def test_an_email_url_of_no_known_kind_refuses_to_start():
    result = manage("check", unset=("EMAIL_URL",), EMAIL_URL="smtp+tls://smtp.example.org", **PRODUCTION)
    assert result.returncode != 0
    assert "EMAIL_URL must start with smtp://, submission://, console://, file:// or dummy://." in result.stderr
