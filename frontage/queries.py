"""Who may see and do what with the door-pledge register: one function per question.

Every signed-in role reads the register (the person responsible and the phone masked
for all but managers, administrators and inspectors: ``may_see_personal``); managers
and administrators keep it (units, pledges, imports: ``may_manage_register``);
inspectors, managers and administrators check units (``may_check``).
"""

from django.db.models import QuerySet

from core.roles import Role, has_role

from .models import Check, Pledge, Unit

PERSONAL_ROLES = (Role.MANAGER, Role.ADMINISTRATOR, Role.INSPECTOR)


def may_see_personal(user) -> bool:
    """May the user see the person responsible and the phone of a unit, unmasked?"""
    return user.is_authenticated and (user.is_superuser or has_role(user, *PERSONAL_ROLES))


def may_manage_register(user) -> bool:
    """May the user add and change units and pledges, and import the register?"""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.MANAGER, Role.ADMINISTRATOR))


def may_check(user) -> bool:
    """May the user record a check of a unit?"""
    return user.is_authenticated and (
        user.is_superuser or has_role(user, Role.INSPECTOR, Role.MANAGER, Role.ADMINISTRATOR)
    )


def units_for_user(user) -> QuerySet:
    """The units this user may see: every unit, to every signed-in user."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.all()


def pledges_for_user(user) -> QuerySet:
    """The pledges this user may see: those of the units they may see."""
    if not user.is_authenticated:
        return Pledge.objects.none()
    return Pledge.objects.all()


def checks_for_user(user) -> QuerySet:
    """The checks this user may see: those of the units they may see."""
    if not user.is_authenticated:
        return Check.objects.none()
    return Check.objects.all()


def may_see_file(user, path: str) -> bool:
    """May the user download this upload (settings.MEDIA_ACCESS)? A signed pledge holds a
    signature and a name: those who see personal data; a check's photos: anyone signed in."""
    if path.startswith("pledges/"):
        return may_see_personal(user)
    return user.is_authenticated
