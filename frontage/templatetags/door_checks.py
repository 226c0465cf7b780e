"""The unit page's door-check part (templates/frontage/_unit_check_actions.html): its
history in one query, and whether the reader may check."""

from django import template

from ..choices import CheckStatus
from ..queries import checks_for_user, may_check

register = template.Library()

# Checks shown on a unit's page; the checks list (filtered by unit) holds them all.
HISTORY_SHOWN = 20


@register.simple_tag
def unit_check_history(unit, user) -> list:
    """The unit's checks, newest due first, cancelled ones left out (one query)."""
    checks = checks_for_user(user).filter(unit=unit).exclude(status=CheckStatus.CANCELLED)
    return list(checks.select_related("inspector").order_by("-due", "-pk")[:HISTORY_SHOWN])


@register.simple_tag
def user_may_check(user) -> bool:
    return may_check(user)
