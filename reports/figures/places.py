"""The worst ten places: the responsibility zones with the most findings and rebounds."""

import dataclasses

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.models import Zone
from core.models import bilingual_name
from inspections.choices import FindingStatus
from inspections.models import Finding

from ..periods import Period
from .common import Filters, link, moments

PLACES_TEXT = _(
    "The ten responsibility zones with the most findings found in the period (public "
    "reports not accepted and voided findings left out), each rebound counted once more."
)


@dataclasses.dataclass
class Place:
    zone: Zone
    findings: int
    rebounds: int
    link: str
    rebounds_link: str

    @property
    def score(self) -> int:
        return self.findings + self.rebounds


def worst_places(period: Period, filters: Filters, limit: int = 10) -> list[Place]:
    """Two queries: the zones' counts (ranked and cut in the database), their names."""
    start, end = moments(period)
    findings = Finding.objects.filter(created__gte=start, created__lt=end).exclude(
        status__in=[FindingStatus.PENDING, FindingStatus.VOIDED]
    )
    if filters.category:
        findings = findings.filter(category=filters.category)
    if filters.zone:
        findings = findings.filter(zone=filters.zone)
    if filters.department:
        findings = findings.filter(Q(department=filters.department) | Q(crew__department=filters.department))
    if filters.crew:
        findings = findings.filter(crew=filters.crew)
    ranked = list(
        findings.values("zone")
        .annotate(findings=Count("pk"), rebounds=Count("pk", filter=Q(rebound_of__isnull=False)))
        .annotate(score=F("findings") + F("rebounds"))
        .order_by("-score", "zone")[:limit]
    )
    zones = Zone.objects.in_bulk([row["zone"] for row in ranked])
    params = {
        "created_from": period.start.isoformat(),
        "created_to": period.end.isoformat(),
        "stage": "registered",
        **filters.params("category", "department", "crew"),
    }
    return [
        Place(
            zone=zones[row["zone"]],
            findings=row["findings"],
            rebounds=row["rebounds"],
            link=link("finding-list", **params, zone=row["zone"]),
            rebounds_link=link("finding-list", **params, zone=row["zone"], rebounds="yes"),
        )
        for row in ranked
    ]


MAP_LIMIT = 500


def map_features(period: Period, filters: Filters, limit: int = MAP_LIMIT) -> dict:
    """The findings found in the period as a GeoJSON FeatureCollection for the map: open
    (registered or dispatched), disposed (disposed or closed), rebounds (a rebound, in
    whatever status; drawn in its own colour). At most ``limit``, newest first: one query."""
    start, end = moments(period)
    findings = Finding.objects.filter(created__gte=start, created__lt=end).exclude(
        status__in=[FindingStatus.PENDING, FindingStatus.VOIDED]
    )
    if filters.category:
        findings = findings.filter(category=filters.category)
    if filters.zone:
        findings = findings.filter(zone=filters.zone)
    if filters.department:
        findings = findings.filter(Q(department=filters.department) | Q(crew__department=filters.department))
    if filters.crew:
        findings = findings.filter(crew=filters.crew)
    rows = findings.order_by("-created", "-pk").values(
        "pk", "lon", "lat", "status", "rebound_of", "category__name", "category__name_en"
    )[:limit]
    labels = {
        "finding_open": _("Open"),
        "finding_disposed": _("Disposed"),
        "finding_rebound": _("Rebound"),
    }
    features = []
    for row in rows:
        if row["rebound_of"]:
            kind = "finding_rebound"
        elif row["status"] in (FindingStatus.DISPOSED, FindingStatus.CLOSED):
            kind = "finding_disposed"
        else:
            kind = "finding_open"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {
                    "name": bilingual_name(row["category__name"], row["category__name_en"]),
                    "code": f"#{row['pk']}",
                    "kind": kind,
                    "kind_label": str(labels[kind]),
                    "status_label": str(FindingStatus(row["status"]).label),
                    "url": reverse("finding-detail", args=[row["pk"]]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
