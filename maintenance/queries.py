"""Which maintenance rows a user may see: one "for this user" query per type.

Every page and (later) API endpoint goes through these, so a rule about who sees what
exists once. Model permissions decide here because plans are not per-crew: whoever may
view plans (managers, inspectors, administrators) sees them all; crew members and the
planning bureau see none — their pages answer 404, so ids leak nothing.
"""

from django.db.models import QuerySet

from .models import Plan


def plans_for_user(user) -> QuerySet:
    """The plans this user may see."""
    if not user.is_authenticated or not user.has_perm("maintenance.view_plan"):
        return Plan.objects.none()
    return Plan.objects.all()
