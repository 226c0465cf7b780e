"""The findings list: those the user may see (queries.findings_for_user), filtered
(filters.FindingFilter), page by page, newest first.

Query-string parameters: ``status``, ``category``, ``zone``, ``crew``, ``department``
(ids), ``overdue=yes`` (dispatched and past the deadline: models.overdue_condition),
``rebounds=yes``, ``escalated=yes`` (not yet cleared), ``stage`` (the dashboard's
figures: ``registered``, ``to_dispose``, ``disposed``, ``on_time``, ``reworked`` —
filters.stage_condition), a ``department``'s findings being those of its crews too, ``created_from``, ``created_to``
(dates, inclusive, in the zone's time), ``unit`` (a door unit's id: its page links here
through settings.UNIT_LINKS), ``page``. A filter that is not valid is shown as
an error above an empty list.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..filters import FindingFilter
from ..queries import findings_for_user, may_inspect

FINDINGS_PER_PAGE = 50
ORDER = ("-created", "-pk")  # stable, read along the finding_list_order index


@require_GET
def finding_list(request):
    findings = findings_for_user(request.user).order_by(*ORDER)
    filterset = FindingFilter(request.GET, queryset=findings, request=request)
    chosen = filterset.qs if filterset.is_valid() else findings.none()
    shown = chosen.select_related("category", "zone", "crew", "department", "unit").defer(
        "point", "description", "cleared_note"
    )
    page = Paginator(shown, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for finding in page:
        finding.overdue_now = finding.is_overdue(now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspections/finding_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_register": may_inspect(request.user),
            "unit": filterset.form.cleaned_data.get("unit") if filterset.is_valid() else None,
        },
    )


def unit_links(request, unit) -> list[tuple[str, str]]:
    """A door unit's page links (settings.UNIT_LINKS): to the findings about it."""
    return [(_("Findings about this unit"), f"{reverse('finding-list')}?{urlencode({'unit': unit.pk})}")]
