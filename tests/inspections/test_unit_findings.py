"""A door unit's findings: its page links the findings list filtered by the unit (through
settings.UNIT_LINKS; frontage imports nothing of inspections), and the list's ``unit``
filter finds those dispatched to it, reported at it and opened from its checks."""

import pytest
from django.db import connection
from django.urls import reverse

from inspections import services
from inspections.models import Finding
from tests.factories import UnitFactory, point

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

LIST = "/inspections/findings/"


def listed(response) -> list[int]:
    return [finding.pk for finding in response.context["page"]]


def test_the_unit_page_links_its_findings(signed_in, crew_member, zones):
    unit = UnitFactory(zone=zones[0])
    page = signed_in(crew_member).get(reverse("unit-detail", args=[unit.pk]))
    url = f"{LIST}?unit={unit.pk}"
    assert ("Findings about this unit", url) in page.context["links"]
    assert f'href="{url}"' in page.content.decode()


def test_the_unit_filter(signed_in, inspector, rubbish, zones):
    shop, other = UnitFactory(zone=zones[0], name="文溪小吃"), UnitFactory(zone=zones[0])
    dispatched = services.register(inspector, rubbish, "a", point=point(0.005, 0.005))
    services.dispatch(dispatched, inspector, unit=shop)
    reported = services.report(rubbish, "b", unit=shop)
    services.dispatch(services.register(inspector, rubbish, "c", point=point(0.005, 0.005)), inspector, unit=other)
    services.register(inspector, rubbish, "d", point=point(0.005, 0.005))
    client = signed_in(inspector)

    response = client.get(LIST, {"unit": shop.pk})
    assert listed(response) == [reported.pk, dispatched.pk]
    body = response.content.decode()
    # The unit named above the list, its number kept by the filter form (hidden).
    assert f'<a href="{reverse("unit-detail", args=[shop.pk])}">文溪小吃</a>' in body
    assert f'<input type="hidden" name="unit" value="{shop.pk}"' in body
    assert listed(client.get(LIST, {"unit": shop.pk, "status": "pending"})) == [reported.pk]
    bad = client.get(LIST, {"unit": 987654})
    assert listed(bad) == [] and bad.context["filter"].errors
    assert Finding.objects.count() == 4


def test_the_unit_filter_reads_its_index(zones):
    """An index on the unit serves the filter (finding_unit_status, or the foreign key's)."""
    unit = UnitFactory(zone=zones[0])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Finding.objects.filter(unit=unit).explain()
    assert "Index Cond: (unit_id = " in plan
