from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from maintenance.rule_words import describe
from maintenance.services import calendar_warnings

register = template.Library()


@register.inclusion_tag("maintenance/_calendar_warnings.html")
def show_calendar_warnings():
    """Warnings about years whose official holidays are not known (administrators, planners)."""
    return {"warnings": calendar_warnings()}


@register.filter
def rule_breaks(rule: str) -> str:
    """A recurrence rule that may wrap after each part (a narrow table column), not inside one."""
    return mark_safe(";<wbr>".join(escape(part) for part in (rule or "").split(";")))


@register.filter
def rule_words(plan) -> str:
    """A plan's rule in words, in the page's language: ``{{ plan|rule_words }}``."""
    return describe(plan.rrule, plan.calendar, plan.non_working) if plan.rrule else ""
