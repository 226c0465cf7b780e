"""factory-boy factories for the registry; geometries near the zone (28.90° N, 120.05° E)."""

import datetime

import factory
from django.contrib.auth import get_user_model

from assets.choices import AssetKind, ZoneType
from assets.models import Asset, Department, Zone

LON, LAT = 120.05, 28.90


def point(dx: float = 0.0, dy: float = 0.0) -> dict:
    return {"type": "Point", "coordinates": [LON + dx, LAT + dy]}


def line(dx: float = 0.0, dy: float = 0.0, length: float = 0.005) -> dict:
    return {"type": "LineString", "coordinates": [[LON + dx, LAT + dy], [LON + dx + length, LAT + dy]]}


def square(dx: float = 0.0, dy: float = 0.0, size: float = 0.001) -> dict:
    x, y = LON + dx, LAT + dy
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


# Multi-part geometries near the zone.
MULTI_POINT = {"type": "MultiPoint", "coordinates": [[LON, LAT], [LON + 0.001, LAT + 0.001]]}
MULTI_LINE = {
    "type": "MultiLineString",
    "coordinates": [[[LON, LAT], [LON + 0.001, LAT]], [[LON, LAT + 0.001], [LON + 0.001, LAT + 0.001]]],
}
MULTI_POLYGON = {
    "type": "MultiPolygon",
    "coordinates": [square()["coordinates"], square(dx=0.01)["coordinates"]],
}


GEOMETRY_FOR_KIND = {
    AssetKind.EQUIPMENT: point,
    AssetKind.LANDSCAPE: point,
    AssetKind.GREEN_SPACE: square,
    AssetKind.ROAD_SEGMENT: line,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-password")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"部门{n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    code = factory.Sequence(lambda n: f"zone-{n}")
    name = factory.Sequence(lambda n: f"责任区{n}")
    type = ZoneType.ROADS_GREENING
    lead = factory.SubFactory(DepartmentFactory)


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    code = factory.Sequence(lambda n: f"A-{n:05d}")
    name = factory.Sequence(lambda n: f"设施{n}")
    kind = AssetKind.EQUIPMENT
    department = factory.SubFactory(DepartmentFactory)
    zone = factory.SubFactory(ZoneFactory)
    geometry = factory.LazyAttribute(lambda asset: GEOMETRY_FOR_KIND[asset.kind]())


class UnitFactory(factory.django.DjangoModelFactory):
    """A door-pledge unit (frontage) with a point and a frontage line beside it."""

    class Meta:
        model = "frontage.Unit"

    code = factory.Sequence(lambda n: f"U-{n:05d}")
    name = factory.Sequence(lambda n: f"商铺{n}")
    kind = "shop"
    zone = factory.SubFactory(ZoneFactory)
    location = factory.LazyFunction(point)
    frontage = factory.LazyFunction(lambda: line(length=0.0001))
    contact_name = "王建国"
    contact_phone = "13912345678"


class PledgeFactory(factory.django.DjangoModelFactory):
    """An active pledge of a unit for a year from 2026-01-01."""

    class Meta:
        model = "frontage.Pledge"

    unit = factory.SubFactory(UnitFactory)
    starts = datetime.date(2026, 1, 1)
    ends = datetime.date(2026, 12, 31)
    sanitation = "门前整洁"
    greening = "爱护绿化"
    order = "不出店经营"
    signed = datetime.date(2025, 12, 20)
    status = "active"
