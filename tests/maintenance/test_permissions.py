"""Who may act on a crew's work: queries.may_lead (reassigning, the calendar address)."""

import pytest

from maintenance.queries import may_lead

pytestmark = pytest.mark.django_db


def test_a_crew_is_led_by_its_leaders_and_by_managers(crew_of_member, crew_member, manager, outsider, inspector):
    leader = crew_of_member.memberships.get(is_leader=True).user

    assert [may_lead(user, crew_of_member.pk) for user in (leader, manager, crew_member, outsider, inspector)] == [
        True,
        True,
        False,
        False,
        False,
    ]
