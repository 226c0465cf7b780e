"""The place inspectors work in, for the inspections tests.

Two responsibility zones side by side with their boundaries drawn: roads and greening
(led by municipal works, assisted by law enforcement) and, to the east beyond a gap,
the villages (led by social development). The sanitation crew (municipal works, with
the crew_member in it) sweeps the litter bin BIN-1 in the roads zone under a plan.
A department that answers for neither zone: economic development.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.choices import ZoneType
from inspections import services
from inspections.models import Category
from maintenance.models import CrewMembership
from tests.factories import DepartmentFactory, ZoneFactory, point, square
from tests.images import png
from tests.maintenance.factories import CrewFactory, equipment
from tests.maintenance.plan_pages import make_plan

# The roads zone spans 0.01° from the origin of tests.factories (about 1 km); the
# villages zone starts 0.02° east, so a point at 0.015° east lies between them.
ROADS_SQUARE = square(size=0.01)
VILLAGES_SQUARE = square(dx=0.02, size=0.01)


def photo(name: str = "place.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png(), content_type="image/png")


@pytest.fixture
def municipal(db):
    return DepartmentFactory(code="municipal", name="市政", name_en="Municipal works")


@pytest.fixture
def law(db):
    return DepartmentFactory(code="law", name="行政执法局", name_en="Law Enforcement Bureau")


@pytest.fixture
def social(db):
    return DepartmentFactory(code="social", name="社会发展局", name_en="Social Development Bureau")


@pytest.fixture
def economic(db):
    return DepartmentFactory(code="economic", name="经济发展局", name_en="Economic Development Bureau")


@pytest.fixture
def roads(municipal, law):
    zone = ZoneFactory(
        code="roads", name="道路及绿化", type=ZoneType.ROADS_GREENING, lead=municipal, boundary=ROADS_SQUARE
    )
    zone.assisting.add(law)
    return zone


@pytest.fixture
def villages(social):
    return ZoneFactory(code="villages", name="村庄", type=ZoneType.VILLAGES, lead=social, boundary=VILLAGES_SQUARE)


@pytest.fixture
def zones(roads, villages):
    return roads, villages


@pytest.fixture
def sanitation(municipal, crew_member):
    crew = CrewFactory(code="sanitation", name="环卫一班", name_en="Sanitation crew", department=municipal)
    CrewMembership.objects.create(crew=crew, user=crew_member)
    return crew


@pytest.fixture
def litter_bin(roads, municipal):
    return equipment(code="BIN-1", name="东门垃圾箱", zone=roads, department=municipal, geometry=point(0.002, 0.002))


@pytest.fixture
def sweeping(sanitation, litter_bin):
    """The sanitation crew's plan on the litter bin: the bin is theirs."""
    return make_plan(sanitation, [litter_bin])


@pytest.fixture
def rubbish(db):
    return Category.objects.get(code="exposed-rubbish")  # 4 working hours, seeded by migration 0002


@pytest.fixture
def shed(db):
    return Category.objects.get(code="illegal-building")  # 5 working days


@pytest.fixture
def finding(inspector, rubbish, zones):
    """Rubbish in the roads zone, registered by the inspector."""
    return services.register(inspector, rubbish, "Rubbish piled by the gate", point=point(0.005, 0.005))


@pytest.fixture
def dispatched(finding, inspector):
    return services.dispatch(finding, inspector)


@pytest.fixture
def disposed(dispatched, inspector):
    return services.dispose(dispatched, inspector, "Cleared", photos=[photo()])


@pytest.fixture
def closed(disposed, inspector):
    return services.verify(disposed, inspector, accept=True)
