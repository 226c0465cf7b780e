"""A door unit's public page (its sign's QR code leads here), no login: its name, kind,
three duties and rating, and where to report a problem. Nothing personal: no person,
phone, credit code or address."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .. import ratings
from ..choices import Duty, PledgeStatus
from ..models import PledgeWording, Unit


def duties_of(unit: Unit) -> list[tuple[str, str, str]]:
    """(duty, its name, its text) for the unit's three duties: its active pledge's words,
    else the standard wording of its kind (one query, two without an active pledge)."""
    pledge = unit.pledges.filter(status=PledgeStatus.ACTIVE).first()
    if pledge is not None:
        return pledge.duties()
    wording = PledgeWording.objects.filter(kind=unit.kind).first()
    return [(duty.value, duty.label, getattr(wording, duty.value, "")) for duty in Duty]


@login_not_required
@require_GET
def unit_public(request, code):
    unit = get_object_or_404(Unit.objects.filter(active=True), code=code)
    return render(
        request,
        "frontage/unit_public.html",
        {"unit": unit, "duties": duties_of(unit), "rule": ratings.RULE_TEXT},
    )
