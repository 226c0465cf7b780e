"""The crews' calendar feeds: the iCalendar file (behind a secret address) and its reset."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..models import Crew
from ..queries import may_lead, visible_crews


def _crew_for_user(request, pk: int) -> Crew:
    """A crew the user may see (queries.visible_crews), or 404."""
    return get_object_or_404(visible_crews(request.user), pk=pk)


@require_POST
def crew_calendar_reset(request, pk: int):
    crew = _crew_for_user(request, pk)
    if not may_lead(request.user, crew.pk):
        raise PermissionDenied
    services.reset_calendar_token(crew)
    messages.success(
        request,
        _("The calendar address of %(crew)s was reset: the old one no longer works. Subscribe again with the new one.")
        % {"crew": crew.display_name},
    )
    return redirect(reverse("today") + "?" + urlencode({"crew": crew.pk}))


# The feed address's option: ?each=1 for one event per order (EACH_ORDER), else one event
# per day listing the stops (services.crew_calendar).
EACH_ORDER = "each"


@login_not_required  # phone calendar apps cannot sign in: the secret token is the key
@require_GET
def crew_calendar(request, token: str):
    crew = get_object_or_404(Crew, calendar_token=token)
    each = request.GET.get(EACH_ORDER, "0")
    if each not in ("0", "1"):
        # A calendar app shows this when the subscription fails: say what is accepted.
        return HttpResponseBadRequest(
            _("each=1 gives one event per work order, each=0 (or nothing) one event a day: %(value)s is neither.")
            % {"value": repr(each)},
            content_type="text/plain; charset=utf-8",
        )
    feed = services.crew_calendar(crew, request.build_absolute_uri("/"), each=each == "1")
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{crew.code}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
