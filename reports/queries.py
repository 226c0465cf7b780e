"""Who may read the reports."""

from core.roles import Role, has_role


def may_see_reports(user) -> bool:
    """Managers and administrators read every figure. (There is no department-head role
    yet: when there is, they will see their department's. Crews, inspectors and the
    planning bureau see none of it.)"""
    return user.is_superuser or has_role(user, Role.MANAGER, Role.ADMINISTRATOR)
