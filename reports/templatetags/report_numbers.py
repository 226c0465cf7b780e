from django import template
from django.utils.formats import number_format

from core.models import bilingual_name

register = template.Library()


@register.filter
def percent(value) -> str:
    """A rate (0–1) as a percentage with one decimal; "—" when there was nothing to divide."""
    if value is None:
        return "—"
    return f"{number_format(round(value * 100, 1), 1)}%"


@register.filter
def change(value, kind: str = "") -> str:
    """A change against the week before: "+2", "−1", "±0"; for a rate (kind "rate") in
    percentage points with one decimal; "" when a rate was undefined either week."""
    if value is None:
        return ""
    if kind == "rate":
        value = round(value * 100, 1)
        text = number_format(abs(value), 1)
    else:
        text = number_format(abs(value))
    if not value:
        return f"±{text}"
    return f"{'+' if value > 0 else '−'}{text}"


@register.filter
def stored_name(row: dict, field: str = "name") -> str:
    """A name stored in a report's data (``field`` and ``field``_en) in the active language."""
    return bilingual_name(row.get(field) or "", row.get(f"{field}_en"))


@register.filter
def get(mapping: dict, key: str):
    """A stored report's value by a name held in a variable."""
    return (mapping or {}).get(key)


@register.filter
def split(text: str) -> list[str]:
    return text.split()
