"""The project page's hand-over part (templates/greening/_project_handover.html): the
button when the project may be handed over, else what the hand-over made."""

from django import template
from django.utils import timezone

from maintenance.choices import TargetMode
from maintenance.models import Plan

from ..queries import may_edit_projects
from ..services.handover import first_orders_progress, refusal

register = template.Library()


@register.inclusion_tag("greening/_handover_panel.html", takes_context=True)
def handover_panel(context, project, show_button=True):
    """The hand-over's status of ``project`` (seven queries at most)."""
    user = context["request"].user
    assets, plans, covering, progress = [], [], [], None
    if project.handed_over is not None:
        assets = list(project.handed_assets.select_related("asset").order_by("asset__code"))
        assets = [link.asset for link in assets]
        plans = list(
            Plan.objects.filter(assets__in=assets).select_related("crew", "task_type").order_by("name", "pk").distinct()
        )
        progress = first_orders_progress(plans)
        # The plans that took the asset in by themselves (their templates were skipped).
        covering = list(
            Plan.objects.filter(targets__asset__in=assets, target_mode=TargetMode.MATCH)
            .select_related("crew")
            .order_by("name", "pk")
            .distinct()
        )
    return {
        "project": project,
        "assets": assets,
        "plans": plans,
        "covering": covering,
        "progress": progress,
        "may_hand_over": show_button and project.handed_over is None and may_edit_projects(user),
        "refusal": refusal(project, timezone.localdate()) if project.handed_over is None else None,
    }
