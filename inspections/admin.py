"""The inspections admin: the catalogue (deadlines and re-inspection days) edited freely;
rounds; findings and re-inspections moved only through the services (actions, and the
forms that call them), their history read-only. Nothing of the loop is deleted."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.uploads import process_photo

from . import services
from .choices import PhotoStage, ReinspectionResult, ReinspectionStatus
from .models import ApiKey, Category, Finding, Photo, Reinspection, Round, Step
from .models.open311 import hash_key, new_key


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "deadline", "rebound_offsets", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name", "name_en"]

    @admin.display(description=_("disposal deadline"))
    def deadline(self, category):
        return category.deadline_text()

    def has_delete_permission(self, request, obj=None):
        return False  # findings keep their category: retire it (active) instead


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["date", "area", "inspector_names", "result"]
    list_filter = ["date"]
    date_hierarchy = "date"
    filter_horizontal = ["inspectors"]
    autocomplete_fields = ["zone", "village", "road"]
    fields = ["date", "inspectors", "zone", "village", "road", "area", "notes"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_finding_count()
            .select_related("zone", "village", "road")
            .prefetch_related("inspectors")
        )

    @admin.display(description=_("area"))
    def area(self, round):
        return round.area_text()

    @admin.display(description=_("inspectors"))
    def inspector_names(self, round):
        return ", ".join(user.get_username() for user in round.inspectors.all())

    @admin.display(description=_("result"))
    def result(self, round):
        if round.nothing_found():
            return _("Nothing found")
        return ngettext("%(count)d finding", "%(count)d findings", round.finding_count) % {"count": round.finding_count}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = readonly_fields = ["at", "kind", "before", "after", "by", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# A re-inspection's photo comes with its record (ReinspectionAdmin), not on its own.
ADMIN_STAGES = (PhotoStage.BEFORE, PhotoStage.AFTER)


class PhotoForm(forms.ModelForm):
    """A photo added in the admin goes through core.uploads (checked here, stored by
    services.store_photo), as every upload."""

    image = forms.FileField(label=_("image"))
    stage = forms.ChoiceField(label=_("stage"), choices=[(stage, stage.label) for stage in ADMIN_STAGES])

    class Meta:
        model = Photo
        fields = ["stage", "image"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        process_photo(image)  # refuses what is not a photo, with its message
        image.seek(0)
        return image


class PhotoFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        adding = sum(1 for form in self.extra_forms if form.has_changed() and not self._should_delete_form(form))
        if adding:
            services.check_photo_room(self.instance, adding)


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoForm
    formset = PhotoFormSet
    extra = 0
    can_delete = False
    fields = ["stage", "image", "taken", "uploaded_by", "created"]
    readonly_fields = ["taken", "uploaded_by", "created"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False  # a photo is evidence: added, never replaced


class ReinspectionInline(admin.TabularInline):
    model = Reinspection
    extra = 0
    fields = readonly_fields = ["offset", "due", "status", "checked_by", "checked", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FindingAddForm(forms.ModelForm):
    """A finding registered in the admin, through services.register: its place checked
    and placed in a zone here, so that a bad one is an error on the form."""

    photo = forms.FileField(label=_("photo of the problem"), required=False)

    class Meta:
        model = Finding
        fields = ["category", "round", "asset", "point", "severity", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].required = False
        self.fields["point"].help_text = _("A GeoJSON point in WGS84; leave it empty to use the asset's place.")

    def clean(self):
        data = super().clean()
        if "point" in self.errors:
            return data
        try:
            if data.get("category") is not None:
                services.check_category(data["category"])
            point = services.place_of(data.get("point"), data.get("asset"))
            services.zone_for(point, data.get("asset"))
        except ValidationError as error:
            self.add_error(None, error)
        if data.get("photo"):
            process_photo(data["photo"])
            data["photo"].seek(0)
        return data


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["pk", "category", "zone", "status", "party", "deadline", "overdue", "escalation", "created"]
    list_filter = ["status", "source", "category", "zone", "severity"]
    list_select_related = ["category", "zone", "crew", "department", "unit"]
    search_fields = ["description"]
    date_hierarchy = "created"
    autocomplete_fields = ["asset"]
    inlines = [PhotoInline, StepInline, ReinspectionInline]
    actions = ["accept", "dispatch", "close", "reject", "send_back", "void", "clear"]
    # Status, party, deadline… change only through the services (the actions).
    readonly_fields = [
        "category", "round", "source", "point", "asset", "zone", "severity", "description", "status", "crew",
        "department", "unit", "door_check", "door_duty", "dispatched", "deadline", "disposed", "closed",
        "rework_count", "rebound_of", "rebound_number", "escalated", "escalation_cleared", "cleared_note", "work_order",
        "reinspections_scheduled", "reported_by", "created", "updated",
    ]  # fmt: skip

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = FindingAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*FindingAddForm.Meta.fields, "photo"]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_("party"))
    def party(self, finding):
        return finding.party or "—"

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, finding):
        return finding.is_overdue()

    @admin.display(description=_("escalated"), boolean=True)
    def escalation(self, finding):
        return finding.is_escalated()

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of a finding is edited here: the actions move it
        data = form.cleaned_data
        finding = services.register(
            request.user, data["category"], data["description"], point=data.get("point"), asset=data.get("asset"),
            severity=data["severity"], round=data.get("round"), photos=[data["photo"]] if data.get("photo") else [],
        )  # fmt: skip
        obj.pk = obj.id = finding.pk

    def save_formset(self, request, form, formset, change):
        if formset.model is not Photo:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for photo_form in formset.extra_forms:
            if photo_form.has_changed():
                data = photo_form.cleaned_data
                formset.new_objects.append(
                    services.store_photo(form.instance, data["image"], data["stage"], request.user)
                )

    def has_delete_permission(self, request, obj=None):
        return False  # a finding is voided, never deleted

    # --- Actions, each through its service ---------------------------------------------------

    def _each(self, request, queryset, workflow, done_message: str) -> None:
        done = 0
        for finding in queryset:
            try:
                workflow(finding)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                text = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"#{finding.pk}: {text}", messages.WARNING)
        self.message_user(request, done_message % {"count": done})

    @admin.action(description=_("Accept the selected public reports"), permissions=["change"])
    def accept(self, request, queryset):
        self._each(request, queryset, lambda f: services.accept_report(f, request.user), _("Accepted: %(count)d."))

    @admin.action(description=_("Dispatch to the suggested party"), permissions=["change"])
    def dispatch(self, request, queryset):
        self._each(request, queryset, lambda f: services.dispatch(f, request.user), _("Dispatched: %(count)d."))

    @admin.action(description=_("Verify and close"), permissions=["change"])
    def close(self, request, queryset):
        self._each(request, queryset, lambda f: services.verify(f, request.user, accept=True), _("Closed: %(count)d."))

    def _with_reason(self, request, queryset, title: str, workflow, done_message: str):
        """An action that needs a reason: a page asks for it, then the workflow runs."""
        if "reason" in request.POST:
            reason = request.POST["reason"]
            self._each(request, queryset, lambda f: workflow(f, reason), done_message)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "findings": queryset,
            "action": request.POST["action"],
            "opts": self.model._meta,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/inspections/reason.html", context)

    @admin.action(description=_("Reject the selected public reports…"), permissions=["change"])
    def reject(self, request, queryset):
        return self._with_reason(
            request, queryset, _("Reject the reports"),
            lambda f, reason: services.reject_report(f, request.user, reason), _("Rejected: %(count)d."),
        )  # fmt: skip

    @admin.action(description=_("Send back for rework…"), permissions=["change"])
    def send_back(self, request, queryset):
        return self._with_reason(
            request, queryset, _("Send back for rework"),
            lambda f, reason: services.verify(f, request.user, accept=False, reason=reason),
            _("Sent back: %(count)d."),
        )  # fmt: skip

    @admin.action(description=_("Void…"), permissions=["change"])
    def void(self, request, queryset):
        return self._with_reason(
            request, queryset, _("Void the findings"),
            lambda f, reason: services.void(f, request.user, reason), _("Voided: %(count)d."),
        )  # fmt: skip

    @admin.action(description=_("Clear the escalation…"), permissions=["change"])
    def clear(self, request, queryset):
        return self._with_reason(
            request, queryset, _("Clear the escalations"),
            lambda f, note: services.clear_escalation(f, request.user, note), _("Cleared: %(count)d."),
        )  # fmt: skip


class ReinspectionForm(forms.ModelForm):
    """Recording a scheduled re-inspection (services.record_reinspection)."""

    result = forms.ChoiceField(label=_("result"), choices=ReinspectionResult.choices, widget=forms.RadioSelect)
    photo = forms.FileField(label=_("photo"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Reinspection
        fields = []

    def clean(self):
        data = super().clean()
        if "result" not in data:
            return data
        try:
            data["note"] = services.check_reinspection(data["result"], data.get("photo"), data.get("note", ""))
            if data.get("photo"):
                process_photo(data["photo"])
                data["photo"].seek(0)
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(Reinspection)
class ReinspectionAdmin(admin.ModelAdmin):
    list_display = ["due", "finding", "offset", "status", "checked_by", "checked"]
    list_filter = ["status", "offset"]
    list_select_related = ["finding__category", "checked_by"]
    date_hierarchy = "due"
    base_fields = ["finding", "offset", "due", "status", "checked_by", "checked", "note"]

    def has_add_permission(self, request):
        return False  # closing a finding schedules them

    def has_delete_permission(self, request, obj=None):
        return False

    def _open(self, obj) -> bool:
        return obj is not None and obj.status == ReinspectionStatus.SCHEDULED

    def get_form(self, request, obj=None, **kwargs):
        if self._open(obj):
            kwargs["form"] = ReinspectionForm
            kwargs["fields"] = ["result", "photo", "note"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if self._open(obj):
            return ["finding", "offset", "due", "result", "photo", "note"]
        return self.base_fields

    def get_readonly_fields(self, request, obj=None):
        return ["finding", "offset", "due"] if self._open(obj) else self.base_fields

    def save_model(self, request, obj, form, change):
        if not self._open(Reinspection.objects.get(pk=obj.pk)):
            return
        data = form.cleaned_data
        again = services.record_reinspection(
            obj, request.user, data["result"], photo=data.get("photo"), note=data["note"], now=timezone.now()
        )
        if again is not None:
            self.message_user(
                request, _("A rebound: finding #%(finding)s opened and dispatched.") % {"finding": again.pk}
            )


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Open311 keys: a key added here is shown once, on saving; only its hash is kept.
    A key is refused by unticking "active", never deleted (the row says who had one)."""

    list_display = ["name", "active", "created"]
    list_filter = ["active"]
    search_fields = ["name"]
    readonly_fields = ["created"]

    def save_model(self, request, obj, form, change):
        key = None
        if not change:
            key = new_key()
            obj.key_hash = hash_key(key)
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(
                request,
                _("The key of %(name)s is %(key)s: copy it now, it is not shown again.")
                % {"name": obj.name, "key": key},
            )

    def has_delete_permission(self, request, obj=None):
        return False
