"""Who may see and change the planning bureau's projects: one function per question.

The planning bureau edits projects; managers, administrators and inspectors read them;
crews do not see them (pages answer 404). A green space's plantings and losses are the
registry's: every signed-in role reads them, crews record losses they find.
"""

from django.db.models import QuerySet

from core.roles import Role, has_role

from .models import Project

PROJECT_READERS = (Role.PLANNER, Role.MANAGER, Role.ADMINISTRATOR, Role.INSPECTOR)


def sees_projects(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, *PROJECT_READERS))


def projects_for_user(user) -> QuerySet:
    """The projects this user may see."""
    if not sees_projects(user):
        return Project.objects.none()
    return Project.objects.all()


def may_edit_projects(user) -> bool:
    """May the user create and change projects, record phases and spending, hand over?"""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.PLANNER, Role.ADMINISTRATOR))


def may_see_file(user, path: str) -> bool:
    """A project's documents: those who see projects; a loss's photos: anyone signed in."""
    if path.startswith("projects/"):
        return sees_projects(user)
    return user.is_authenticated
