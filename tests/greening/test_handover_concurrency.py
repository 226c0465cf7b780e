"""Two hand-overs of one project at the same moment, each on its own PostgreSQL
connection: the project's row lock makes the second wait and find it handed over.

Transactional tests, as tests/maintenance/test_concurrency.py (whose run_at_once they use)."""

import pytest

from assets.models import Asset
from greening import services
from greening.choices import Phase
from greening.models import PhaseChange, Project, ProjectAsset
from maintenance.models import Plan
from tests.maintenance.test_concurrency import run_at_once

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.usefixtures("frozen")]


def test_two_hand_overs_at_once_make_one_asset_and_its_plans(accepted_project, planner):
    results = run_at_once(lambda: services.hand_over(accepted_project, planner).created)

    assert sorted(results) == [False, True]
    assert Asset.objects.count() == ProjectAsset.objects.count() == 1
    assert Plan.objects.filter(corrective=False).count() == 4
    assert PhaseChange.objects.count() == 1
    assert Project.objects.get(pk=accepted_project.pk).phase == Phase.HANDED_OVER
