"""Two nightly rebound jobs at the same moment, each on its own PostgreSQL connection,
make each re-inspection once: the findings are claimed by a conditional update, and the
unique (finding, offset) decides anything left.

Transactional tests, as tests/maintenance/test_concurrency.py (whose run_at_once they use)."""

import pytest
from django.db.models import Count

from inspections import services
from inspections.models import Finding, Reinspection
from tests.factories import point
from tests.inspections.conftest import photo
from tests.maintenance.test_concurrency import run_at_once

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.usefixtures("frozen")]


@pytest.fixture
def closed_findings(inspector, rubbish, zones):
    """Five findings closed, whose re-inspections have not been made (as before a night's run)."""
    findings = []
    for index in range(5):
        finding = services.register(inspector, rubbish, f"Rubbish {index}", point=point(0.001 * index, 0.001))
        services.dispatch(finding, inspector)
        services.dispose(finding, inspector, "Cleared", photos=[photo()])
        services.verify(finding, inspector, accept=True)
        findings.append(finding)
    Reinspection.objects.all().delete()
    Finding.objects.update(reinspections_scheduled=None)
    return findings


def test_two_jobs_at_once_schedule_each_re_inspection_once(closed_findings):
    results = run_at_once(services.schedule_reinspections)

    assert sorted(results) == [0, 5]
    assert Reinspection.objects.count() == 5 * 3
    duplicates = Reinspection.objects.values("finding", "offset").annotate(count=Count("pk")).filter(count__gt=1)
    assert list(duplicates) == []


def test_three_jobs_after_a_run_make_nothing_more(closed_findings):
    services.schedule_reinspections()

    assert run_at_once(services.schedule_reinspections, workers=3) == [0, 0, 0]
    assert Reinspection.objects.count() == 15
