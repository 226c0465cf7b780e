"""The unit page's pledges (templates/frontage/_unit_pledge_actions.html): the unit's
pledges, newest first, and what the one looking may do with them."""

from django import template

from ..queries import may_manage_register, may_see_personal
from ..services import renewal_of

register = template.Library()


@register.inclusion_tag("frontage/pledge_unit_section.html", takes_context=True)
def unit_pledges(context, unit):
    user = context["request"].user
    pledges = list(unit.pledges.select_related("renewed_by").order_by("-starts", "-pk"))
    active = next((pledge for pledge in pledges if pledge.status == "active"), None)
    renewable = active if active is not None and renewal_of(active) is None else None
    return {
        "unit": unit,
        "pledges": pledges,
        "renewable": renewable,
        "may_manage": may_manage_register(user),
        # A signed pledge holds a signature and a name (queries.may_see_file).
        "may_see_documents": may_see_personal(user),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
