from django import template

from maintenance.services import calendar_warnings

register = template.Library()


@register.inclusion_tag("maintenance/_calendar_warnings.html")
def show_calendar_warnings():
    """Warnings about years whose official holidays are not known (administrators, planners)."""
    return {"warnings": calendar_warnings()}
