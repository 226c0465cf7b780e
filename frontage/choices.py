from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    SHOP = "shop", _("Shop")
    RESTAURANT = "restaurant", _("Restaurant")
    ENTERPRISE = "enterprise", _("Enterprise")
    MARKET_STALL = "market_stall", _("Market stall")
    OTHER = "other", _("Other")


class Duty(models.TextChoices):
    """The three guarantees in front of the door (门前三包)."""

    SANITATION = "sanitation", _("Sanitation")
    GREENING = "greening", _("Greening")
    ORDER = "order", _("Order")


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class Rating(models.TextChoices):
    """A unit's standing from its recent checks (frontage.ratings holds the rule)."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    UNRATED = "unrated", _("Not yet checked")


class CheckStatus(models.TextChoices):
    DUE = "due", _("Due")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
