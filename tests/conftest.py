"""Shared fixtures: named people, one per role, and their crews; frozen time, English
messages and a signed-in client."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from core.roles import Role
from maintenance.models import Crew, CrewMembership
from tests.factories import DepartmentFactory, UserFactory
from tests.maintenance.factories import TODAY, at


def _member(username: str, role: Role, **kwargs):
    user = UserFactory(username=username, **kwargs)
    user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def crew_member(db):
    return _member("crew-member", Role.CREW)


@pytest.fixture
def outsider(db):
    """A member of another crew: must get 404s for the first crew's things."""
    return _member("outsider", Role.CREW)


@pytest.fixture
def inspector(db):
    return _member("inspector", Role.INSPECTOR)


@pytest.fixture
def fellow_inspector(db):
    """A second inspector: goes on a round with the first, or on one of their own."""
    return _member("fellow-inspector", Role.INSPECTOR, first_name="Li", last_name="Na")


@pytest.fixture
def planner(db):
    return _member("planner", Role.PLANNER, is_staff=True)


@pytest.fixture
def manager(db):
    return _member("manager", Role.MANAGER, is_staff=True)


@pytest.fixture
def administrator(db):
    return _member("administrator", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def crew_of_member(crew_member):
    """The crew_member's crew (sanitation), which also has a leader."""
    crew = Crew.objects.create(
        code="sanitation", name="环卫一班", name_en="Sanitation crew 1", department=DepartmentFactory()
    )
    CrewMembership.objects.create(crew=crew, user=crew_member)
    CrewMembership.objects.create(crew=crew, user=_member("crew-leader", Role.CREW), is_leader=True)
    return crew


@pytest.fixture
def crew_leader(crew_of_member):
    """The leader of the crew_member's crew."""
    return CrewMembership.objects.get(crew=crew_of_member, is_leader=True).user


@pytest.fixture
def crew_of_outsider(outsider):
    """The outsider's own crew (landscaping): not the crew_member's."""
    crew = Crew.objects.create(
        code="landscaping", name="绿化班", name_en="Landscaping crew", department=DepartmentFactory()
    )
    CrewMembership.objects.create(crew=crew, user=outsider)
    return crew


# --- Browser tests -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_language_left_behind():
    """A request leaves its language active in the thread (LocaleMiddleware activates, and
    nothing deactivates): reset it, so that no test depends on which ran before it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def browser_ready(request):
    """Browser tests (tests/browser.py) need Debian's Chromium, and serve the map's tiles
    offline; the other tests need nothing of it."""
    if request.node.get_closest_marker("browser") is None:
        return
    from tests.browser import CHROMIUM, TILES

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does).")
    request.getfixturevalue("settings").MAP_TILES_URL = TILES


# --- Time and language ---------------------------------------------------------------------


def pytest_configure(config):
    config.addinivalue_line("markers", "today(date): the day the frozen fixture stops the clock on")


@pytest.fixture
def frozen(request, time_machine):
    """Time stands still at 09:00 in the zone on TODAY, Monday 28 September 2026
    (tests.maintenance.factories.TODAY), or on the day of a ``today`` marker.

    Schedule logic depends on the day, so a module that tests it asks for this with
    ``pytestmark = pytest.mark.usefixtures("frozen")``, adding ``pytest.mark.today(day)``
    to live on another day. Returns the time machine, to travel on:
    ``frozen.move_to(at(day(10, 2)))`` stays frozen at the new moment (the
    ``time_machine`` fixture is the same object).
    """
    marker = request.node.get_closest_marker("today")
    time_machine.move_to(at(marker.args[0] if marker else TODAY), tick=False)
    return time_machine


@pytest.fixture
def english():
    """Messages in English for code run outside a request (services, models, commands); the
    site's default is Chinese. A page's language comes with its request: see signed_in."""
    with translation.override("en"):
        yield


@pytest.fixture
def signed_in(client):
    """Sign the test client in as ``user`` and return it: ``signed_in(manager).get(url)``.

    Pages come in English, by the language cookie the switcher sets, unless ``language``
    says otherwise: ``signed_in(crew_member, "zh-hans")``; ``language=None`` sets no cookie,
    leaving the choice to the request's Accept-Language or the site's default (Chinese).
    """

    def sign_in(user, language: str | None = "en"):
        client.force_login(user)
        if language is not None:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return sign_in


@pytest.fixture
def admin_client(signed_in, administrator):
    """The administrator, signed in, reading the admin in English (instead of pytest-django's
    bare superuser, who is in no role group)."""
    return signed_in(administrator)
