"""The planners' pages (plan list, plan page, plan form and the plan page's buttons): who
may see and do what, and both languages.

Time is frozen on Monday 2 March 2026, 09:00 in the zone.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from maintenance.models import Plan, WorkOrder
from tests.maintenance.plan_pages import TODAY
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


# --- Who sees what ---------------------------------------------------------------------


def page_urls(plan) -> dict[str, str]:
    return {
        "list": reverse("plan-list"),
        "detail": reverse("plan-detail", args=[plan.pk]),
        "new": reverse("plan-create"),
        "edit": reverse("plan-edit", args=[plan.pk]),
    }


@pytest.mark.parametrize("page", ["list", "detail", "new", "edit"])
def test_anonymous_is_sent_to_login(client, plan, page):
    url = page_urls(plan)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # Crews may not see plans at all: 404 everywhere.
        ("crew_member", {"list": 404, "detail": 404, "new": 404, "edit": 404}),
        # Inspectors and the planning bureau look but do not touch.
        ("planner", {"list": 200, "detail": 200, "new": 403, "edit": 403}),
        ("inspector", {"list": 200, "detail": 200, "new": 403, "edit": 403}),
        ("manager", {"list": 200, "detail": 200, "new": 200, "edit": 200}),
        ("administrator", {"list": 200, "detail": 200, "new": 200, "edit": 200}),
    ],
)
def test_each_role_gets_the_pages_it_may_see(client, plan, request, role, expected, signed_in):
    signed_in(request.getfixturevalue(role))
    statuses = {page: client.get(url).status_code for page, url in page_urls(plan).items()}
    assert statuses == expected


def test_a_missing_plan_is_404(client, manager, signed_in):
    signed_in(manager)
    assert client.get(reverse("plan-detail", args=[999999])).status_code == 404
    assert client.get(reverse("plan-edit", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("role", "shown"), [("planner", False), ("inspector", False), ("manager", True), ("administrator", True)]
)
def test_buttons_are_shown_only_to_those_who_may_change_plans(client, plan, request, role, shown, signed_in):
    signed_in(request.getfixturevalue(role))
    detail = body(client.get(plan.get_absolute_url()))
    for name in ["plan-edit", "plan-generate", "plan-pause"]:
        assert (reverse(name, args=[plan.pk]) in detail) is shown
    order = WorkOrder.objects.filter(plan=plan).first()
    assert (reverse("order-move", args=[plan.pk, order.pk]) in detail) is shown
    assert (reverse("order-skip", args=[plan.pk, order.pk]) in detail) is shown
    assert (reverse("plan-create") in body(client.get(reverse("plan-list")))) is shown


@pytest.mark.parametrize(("role", "shown"), [("crew_member", False), ("planner", True), ("inspector", True)])
def test_the_plans_link_follows_the_permission(client, request, role, shown, signed_in):
    signed_in(request.getfixturevalue(role))
    assert (f'href="{reverse("plan-list")}"' in body(client.get(reverse("asset-list")))) is shown


def action_posts(plan) -> list[tuple[str, dict]]:
    order = WorkOrder.objects.filter(plan=plan).order_by("due").first()
    return [
        (reverse("plan-generate", args=[plan.pk]), {}),
        (reverse("plan-pause", args=[plan.pk]), {}),
        (reverse("plan-resume", args=[plan.pk]), {}),
        (reverse("order-move", args=[plan.pk, order.pk]), {"due": (TODAY + datetime.timedelta(days=30)).isoformat()}),
        (reverse("order-skip", args=[plan.pk, order.pk]), {"reason": "Road closed"}),
        (reverse("plan-edit", args=[plan.pk]), {"name": "Renamed"}),
        (reverse("plan-create"), {"name": "New"}),
    ]


@pytest.mark.parametrize(("role", "status"), [("crew_member", 404), ("planner", 403), ("inspector", 403)])
def test_actions_are_refused_to_those_who_may_not_change_plans(client, plan, request, role, status, signed_in):
    signed_in(request.getfixturevalue(role))
    plan.refresh_from_db()
    before = (list(WorkOrder.objects.order_by("pk").values()), list(Plan.objects.order_by("pk").values()))
    for url, data in action_posts(plan):
        assert client.post(url, data).status_code == status, url
    assert (list(WorkOrder.objects.order_by("pk").values()), list(Plan.objects.order_by("pk").values())) == before


def test_actions_are_post_only(client, plan, manager, signed_in):
    signed_in(manager)
    for url, _data in action_posts(plan)[:5]:
        assert client.get(url).status_code == 405, url


# --- Languages -------------------------------------------------------------------------

# What each page says in English (its heading; the plan page's is the plan's name, so its
# breadcrumb).
IN_ENGLISH = {
    "list": "<h1>Maintenance plans</h1>",
    "detail": f'<p class="breadcrumbs"><a href="{reverse("plan-list")}">Maintenance plans</a></p>',
    "new": "<h1>New plan</h1>",
    "edit": "<h1>Edit Daily sweeping of Huangcheng Road</h1>",
}


@pytest.mark.parametrize("page", ["list", "detail", "new", "edit"])
def test_pages_render_in_both_languages(client, manager, plan, page, signed_in):
    url = page_urls(plan)[page]
    english = body(signed_in(manager, "en").get(url))
    assert '<html lang="en">' in english
    assert IN_ENGLISH[page] in english
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body(response)
