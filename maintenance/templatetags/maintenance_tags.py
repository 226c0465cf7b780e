from django import template

from maintenance.rule_words import describe
from maintenance.services import calendar_warnings

register = template.Library()


@register.inclusion_tag("maintenance/_calendar_warnings.html")
def show_calendar_warnings():
    """Warnings about years whose official holidays are not known (administrators, planners)."""
    return {"warnings": calendar_warnings()}


@register.filter
def rule_words(plan) -> str:
    """A plan's rule in words, in the page's language: ``{{ plan|rule_words }}``."""
    return describe(plan.rrule, plan.calendar, plan.non_working) if plan.rrule else ""
