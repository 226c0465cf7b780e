"""The worst ten places: the responsibility zones with the most findings and rebounds."""

import dataclasses

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from assets.models import Zone
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
