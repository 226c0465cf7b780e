"""Password reset by mail, offered only where mail is configured (EMAIL_URL, or the
console in development); elsewhere the reset pages say why, and send nothing."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.pages import body

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def anna(db):
    user = UserFactory(username="anna", email="anna@example.org")
    user.set_password("the-old-password-1")
    user.save()
    return user


@pytest.fixture
def no_mail(settings):
    settings.EMAIL_CONFIGURED = False


@pytest.fixture
def with_mail(settings):
    settings.EMAIL_CONFIGURED = True


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def reset_urls() -> list[str]:
    return [
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_confirm", args=["MQ", "set-password"]),
        reverse("password_reset_complete"),
    ]


# --- Without mail --------------------------------------------------------------------------


def test_without_mail_the_login_page_offers_no_reset(client, no_mail):
    page = body(in_language(client, "en").get(reverse("login")))

    assert "<h1>Sign in</h1>" in page
    assert reverse("password_reset") not in page
    assert "Forgot your password?" not in page


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        (
            "en",
            "<h1>Password reset by mail is not available</h1>",
            "Shouwei sends no mail here, so a forgotten password cannot be reset by mail. "
            "Ask an administrator to set a new password for you.",
        ),
        (
            "zh-hans",
            "<h1>无法通过邮件重设密码</h1>",
            "本系统不发送邮件，因此忘记的密码无法通过邮件重设。请联系系统管理员为您设置新密码。",
        ),
    ],
)
def test_without_mail_every_reset_page_says_why(client, no_mail, settings, language, heading, text):
    settings.DEBUG = False
    in_language(client, language)
    for url in reset_urls():
        response = client.get(url)
        assert response.status_code == 404, url
        page = body(response)
        assert f'<html lang="{language}">' in page
        assert heading in page
        assert text in page


def test_without_mail_asking_for_a_reset_sends_nothing(client, no_mail, anna):
    response = client.post(reverse("password_reset"), {"email": "anna@example.org"})

    assert response.status_code == 404
    assert mail.outbox == []


# --- With mail -----------------------------------------------------------------------------


def test_with_mail_the_login_page_offers_a_reset_in_both_languages(client, with_mail):
    english = body(in_language(client, "en").get(reverse("login")))
    assert f'<a href="{reverse("password_reset")}">Forgot your password?</a>' in english
    chinese = body(in_language(client, "zh-hans").get(reverse("login")))
    assert f'<a href="{reverse("password_reset")}">忘记密码？</a>' in chinese


def test_with_mail_a_user_resets_the_password_by_the_mailed_link(client, with_mail, anna):
    in_language(client, "en")
    form = client.get(reverse("password_reset"))
    assert form.status_code == 200
    assert "<h1>Reset your password</h1>" in body(form)

    response = client.post(reverse("password_reset"), {"email": "anna@example.org"})
    assert (response.status_code, response.url) == (302, reverse("password_reset_done"))
    assert "<h1>Check your mail</h1>" in body(client.get(response.url))

    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Shouwei: choose a new password"
    assert "asked to reset the Shouwei password of the account anna." in message.body
    [link] = re.findall(r"http://testserver(/accounts/reset/\S+/)", message.body)

    set_password = client.get(link)  # redirects to the form, keeping the token in the session
    assert set_password.status_code == 302
    page = client.get(set_password.url)
    assert "<h1>Choose a new password</h1>" in body(page)
    done = client.post(
        set_password.url, {"new_password1": "a-new-long-password-7", "new_password2": "a-new-long-password-7"}
    )
    assert (done.status_code, done.url) == (302, reverse("password_reset_complete"))
    assert "<h1>Password changed</h1>" in body(client.get(done.url))

    assert client.get(link).status_code == 200  # used: the page says the link is spent
    assert "This link does not work any more" in body(client.get(link))
    response = client.post(reverse("login"), {"username": "anna", "password": "a-new-long-password-7"})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(anna.pk)


def test_the_mail_comes_in_the_language_of_the_page(client, with_mail, anna):
    in_language(client, "zh-hans").post(reverse("password_reset"), {"email": "anna@example.org"})

    [message] = mail.outbox
    assert message.subject == "守卫：设置新密码"
    assert "有人（可能是您本人）申请重设账号 anna 的守卫密码。" in message.body


def test_an_unknown_address_sends_nothing_and_says_the_same(client, with_mail, anna):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert (response.status_code, response.url) == (302, reverse("password_reset_done"))
    assert mail.outbox == []


def test_a_bad_address_is_refused_with_a_message(client, with_mail):
    response = in_language(client, "en").post(reverse("password_reset"), {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address." in body(response)
    assert mail.outbox == []
