"""parse_bbox(): four numbers, west,south,east,north in WGS84 degrees, or a refusal that
says so."""

import pytest
from django.core.exceptions import ValidationError

from assets.geometry import parse_bbox

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("120.0,28.8,120.1,28.95", (120.0, 28.8, 120.1, 28.95)),
        (" 120.0 , 28.8,120.1 ,28.95 ", (120.0, 28.8, 120.1, 28.95)),
        ("-180,-90,180,90", (-180.0, -90.0, 180.0, 90.0)),
        ("120.05,28.9,120.05,28.9", (120.05, 28.9, 120.05, 28.9)),
        ("1e2,-1.5e1,1.2e2,0", (100.0, -15.0, 120.0, 0.0)),
    ],
    ids=["plain", "spaces", "world", "a-point", "exponents"],
)
def test_parse_bbox_reads_west_south_east_north(text, expected):
    assert parse_bbox(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "120,28,121",
        "120,28,121,29,30",
        "west,south,east,north",
        "120,28,121,",
        "",
        "120;28;121;29",
        "nan,28,121,29",
        "120,28,inf,29",
        "120,-Infinity,121,29",
    ],
    ids=["three", "five", "letters", "blank-part", "empty", "semicolons", "nan", "inf", "minus-infinity"],
)
def test_parse_bbox_refuses_anything_but_four_numbers(text):
    with pytest.raises(ValidationError) as caught:
        parse_bbox(text)

    assert caught.value.code == "bbox"
    assert caught.value.messages == ["bbox must be four numbers: west,south,east,north."]


@pytest.mark.parametrize(
    "text",
    ["121,28,120,29", "120,29,121,28", "120,28,121,95", "120,-95,121,29", "120,90.5,121,91"],
    ids=["west-east-swapped", "south-north-swapped", "north-95", "south-minus-95", "both-above-90"],
)
def test_parse_bbox_refuses_out_of_order_or_range(text):
    with pytest.raises(ValidationError) as caught:
        parse_bbox(text)

    assert caught.value.code == "bbox"
    assert caught.value.messages == ["bbox is out of order or out of range: west,south,east,north in WGS84 degrees."]
