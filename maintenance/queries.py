"""Which maintenance rows a user may see: one "for this user" query per type.

Every page and (later) API endpoint goes through these, so a rule about who sees what
exists once. Model permissions decide here because plans are not per-crew: whoever may
view plans (managers, inspectors, administrators) sees them all; crew members and the
planning bureau see none — their pages answer 404, so ids leak nothing.
"""

from django.db.models import QuerySet

from .models import Crew, CrewMembership, Plan, WorkOrder, WorkOrderPhoto


def plans_for_user(user) -> QuerySet:
    """The plans this user may see."""
    if not user.is_authenticated or not user.has_perm("maintenance.view_plan"):
        return Plan.objects.none()
    return Plan.objects.all()


def orders_for_user(user) -> QuerySet:
    """The work orders this user may see.

    Whoever may view work orders as a whole (managers, inspectors, administrators: the
    model permission) sees them all; anyone else only the orders of their own crews.
    The planning bureau is in no crew and has no such permission: it sees none.
    """
    if not user.is_authenticated:
        return WorkOrder.objects.none()
    if user.has_perm("maintenance.view_workorder"):
        return WorkOrder.objects.all()
    return WorkOrder.objects.filter(crew__in=Crew.objects.filter(memberships__user=user))


def may_work_on(user, order: WorkOrder) -> bool:
    """May this user start, answer, complete or skip the order (not only look at it)?"""
    if not user.is_authenticated:
        return False
    if user.has_perm("maintenance.change_workorder"):
        return True
    return CrewMembership.objects.filter(crew_id=order.crew_id, user=user).exists()


def may_lead(user, crew_id: int) -> bool:
    """May this user act as the crew's leader (reassign its orders, reset its calendar
    address)? Its leaders, and whoever may change every work order (managers,
    administrators)."""
    if not user.is_authenticated:
        return False
    if user.has_perm("maintenance.change_workorder"):
        return True
    return CrewMembership.objects.filter(crew_id=crew_id, user=user, is_leader=True).exists()


def may_see_photo(user, path: str) -> bool:
    """A work order's photo (settings.MEDIA_ACCESS): only to those who may see the order."""
    return WorkOrderPhoto.objects.filter(image=path, order__in=orders_for_user(user)).exists()


def crews_for_user(user) -> QuerySet:
    """The crews this user belongs to."""
    if not user.is_authenticated:
        return Crew.objects.none()
    return Crew.objects.filter(memberships__user=user)
