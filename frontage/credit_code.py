"""The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from
31 (the digits and the capitals without I, O, Z, S, V), the last a check character
computed from the first seventeen (weights 3^i mod 31; check = 31 − Σ mod 31, 31 → 0)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, …
LENGTH = 18


def check_character(first17: str) -> str:
    """The check character for the first seventeen characters of a code."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(value: str) -> str:
    """A code as people type it, made canonical: spaces dropped, lower case raised (the
    standard's letters are capitals; a lower-case copy names the same unit)."""
    return "".join(value.split()).upper()


def validate(value: str) -> str:
    """The canonical code, or a ValidationError that says what is wrong with it."""
    code = normalize(value)
    if len(code) != LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    wrong = [char for char in code if char not in VALUES]
    if wrong:
        char = wrong[0]
        hint = {"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"}.get(char)
        if hint:
            raise ValidationError(
                _("The letter %(char)s is not used in credit codes: did you mean %(hint)s?"),
                code="credit_code_character",
                params={"char": char, "hint": hint},
            )
        raise ValidationError(
            _("“%(char)s” cannot appear in a credit code (digits and capital letters only)."),
            code="credit_code_character",
            params={"char": char},
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The credit code's check character is wrong (it should be %(expected)s): check the code for a typo."),
            code="credit_code_check",
            params={"expected": expected},
        )
    return code
