"""The role groups (core.roles), created by the migrations, and what each may do."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))

    assert names == {"crew", "inspector", "planner", "manager", "administrator"}
    assert names == {role.value for role in Role}


def models_of(app: str) -> list[str]:
    return [model._meta.model_name for model in apps.get_app_config(app).get_models()]


def permissions(app: str, *actions: str) -> set[str]:
    """Every ``app.action_model`` permission of the app's models, for each action."""
    return {f"{app}.{action}_{model}" for action in actions for model in models_of(app)}


def permissions_of(role: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__name=role).values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_planner_may_add_and_change_assets_but_only_read_maintenance(planner):
    assert permissions_of("planner") == (
        permissions("assets", "add", "change", "view")
        | permissions("greening", "add", "change", "view")  # its projects
        | permissions("maintenance", "view")
        # The planning bureau reads the findings too.
        | permissions("inspections", "view")
    )
    assert "assets.delete_asset" not in permissions_of("planner")
    assert planner.has_perms(["assets.add_asset", "assets.change_asset", "assets.add_equipmentdetail"])
    assert not planner.has_perm("assets.delete_asset")
    assert planner.has_perms(["maintenance.view_plan", "maintenance.view_workorder"])
    for action in ("add", "change", "delete"):
        assert not planner.has_perm(f"maintenance.{action}_plan")
        assert not planner.has_perm(f"maintenance.{action}_workorder")


def test_the_crew_may_only_view(crew_member):
    crew = permissions_of("crew")

    # Which findings a crew sees is inspections.queries' rule (those dispatched to it).
    assert crew == permissions("assets", "view") | permissions("inspections", "view")
    assert crew_member.has_perm("assets.view_asset")
    for action in ("add", "change", "delete"):
        assert not crew_member.has_perm(f"assets.{action}_asset")


def test_the_administrator_may_delete_and_the_manager_only_view_the_registry():
    registry = {permission for permission in permissions_of("administrator") if permission.startswith("assets.")}
    assert registry == permissions("assets", "add", "change", "delete", "view")
    # The manager views the registry and the users…but runs the maintenance side (the
    # permissions exist once every app has migrated), and unlocks sign-ins.
    assert permissions_of("manager") == (
        permissions("assets", "view")
        | permissions("auth", "view")
        | permissions("core", "view")  # the notifications
        | permissions("maintenance", "add", "change", "view")
        | permissions("inspections", "add", "change", "view")
        | permissions("frontage", "add", "change", "view")  # the door-pledge register
        | permissions("greening", "view")
        | permissions("reports", "view")  # the notifications' log
        | permissions("axes", "view", "delete")  # failed sign-ins: deleting them unlocks
    )


def test_the_inspector_registers_and_works_findings_and_reads_the_rest(inspector):
    assert permissions_of("inspector") == (
        permissions("core", "view")
        | permissions("assets", "view")
        | permissions("maintenance", "view")
        | permissions("greening", "view")
        | permissions("reports", "view")
        | permissions("inspections", "add", "change", "view")
        | permissions("frontage", "add", "change", "view")  # door checks
    )
    # Nothing of the loop is ever deleted: no role but the administrator holds a delete.
    assert not inspector.has_perm("inspections.delete_finding")
