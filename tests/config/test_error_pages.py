"""Pages a role may not open answer a 403 or 404 page in the site's style, in both
languages, with DEBUG off as in production (never Django's bare "Not Found")."""

import pytest
from django.urls import reverse

from tests.pages import body

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        ("en", "<h1>Page not found</h1>", "This page does not exist, or it is not one you may open."),
        ("zh-hans", "<h1>找不到页面</h1>", "此页面不存在，或者您无权打开。"),
    ],
)
def test_a_page_the_role_may_not_see_is_a_404_in_the_sites_style(crew_member, signed_in, language, heading, text):
    response = signed_in(crew_member, language).get(reverse("plan-list"))

    assert response.status_code == 404
    page = body(response)
    assert f'<html lang="{language}">' in page
    assert heading in page
    assert text in page
    # The site's frame: its header with the signed-in navigation, and a way back.
    assert f'<a href="{reverse("asset-map")}">' in page
    assert f'href="{reverse("home")}"' in page


def test_an_unknown_address_is_the_same_404_page_before_signing_in(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    page = body(response)
    assert "<h1>Page not found</h1>" in page
    assert 'class="topbar"' in page
    assert f'<a href="{reverse("asset-map")}">' not in page  # no navigation for strangers


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        ("en", "<h1>Not allowed</h1>", "Your role does not allow this. Ask a manager if you need it."),
        ("zh-hans", "<h1>无权操作</h1>", "您的角色不能进行此操作。如有需要，请联系管理人员。"),
    ],
)
def test_what_the_role_may_only_look_at_is_a_403_in_the_sites_style(inspector, signed_in, language, heading, text):
    response = signed_in(inspector, language).post(reverse("plan-create"), {"name": "New"})

    assert response.status_code == 403
    page = body(response)
    assert f'<html lang="{language}">' in page
    assert heading in page
    assert text in page
    assert f'<a href="{reverse("plan-list")}">' in page
