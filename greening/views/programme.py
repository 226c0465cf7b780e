"""The programme, at /greening/: the planner's home. The year's targets against its
projects' totals, every (filtered) project on a map and on a timeline drawn as SVG."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from assets.views import map_config
from core.roles import Role, has_role

from .. import programme as numbers
from .. import timeline
from ..choices import Phase
from ..filters import ProjectFilter
from ..models import ProjectPhase
from ..queries import may_edit_projects, projects_for_user
from .projects import reader_only


def planner_home(request) -> str | None:
    """Home for the planning bureau (settings.HOME_PAGES): the programme."""
    if request.user.is_authenticated and has_role(request.user, Role.PLANNER):
        return reverse("greening-programme")
    return None


@require_GET
def programme(request):
    reader_only(request)
    today = timezone.localdate()
    current = numbers.programme_for(today.year)
    projects = projects_for_user(request.user).order_by("code")
    filterset = ProjectFilter(request.GET, queryset=projects, today=today)
    chosen = filterset.qs if filterset.is_valid() else projects.none()
    shown = list(
        chosen.with_late(today)
        .select_related("programme")
        .prefetch_related(Prefetch("phases", queryset=ProjectPhase.objects.order_by("pk")))
    )
    query = request.GET.copy()
    return render(
        request,
        "greening/programme.html",
        {
            "programme": current,
            "year": today.year,
            "today": today,
            "totals": numbers.totals(current, today),
            "filter": filterset,
            "query": query.urlencode(),
            "projects": shown,
            "timeline": timeline.build(shown, today, today.year),
            "features": numbers.features(shown),
            "map_config": map_config(),
            "phases": Phase.choices,
            "may_edit": may_edit_projects(request.user),
        },
        status=200 if filterset.is_valid() else 400,
    )
