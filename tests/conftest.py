"""Shared fixtures: named people, one per role, and a small registry to work on."""

import pytest
from django.contrib.auth.models import Group

from core.roles import Role
from maintenance.models import Crew, CrewMembership
from tests.factories import DepartmentFactory, UserFactory


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
def crew_of_outsider(outsider):
    """The outsider's own crew (landscaping): not the crew_member's."""
    crew = Crew.objects.create(
        code="landscaping", name="绿化班", name_en="Landscaping crew", department=DepartmentFactory()
    )
    CrewMembership.objects.create(crew=crew, user=outsider)
    return crew
