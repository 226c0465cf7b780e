"""The unified social credit code (GB 32100): its form and its check character."""

import pytest
from django.core.exceptions import ValidationError

from frontage import credit_code

# Published codes of real organisations (their check characters computed by the standard).
VALID = ["91350100M000100Y43", "91110000802100433B"]


@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code):
    assert credit_code.validate(code) == code


def test_lower_case_and_spaces_name_the_same_unit():
    assert credit_code.validate(" 91110000802100433b ") == "91110000802100433B"
    assert credit_code.validate("9135 0100 M000 100Y 43") == "91350100M000100Y43"


def errors(code):
    with pytest.raises(ValidationError) as caught:
        credit_code.validate(code)
    return caught.value.code, caught.value.messages[0]


def test_a_wrong_check_character_says_which_is_right(english):
    assert errors("91350100M000100Y44") == (
        "credit_code_check",
        "The credit code's check character is wrong (it should be 3): check the code for a typo.",
    )


def test_the_letter_o_for_the_digit_zero_is_named(english):
    assert errors("91350100MO00100Y43") == (
        "credit_code_character",
        "The letter O is not used in credit codes: did you mean 0?",
    )


def test_other_characters_and_lengths_are_refused(english):
    assert errors("91350100M000100Y4") == (
        "credit_code_length",
        "A unified social credit code has 18 characters; this one has 17.",
    )
    assert errors("91350100M000100Y4-")[0] == "credit_code_character"
    assert errors("")[0] == "credit_code_length"


def test_every_check_character_is_computed_over_the_whole_alphabet():
    # Changing any one of the first seventeen characters changes the check character.
    base = "91350100M000100Y4"
    for position in range(17):
        for char in credit_code.ALPHABET:
            if char != base[position]:
                changed = base[:position] + char + base[position + 1 :]
                assert credit_code.check_character(changed) != "3"
