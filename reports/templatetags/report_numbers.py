from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value) -> str:
    """A rate (0–1) as a percentage with one decimal; "—" when there was nothing to divide."""
    if value is None:
        return "—"
    return f"{number_format(round(value * 100, 1), 1)}%"
