"""Who may read the reports, and how much of them."""

from django.core.exceptions import PermissionDenied

from assets.models import Department, Zone
from core.roles import Role, has_role


def may_see_reports(user) -> bool:
    """Managers and administrators read every figure."""
    return user.is_superuser or has_role(user, Role.MANAGER, Role.ADMINISTRATOR)


def headed_departments(user) -> set[int]:
    """The departments the user heads (Department.heads): one query, read once per user
    object (as core.roles.has_role reads the groups)."""
    if not user.is_authenticated:
        return set()
    pks = getattr(user, "_headed_departments", None)
    if pks is None:
        pks = user._headed_departments = set(Department.objects.filter(heads=user).values_list("pk", flat=True))
    return pks


def dashboard_scope(user) -> set[int] | None:
    """What of the dashboard and the Monday report the user reads: None, everything
    (managers, administrators); a set of department pks, those departments' figures (a
    department head: a user who heads at least one department); else PermissionDenied
    (crews, inspectors, the planning bureau see none of it)."""
    if may_see_reports(user):
        return None
    departments = headed_departments(user)
    if departments:
        return departments
    raise PermissionDenied


def led_zones(departments: set[int]) -> set[int]:
    """The responsibility zones these departments lead (one query)."""
    return set(Zone.objects.filter(lead__in=departments).values_list("pk", flat=True))
