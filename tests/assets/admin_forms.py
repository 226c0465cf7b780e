"""Helpers for the tests of the admin's asset form (test_admin_pages, test_admin_add_asset,
test_admin_bad_input): what the browser posts, and what the page shows back."""

import json

from django.urls import reverse
from django.utils.html import escape

from assets.choices import AssetKind, AssetStatus
from assets.models import Asset, EquipmentDetail, RoadDetail
from tests.factories import GEOMETRY_FOR_KIND

ADD_URL = reverse("admin:assets_asset_add")
DETAIL_PREFIXES = ["equipment", "landscape", "green_space", "road"]


def management_form(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000" if prefix == "photos" else "1",
    }


def add_form(place, *, kind=AssetKind.EQUIPMENT, geometry=None, details=None, **fields) -> dict:
    """What the browser posts for a new asset: every kind's inline, left as rendered
    (defaults included) except the ``details`` typed into one of them, e.g.
    ``details={"road": {"road_name": "…"}}``."""
    department, zone = place
    if geometry is None:
        geometry = GEOMETRY_FOR_KIND[kind]()
    data = {
        "code": "NEW-1",
        "name": "新设施",
        "kind": kind,
        "status": AssetStatus.IN_SERVICE,
        "parent": "",
        "department": department.pk,
        "zone": zone.pk,
        "commissioned": "",
        "notes": "",
        "geometry": geometry if isinstance(geometry, str) else json.dumps(geometry),
        **fields,
    }
    for prefix in DETAIL_PREFIXES:
        data.update(management_form(prefix, 1))
        data[f"{prefix}-0-asset"] = ""
    # Rendered defaults of the blank inlines (an untouched inline is skipped, not saved).
    data["equipment-0-capacity_unit"] = "t/d"
    data.update(management_form("photos", 0))
    for prefix, values in (details or {}).items():
        data.update({f"{prefix}-0-{name}": value for name, value in values.items()})
    return data


def errors_shown(response) -> dict:
    """The main form's errors and each inline's, as the page shows them."""
    shown = {"form": response.context["adminform"].form.errors}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        shown[formset.prefix] = [form.errors for form in formset.forms if form.errors] + (
            [formset.non_form_errors()] if formset.non_form_errors() else []
        )
    return shown


def assert_refused(response, message: str, count: int):
    assert response.status_code == 200, "a refused form is shown again, not redirected"
    assert escape(message) in response.content.decode()
    assert Asset.objects.count() == count
    assert not EquipmentDetail.objects.exists() and not RoadDetail.objects.exists()
