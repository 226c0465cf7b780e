"""Shared fixtures: named people, one per role, and a small registry to work on."""

import pytest
from django.contrib.auth.models import Group

from assets.choices import Role
from tests.factories import UserFactory


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
def planner(db):
    return _member("planner", Role.PLANNER, is_staff=True)


@pytest.fixture
def manager(db):
    return _member("manager", Role.MANAGER, is_staff=True)


@pytest.fixture
def administrator(db):
    return _member("administrator", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
