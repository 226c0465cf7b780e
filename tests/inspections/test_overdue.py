"""The overdue rule (dispatched and past its deadline), once as a method and once as a
filter; the nightly job and its command."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from inspections import services, tasks
from inspections.models import Finding, overdue_condition
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def test_a_dispatched_finding_is_overdue_after_its_deadline(dispatched, frozen):
    # Rubbish: 4 working hours from 09:00, so due at 14:30.
    assert dispatched.deadline == at(TODAY, 14).replace(minute=30)
    for hour, overdue in [(14, False), (15, True)]:
        frozen.move_to(at(TODAY, hour))
        assert dispatched.is_overdue() is overdue
        assert list(Finding.objects.overdue()) == ([dispatched] if overdue else [])
        assert Finding.objects.filter(overdue_condition(at(TODAY, hour))).exists() is overdue


def test_a_disposed_finding_is_not_overdue(dispatched, inspector, frozen):
    services.dispose(dispatched, inspector, "Cleared", photos=[photo()])
    frozen.move_to(at(TODAY, 18))

    assert not Finding.objects.get(pk=dispatched.pk).is_overdue()
    assert not Finding.objects.overdue().exists()


def test_the_nightly_job_says_what_it_did(closed):
    Finding.objects.update(reinspections_scheduled=None)
    closed.reinspections.all().delete()

    assert tasks.schedule_reinspections_job("2026-09-29T01:15:00+08:00") == (
        "[2026-09-29T01:15:00+08:00] scheduled the re-inspections of 1 closed findings"
    )
    out = io.StringIO()
    call_command("schedule_reinspections", stdout=out)
    assert out.getvalue() == "[manual] scheduled the re-inspections of 0 closed findings\n"
    assert closed.reinspections.count() == 3


def test_a_finding_takes_as_many_photos_as_a_work_order(finding, inspector, settings):
    settings.PHOTOS_PER_ORDER = 2
    services.store_photo(finding, photo(), "before", inspector)
    services.store_photo(finding, photo(), "before", inspector)

    with pytest.raises(ValidationError, match="A finding may have at most 2 photos."):
        services.store_photo(finding, photo(), "before", inspector)
    assert finding.photos.count() == 2
