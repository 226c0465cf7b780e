"""Which maintenance rows a user may see, and who may act: one function per type and per
question.

Every page and (later) API endpoint goes through these, so a rule about who sees what
exists once. Model permissions decide who sees everything: whoever may view plans or
every work order (managers, inspectors, the planning bureau, administrators) sees them
all; crew members see their own crews' orders and no plan — other pages answer 404, so
ids leak nothing. Who may change what is decided by the change permissions (403 to those
who may only look).
"""

from django.db.models import QuerySet

from assets.models import Asset

from .models import Crew, CrewMembership, Plan, PlanTarget, WorkOrder, WorkOrderPhoto


def sees_every_order(user) -> bool:
    """Managers, inspectors, the planning bureau and administrators see every crew's work
    orders."""
    return user.is_authenticated and user.has_perm("maintenance.view_workorder")


def manages_crews(user) -> bool:
    """Managers and administrators may act on every crew's orders, as their leaders may."""
    return user.is_authenticated and user.has_perm("maintenance.change_workorder")


def plans_for_user(user) -> QuerySet:
    """The plans this user may see (never a crew's corrective plan: services.corrective)."""
    if not user.is_authenticated or not user.has_perm("maintenance.view_plan"):
        return Plan.objects.none()
    # The crews' corrective plans hold the orders opened for findings: no plan of anyone's.
    return Plan.objects.filter(corrective=False)


def crews_for_user(user) -> QuerySet:
    """The crews this user belongs to."""
    if not user.is_authenticated:
        return Crew.objects.none()
    return Crew.objects.filter(memberships__user=user)


def visible_crews(user) -> QuerySet:
    """The crews whose work this user may see: every crew for those who see every order,
    else their own."""
    return Crew.objects.all() if sees_every_order(user) else crews_for_user(user)


def orders_for_user(user) -> QuerySet:
    """The work orders this user may see: every crew's (sees_every_order), else only
    those of the user's own crews."""
    if not user.is_authenticated:
        return WorkOrder.objects.none()
    if sees_every_order(user):
        return WorkOrder.objects.all()
    return WorkOrder.objects.filter(crew__in=crews_for_user(user))


def may_work_on(user, order: WorkOrder) -> bool:
    """May this user start, answer, complete or skip the order (not only look at it)?
    Its crew's members, and those who manage every crew."""
    if manages_crews(user):
        return True
    return user.is_authenticated and CrewMembership.objects.filter(crew_id=order.crew_id, user=user).exists()


def may_lead(user, crew_id: int) -> bool:
    """May this user act as the crew's leader (reassign its orders, reset its calendar
    address)? Its leaders, and those who manage every crew."""
    if manages_crews(user):
        return True
    return user.is_authenticated and CrewMembership.objects.filter(crew_id=crew_id, user=user, is_leader=True).exists()


def _crews_assets(user) -> QuerySet:
    """The assets the user's crews' plans apply to now."""
    targets = PlanTarget.objects.filter(active=True, plan__crew__in=crews_for_user(user))
    return Asset.objects.filter(pk__in=targets.values("asset"))


def meter_assets_for_user(user) -> QuerySet:
    """The assets whose meter readings this user may see: every asset for those who see
    every order, else those their crews' plans apply to (others answer 404)."""
    if not user.is_authenticated:
        return Asset.objects.none()
    if sees_every_order(user):
        return Asset.objects.all()
    return _crews_assets(user)


def may_read_meters(user, asset: Asset) -> bool:
    """May this user record a reading of the asset's meters? Those who manage every crew,
    and the members of a crew whose plans apply to it."""
    if manages_crews(user):
        return True
    return user.is_authenticated and _crews_assets(user).filter(pk=asset.pk).exists()


def may_see_photo(user, path: str) -> bool:
    """A work order's photo (settings.MEDIA_ACCESS): only to those who may see the order."""
    return WorkOrderPhoto.objects.filter(image=path, order__in=orders_for_user(user)).exists()
