import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assets.models import Village, Zone

from .choices import PledgeStatus, Rating, UnitKind
from .models import EXPIRY_WINDOW_DAYS, Pledge, Unit

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class UnitFilter(django_filters.FilterSet):
    """The register's filters, shared by the unit list and its map. Each reads an index:
    the text the trigram indexes of migration 0003, zone ``unit_zone_rating``, village its
    foreign key's, kind ``unit_kind_rating``, rating ``unit_rating``, active
    ``unit_active_code``, and the pledges ending soon ``pledge_active_ends``."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    zone = django_filters.ModelChoiceFilter(
        label=_("Zone"), queryset=Zone.objects.order_by("code"), empty_label=_("All zones")
    )
    village = django_filters.ModelChoiceFilter(
        label=_("Village or community"), queryset=Village.objects.order_by("code"), empty_label=_("All villages")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices, empty_label=_("All kinds"))
    rating = django_filters.ChoiceFilter(label=_("Rating"), choices=Rating.choices, empty_label=_("All ratings"))
    active = django_filters.ChoiceFilter(
        label=_("Active"), choices=YES_NO, empty_label=_("Active or closed"), method="filter_active"
    )
    expiring = django_filters.ChoiceFilter(
        label=_("Pledge"),
        choices=[("yes", _("Ending within 30 days"))],
        empty_label=_("Any"),
        method="filter_expiring",
    )

    class Meta:
        model = Unit
        fields = ["q", "zone", "village", "kind", "rating", "active", "expiring"]

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | Q(name__icontains=value)
            | Q(credit_code__icontains=value)
            | Q(address__icontains=value)
        )

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes") if value else queryset

    def filter_expiring(self, queryset, name, value):
        if value != "yes":
            return queryset
        ending = Pledge.objects.filter(
            status=PledgeStatus.ACTIVE, ends__lte=self.today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
        )
        return queryset.filter(pk__in=ending.values("unit"))
