"""A unit's rating from its last three checks, at the rule's boundaries."""

import pytest

from frontage.choices import Rating
from frontage.ratings import rate


@pytest.mark.parametrize(
    ("failures", "rating"),
    [
        ([], Rating.UNRATED),
        ([0], Rating.GREEN),
        ([0, 0, 0], Rating.GREEN),
        ([1], Rating.YELLOW),  # one duty failed once
        ([0, 0, 3], Rating.YELLOW),  # an old bad check, alone, is a lapse
        ([2], Rating.RED),  # the latest failed two duties
        ([3, 0, 0], Rating.RED),
        ([1, 1], Rating.RED),  # two recent checks failed
        ([0, 1, 1], Rating.RED),
        ([0, 0, 0, 3, 3], Rating.GREEN),  # only the last three count
        ([0, 1, 0, 1], Rating.YELLOW),
    ],
)
def test_the_rule(failures, rating):
    assert rate(failures) == rating
