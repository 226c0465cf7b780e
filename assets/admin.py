from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from core.uploads import process_photo

from .choices import AssetKind
from .models import (
    Asset,
    AssetPhoto,
    Department,
    Enterprise,
    EquipmentDetail,
    GreenSpaceDetail,
    LandscapeDetail,
    RoadDetail,
    Village,
    Zone,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]
    filter_horizontal = ["heads"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "lead"]
    list_filter = ["type", "lead"]
    list_select_related = ["lead"]
    search_fields = ["code", "name", "name_en"]
    filter_horizontal = ["assisting"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "zone", "is_key", "is_demonstration"]
    list_filter = ["is_key", "is_demonstration", "zone"]
    list_select_related = ["zone"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "zone", "village", "above_designated_size", "is_demonstration"]
    list_filter = ["above_designated_size", "is_demonstration", "zone"]
    list_select_related = ["zone", "village"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["village"]


class DetailFormSet(BaseInlineFormSet):
    """Refuses details of another kind than the asset's.

    AssetDetail.clean() cannot do it here: on a new asset the inline's primary-key
    foreign key cleans to None, so the detail does not know its asset yet.
    """

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None or self._should_delete_form(form):
                continue
            if self.instance.kind != self.model.kind:
                raise ValidationError(
                    _("These details are for a %(expected)s, but the asset is a %(kind)s."),
                    code="detail_kind",
                    params={"expected": AssetKind(self.model.kind).label, "kind": self.instance.get_kind_display()},
                )


class DetailInline(admin.StackedInline):
    formset = DetailFormSet
    extra = 1
    max_num = 1


class EquipmentInline(DetailInline):
    model = EquipmentDetail


class LandscapeInline(DetailInline):
    model = LandscapeDetail


class GreenSpaceInline(DetailInline):
    model = GreenSpaceDetail


class RoadInline(DetailInline):
    model = RoadDetail


DETAIL_INLINES = {
    inline.model.kind: inline for inline in (EquipmentInline, LandscapeInline, GreenSpaceInline, RoadInline)
}


class PhotoForm(forms.ModelForm):
    """An asset's photo goes through core.uploads like every upload: checked by its
    content, bytes and pixels, re-encoded as JPEG, stored under a random name."""

    # A plain file field: Django's ImageField would accept any format Pillow identifies
    # (an .eps) and answer a bomb with its own vaguer message before clean_image runs.
    image = forms.FileField(label=_("image"))

    class Meta:
        model = AssetPhoto
        fields = ["image", "caption"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if isinstance(image, UploadedFile):  # a new upload, not the photo already kept
            return process_photo(image).content
        return image


class PhotoInline(admin.TabularInline):
    model = AssetPhoto
    form = PhotoForm
    extra = 0
    fields = ["image", "caption", "uploaded_by", "created"]
    readonly_fields = ["uploaded_by", "created"]


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "status", "zone", "department", "area_m2", "length_m"]
    list_filter = ["kind", "status", "zone", "department"]
    list_select_related = ["zone", "department"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["area_m2", "length_m", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "status", "parent"]}),
        (None, {"fields": ["department", "zone", "commissioned", "notes"]}),
        (None, {"fields": ["geometry", "area_m2", "length_m"]}),
        (None, {"fields": ["created", "updated"]}),
    ]

    def get_inlines(self, request, obj):
        # A new asset offers every kind's details (only its own kind's may be filled in,
        # see DetailFormSet); an existing one its own kind's, plus any left over from a
        # kind it had before, so that they can be deleted.
        if obj is None:
            details = list(DETAIL_INLINES.values())
        else:
            details = [inline for kind, inline in DETAIL_INLINES.items() if kind == obj.kind or obj.detail_of(kind)]
        return [*details, PhotoInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is AssetPhoto:
            for photo_form in formset.forms:
                if photo_form.instance.pk is None:
                    photo_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)
