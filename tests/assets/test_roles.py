"""The role groups, created by the migrations, and what each may do in the registry."""

import pytest
from django.contrib.auth.models import Group, Permission

from assets.choices import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))

    assert {"crew", "inspector", "planner", "manager", "administrator"} <= names
    assert {role.value for role in Role} <= names


def permissions_of(role: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__name=role).values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_planner_may_add_and_change_assets_but_not_delete_them(planner):
    assert {"assets.add_asset", "assets.change_asset", "assets.view_asset"} <= permissions_of("planner")
    assert "assets.delete_asset" not in permissions_of("planner")
    assert planner.has_perms(["assets.add_asset", "assets.change_asset", "assets.add_equipmentdetail"])
    assert not planner.has_perm("assets.delete_asset")


def test_the_crew_may_only_view(crew_member):
    crew = permissions_of("crew")

    assert "assets.view_asset" in crew
    assert all(permission.split(".")[1].startswith("view_") for permission in crew)
    assert crew_member.has_perm("assets.view_asset")
    for action in ("add", "change", "delete"):
        assert not crew_member.has_perm(f"assets.{action}_asset")


def test_the_administrator_may_delete_and_the_manager_only_view_the_registry():
    assert "assets.delete_asset" in permissions_of("administrator")
    manager_permissions = permissions_of("manager")
    assert "assets.view_asset" in manager_permissions
    registry = [permission for permission in manager_permissions if permission.startswith("assets.")]
    assert all(permission.split(".")[1].startswith("view_") for permission in registry)
    # …but runs the maintenance side (the permissions exist once every app has migrated).
    assert {"maintenance.change_plan", "maintenance.add_plan"} <= manager_permissions
