"""A contact's phone number: a mainland mobile (11 digits, 1[3-9]…) or a landline with
its area code (0 and two or three digits, then seven or eight), as people write them:
spaces and hyphens between the groups are allowed and dropped."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")
SEPARATORS = re.compile(r"[\s\-]")


def normalize(value: str) -> str:
    """Spaces dropped; a landline keeps one hyphen after its area code (0579-85123456)."""
    digits = SEPARATORS.sub("", value)
    if LANDLINE.fullmatch(digits) and "-" in value:
        area = value.strip().split("-", 1)[0].replace(" ", "")
        return f"{area}-{digits[len(area) :]}"
    return digits


def validate_phone(value: str) -> None:
    """Raise a ValidationError that says what a phone number should look like."""
    digits = SEPARATORS.sub("", value)
    if not digits:
        return
    if MOBILE.fullmatch(digits) or LANDLINE.fullmatch(digits):
        return
    raise ValidationError(
        _(
            "Enter a mainland mobile number (11 digits starting 13–19, e.g. 13912345678) "
            "or a landline with its area code (e.g. 0579-85123456)."
        ),
        code="phone",
    )
