"""The register's rows: measured frontage, the active-pledge annotation, the database's rules."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from frontage.choices import PledgeStatus
from frontage.models import Unit
from tests.factories import PledgeFactory, UnitFactory, line, point

pytestmark = pytest.mark.django_db


def test_the_frontage_is_measured_and_boxed_with_the_point():
    unit = UnitFactory(location=point(dy=0.001), frontage=line(length=0.001))
    assert unit.frontage_m == pytest.approx(97.5, abs=1)  # 0.001° of longitude at 28.9° N
    assert (unit.min_lat, unit.max_lat) == pytest.approx((28.90, 28.901))
    unit.frontage = None
    unit.save(update_fields=["frontage"])
    unit.refresh_from_db()
    assert unit.frontage_m is None and unit.min_lat == pytest.approx(28.901)


def test_the_active_pledge_and_its_end_come_with_the_unit():
    soon = PledgeFactory(ends=datetime.date(2026, 12, 31)).unit
    later = PledgeFactory(ends=datetime.date(2027, 6, 30)).unit
    PledgeFactory(unit=later, status=PledgeStatus.EXPIRED, ends=datetime.date(2026, 12, 10))
    without = UnitFactory()
    rows = {u.pk: (u.pledge_ends, u.pledge_expiring) for u in Unit.objects.with_pledge(datetime.date(2026, 12, 1))}
    assert rows[soon.pk] == (datetime.date(2026, 12, 31), True)  # 30 days ahead: in the window
    assert rows[later.pk] == (datetime.date(2027, 6, 30), False)
    assert rows[without.pk] == (None, False)


def test_one_active_pledge_per_unit_and_one_unit_per_credit_code():
    pledge = PledgeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(unit=pledge.unit)
    UnitFactory(credit_code="91350100M000100Y43")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(credit_code="91350100M000100Y43")
    UnitFactory(credit_code="")
    UnitFactory(credit_code="")  # many units have none


def test_a_pledge_ends_after_it_starts_and_is_signed_unless_a_draft():
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(starts=datetime.date(2026, 5, 1), ends=datetime.date(2026, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(signed=None)
    PledgeFactory(signed=None, status=PledgeStatus.DRAFT)
