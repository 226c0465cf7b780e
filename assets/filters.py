import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AssetKind, AssetStatus
from .models import Asset, Department, Zone


class AssetFilter(django_filters.FilterSet):
    """The registry's filters, shared by the asset list, the map and (later) the API."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AssetKind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssetStatus.choices, empty_label=_("All statuses"))
    zone = django_filters.ModelChoiceFilter(
        label=_("Zone"), queryset=Zone.objects.order_by("code"), empty_label=_("All zones")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.order_by("code"), empty_label=_("All departments")
    )

    class Meta:
        model = Asset
        fields = ["q", "kind", "status", "zone", "department"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
