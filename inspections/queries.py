"""Which findings and re-inspections a user may see, and who may act: one function per
type and per question.

Inspectors, managers, the planning bureau and administrators see every finding; a crew
member sees the findings dispatched to their crews (now or before: a crew keeps seeing
what it worked on), and the re-inspections of those. Others see none: pages answer 404.
Acting is decided by the change permissions (inspectors, managers, administrators),
except where a party acts on its own finding (its crew's members refuse or dispose).
"""

from django.db.models import QuerySet

from core.roles import Role, has_role
from maintenance.models import CrewMembership

from .models import Finding, Photo, Reinspection, Round

EVERY_FINDING_ROLES = (Role.INSPECTOR, Role.MANAGER, Role.PLANNER, Role.ADMINISTRATOR)


def sees_every_finding(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, *EVERY_FINDING_ROLES))


def findings_for_user(user) -> QuerySet:
    """The findings this user may see."""
    if not user.is_authenticated:
        return Finding.objects.none()
    if sees_every_finding(user):
        return Finding.objects.all()
    return Finding.objects.filter(crew__in=CrewMembership.objects.filter(user=user).values("crew"))


def reinspections_for_user(user) -> QuerySet:
    """The re-inspections this user may see: those of the findings they may see."""
    if not user.is_authenticated:
        return Reinspection.objects.none()
    if sees_every_finding(user):
        return Reinspection.objects.all()
    return Reinspection.objects.filter(finding__in=findings_for_user(user))


def rounds_for_user(user) -> QuerySet:
    """The inspection rounds this user may see: those who see every finding see every
    round; a crew member none (a crew sees only the findings dispatched to it)."""
    if sees_every_finding(user):
        return Round.objects.all()
    return Round.objects.none()


def may_inspect(user) -> bool:
    """May the user register, dispatch, verify, void findings and record re-inspections?
    Inspectors, managers and administrators (the change permission)."""
    return user.is_authenticated and user.has_perm("inspections.change_finding")


def may_manage(user) -> bool:
    """May the user clear an escalation? Managers (and administrators)."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.MANAGER, Role.ADMINISTRATOR))


def may_act_as_party(user, finding: Finding) -> bool:
    """May the user refuse or dispose of the finding for its party? A member of its crew,
    or whoever may inspect (on behalf of a department or a door unit, which have no
    logins of their own)."""
    if may_inspect(user):
        return True
    return (
        user.is_authenticated
        and finding.crew_id is not None
        and CrewMembership.objects.filter(crew_id=finding.crew_id, user=user).exists()
    )


def may_see_photo(user, path: str) -> bool:
    """A finding's photo (settings.MEDIA_ACCESS): only to those who may see the finding."""
    return Photo.objects.filter(image=path, finding__in=findings_for_user(user)).exists()
