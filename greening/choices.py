from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assets.choices import AssetKind


class ProjectKind(models.TextChoices):
    STREET_CORNER = "street_corner", _("Street-corner landscape")
    GREEN_SPACE = "green_space", _("Green-space works")
    ROAD = "road", _("Road resurfacing")
    LOT_GREENING = "lot_greening", _("Vacant-lot greening")
    LOT_BEAUTIFYING = "lot_beautifying", _("Vacant-lot beautifying")
    LOT_HARDENING = "lot_hardening", _("Vacant-lot hardening")


# What a project becomes in the registry when it is handed over into maintenance.
ASSET_KIND_FOR_PROJECT = {
    ProjectKind.STREET_CORNER: AssetKind.LANDSCAPE,
    ProjectKind.GREEN_SPACE: AssetKind.GREEN_SPACE,
    ProjectKind.ROAD: AssetKind.ROAD_SEGMENT,
    ProjectKind.LOT_GREENING: AssetKind.GREEN_SPACE,
    ProjectKind.LOT_BEAUTIFYING: AssetKind.LANDSCAPE,
    # A hardened lot is kept clean as a landscape piece of the street scene.
    ProjectKind.LOT_HARDENING: AssetKind.LANDSCAPE,
}


class Phase(models.TextChoices):
    """A project's phases, in the order they follow each other."""

    PLANNING = "planning", _("Planning")
    DESIGN = "design", _("Design")
    TENDER = "tender", _("Tender")
    # A phase, not the zones' "Construction" (a construction area): its own Chinese.
    CONSTRUCTION = "construction", pgettext_lazy("project phase", "Construction")
    ACCEPTANCE = "acceptance", _("Acceptance")
    HANDED_OVER = "handed_over", _("Handed over")


PHASE_ORDER = list(Phase)


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    RENDERING = "rendering", _("Rendering")
