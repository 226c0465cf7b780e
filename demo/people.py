"""The demo logins: one per role and a department head, all with a published password (hence no demo in production)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from assets.models import Department
from core.roles import Role

from .loader import DemoLoader

DEMO_PASSWORD = "shouwei-demo"

# username, role group (None: superuser), staff (may open the admin), name shown on the
# pages (invented)
DEMO_USERS = [
    ("admin", None, True, ""),
    ("manager", Role.MANAGER, True, ""),
    ("planner", Role.PLANNER, True, ""),
    ("inspector", Role.INSPECTOR, False, ""),
    # Every crew has a leader and members (demo.maintenance.MEMBERSHIPS says who is where).
    ("crew-sanitation", Role.CREW, False, "李红梅"),
    ("crew-sanitation-lead", Role.CREW, False, "陈志强"),
    ("crew-sanitation-2", Role.CREW, False, "周小芳"),
    ("crew-landscaping", Role.CREW, False, "吴国华"),
    ("crew-landscaping-2", Role.CREW, False, "郑丽"),
    ("crew-plant", Role.CREW, False, "胡永康"),
    ("crew-plant-2", Role.CREW, False, "徐明"),
    ("crew-municipal", Role.CREW, False, "应建平"),
    ("crew-municipal-2", Role.CREW, False, "楼晓东"),
]
# Department heads (Department.heads, no role group): username, the department's code
# (demo.registry.DEPARTMENTS), name shown (invented). They read their department's part
# of the dashboard and the Monday report.
DEMO_HEADS = [
    ("head-municipal", "municipal-works", "何振华"),
]


def demo_logins() -> list[tuple[str, str]]:
    """(username, what the login is for) for every demo user, to print after loading."""
    logins = [(username, str(role.label) if role else _("superuser")) for username, role, _staff, _name in DEMO_USERS]
    return logins + [(username, _("department head")) for username, _code, _name in DEMO_HEADS]


def demo_usernames() -> list[str]:
    """Every demo login's username."""
    return [username for username, *_rest in DEMO_USERS] + [username for username, *_rest in DEMO_HEADS]


def load_logins(loader: DemoLoader) -> None:
    """Create the demo logins that are missing, counted by the loader; an existing one is left alone."""
    User = get_user_model()
    for username, role, staff, name in DEMO_USERS:
        if User._default_manager.filter(username=username).exists():
            loader.kept[User] += 1
            continue
        # The password is set here, on creation, and only here: one that was changed stays changed.
        # A Chinese name is written family name first: all of it goes in first_name, so
        # get_full_name() shows it as it is written.
        user = User(username=username, first_name=name, is_staff=staff, is_superuser=role is None)
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        if role is not None:
            user.groups.add(Group.objects.get(name=role.value))
        loader.created[User] += 1
    for username, department, name in DEMO_HEADS:
        if User._default_manager.filter(username=username).exists():
            loader.kept[User] += 1
            continue
        user = User(username=username, first_name=name)
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        # Made a head on creation only: one an administrator has since removed stays removed.
        Department.objects.get(code=department).heads.add(user)
        loader.created[User] += 1
