"""Roles are Django groups: created by a migration, their model permissions kept in sync here.

Which rows a member may see (a crew's own orders, say) is decided by each type's
"for this user" query (each app's queries.py), not by these model permissions; these
decide what a role may add, change or delete, in the pages and the admin. A new app
adds its label to the grants below.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups (created by a migration); the value is the group name."""

    CREW = "crew", _("Crew member")
    INSPECTOR = "inspector", _("Inspector")
    PLANNER = "planner", _("Planning bureau")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")


OUR_APPS = ["core", "assets", "maintenance", "frontage", "inspections", "greening", "reports"]

# role → grants of (app labels, actions), each action on every model of those apps
ROLE_PERMISSIONS = {
    Role.ADMINISTRATOR: [(OUR_APPS + ["auth", "django_q", "axes"], ["add", "change", "delete", "view"])],
    # Managers run the maintenance side: plans, crews, the calendar (and see the users, to
    # put them in crews); they unlock a locked-out sign-in by deleting its failed attempts
    # (django-axes' admin).
    Role.MANAGER: [
        (OUR_APPS + ["auth"], ["view"]),
        (["maintenance", "inspections", "frontage"], ["add", "change"]),
        (["axes"], ["view", "delete"]),
    ],
    # The planning bureau plans greening and reads the maintenance side (plans, orders)
    # without changing it.
    Role.PLANNER: [(["assets", "greening"], ["add", "change", "view"]), (["maintenance", "inspections"], ["view"])],
    # Inspectors find, dispatch, verify and re-inspect (inspections), read the rest,
    # and check the door-pledge units (frontage: checks; the register is the managers').
    Role.INSPECTOR: [(OUR_APPS, ["view"]), (["inspections", "frontage"], ["add", "change"])],
    # Crews read the findings dispatched to them (which ones: inspections.queries).
    Role.CREW: [(["assets", "inspections"], ["view"])],
}


def has_role(user, *roles: Role) -> bool:
    """Is the user in one of these role groups? (Read once per user object.) For who sees
    which rows, where two roles hold the same model permissions."""
    if not user.is_authenticated:
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = user._role_names = set(user.groups.values_list("name", flat=True))
    return any(role.value in names for role in roles)


def sync_role_permissions(**kwargs) -> None:
    """Give each role group its permissions (idempotent; runs after every migrate)."""
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        for app_labels, actions in grants:
            codename_prefixes = tuple(f"{action}_" for action in actions)
            permissions = [
                permission
                for permission in Permission.objects.filter(content_type__app_label__in=app_labels)
                if permission.codename.startswith(codename_prefixes)
            ]
            group.permissions.add(*permissions)
