"""A door unit's rating from its recent checks: the rule, in one place.

The last ``RECENT`` checks done (newest first) decide, by how many of the three duties
each failed:
- none done yet: **unrated**;
- **red**: the latest check failed two or three duties, or at least two of the recent
  checks failed something;
- **yellow**: one recent check failed one or more duties (a lapse, once);
- **green**: every recent check passed all three.

Only checks count, never the calendar: a rating changes when a check is recorded, so the
stored rating (``Unit.rating``) is always the rule applied to the unit's history.
"""

from django.utils.translation import gettext_lazy as _

from .choices import Rating

RECENT = 3

# Said on the unit's page and the public page, in the reader's language.
RULE_TEXT = _(
    "From the last three checks: red when the latest failed two or three duties, or when two "
    "of them failed any duty; yellow when one of them failed; green when all passed."
)


def rate(failures: list[int]) -> Rating:
    """The rating for these checks' failed-duty counts, newest first (only the first
    ``RECENT`` count)."""
    recent = failures[:RECENT]
    if not recent:
        return Rating.UNRATED
    failed = sum(1 for count in recent if count > 0)
    if recent[0] >= 2 or failed >= 2:
        return Rating.RED
    if failed == 1:
        return Rating.YELLOW
    return Rating.GREEN
