from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import MeterReadingForm, checklist_changes
from .models import (
    CalendarDay,
    CalendarYear,
    ChecklistItem,
    Crew,
    CrewMembership,
    MeterReading,
    Plan,
    PlanTarget,
    TaskType,
    WorkOrder,
    WorkOrderPhoto,
)


@admin.register(TaskType)
class TaskTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


class MembershipInline(admin.TabularInline):
    model = CrewMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Crew)
class CrewAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department"]
    list_select_related = ["department"]
    list_filter = ["department"]
    search_fields = ["code", "name", "name_en"]
    readonly_fields = ["calendar_token"]
    inlines = [MembershipInline]
    actions = ["reset_calendar"]

    @admin.action(description=_("Reset the calendar feed address (the old one stops working)"), permissions=["change"])
    def reset_calendar(self, request, queryset):
        for crew in queryset:
            services.reset_calendar_token(crew)
        self.message_user(request, _("New calendar addresses were made."))


class ChecklistInline(admin.TabularInline):
    """Every item, the retired ones too (they can be brought back). An answered item
    refuses a new label, kind or unit (ChecklistItem.clean); deleting it retires it."""

    model = ChecklistItem
    extra = 1
    fields = ["position", "label", "kind", "unit", "required", "meter", "retired"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The admin refuses to delete a row that protected rows (answers) refer to;
        # services.save_plan retires such an item instead of deleting it, so let it through.
        formset.form.hand_clean_DELETE = lambda form: None
        return formset


class GenerationFilter(admin.SimpleListFilter):
    """Plans whose last generation failed (Plan.generation_failed), or not."""

    title = _("generation")
    parameter_name = "generation"

    def lookups(self, request, model_admin):
        return [("failed", _("Failed")), ("fine", _("Fine"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(generation_failed__isnull=False)
        if self.value() == "fine":
            return queryset.filter(generation_failed__isnull=True)
        return queryset


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "task_type", "crew", "mode", "rrule", "calendar", "paused", "generation"]
    list_filter = ["paused", GenerationFilter, "mode", "calendar", "task_type", "crew"]
    list_select_related = ["task_type", "crew"]
    search_fields = ["name", "instructions"]
    # The chosen assets as ids in one field: a select posts one field per asset, and a
    # plan of a thousand litter bins passed DATA_UPLOAD_MAX_NUMBER_FIELDS (a 400).
    raw_id_fields = ["assets"]
    autocomplete_fields = ["target_zone"]
    inlines = [ChecklistInline]
    actions = ["generate_now", "pause", "resume"]
    fieldsets = [
        (None, {"fields": ["name", "task_type", "crew", "instructions", "estimated_minutes"]}),
        (_("Targets"), {"fields": ["target_mode", "assets", "target_kind", "target_zone"]}),
        (
            _("Recurrence"),
            {"fields": ["mode", "rrule", "start", "due_time", "calendar", "non_working", "meter", "meter_interval"]},
        ),
        (_("Generation"), {"fields": ["horizon_days", "paused", "generation_failed", "generation_error"]}),
    ]
    readonly_fields = ["generation_failed", "generation_error"]

    def get_queryset(self, request):
        # A crew's corrective plan is kept by services.corrective, not edited by hand.
        return super().get_queryset(request).filter(corrective=False)

    @admin.display(description=_("generation"), ordering="generation_failed")
    def generation(self, plan):
        """When and why the plan last failed to generate, or "—"."""
        if plan.generation_failed is None:
            return "—"
        when = date_format(timezone.localtime(plan.generation_failed), "Y-m-d H:i")
        return _("Failed on %(when)s: %(error)s") % {"when": when, "error": Truncator(plan.generation_error).chars(100)}

    def save_model(self, request, obj, form, change):
        pass  # saved with its assets and checklist in save_related, by the one workflow

    def save_related(self, request, form, formsets, change):
        [checklist] = formsets
        changes = checklist_changes(checklist)
        result = services.save_plan(
            form.instance,
            request.user,
            assets=[asset.pk for asset in form.cleaned_data["assets"]],
            checklist=changes,
        )
        self.message_user(request, result.summary())
        if changes.retired:
            self.message_user(request, changes.summary(), messages.WARNING)

    @admin.action(description=_("Generate work orders now"), permissions=["change"])
    def generate_now(self, request, queryset):
        result = services.generate_work_orders(plan_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, result.summary(), messages.WARNING if result.failed else messages.INFO)

    @admin.action(description=_("Pause (cancels future untouched orders)"), permissions=["change"])
    def pause(self, request, queryset):
        cancelled = sum(services.pause_plan(plan, by=request.user) for plan in queryset.filter(paused=False))
        self.message_user(
            request, ngettext("%d work order cancelled.", "%d work orders cancelled.", cancelled) % cancelled
        )

    @admin.action(description=_("Resume"), permissions=["change"])
    def resume(self, request, queryset):
        for plan in queryset.filter(paused=True):
            self.message_user(request, services.resume_plan(plan).summary())


@admin.register(PlanTarget)
class PlanTargetAdmin(admin.ModelAdmin):
    list_display = ["plan", "asset", "active", "generated_through", "meter_baseline", "joined"]
    list_filter = ["active"]
    list_select_related = ["plan", "asset"]
    search_fields = ["plan__name", "asset__code", "asset__name"]
    readonly_fields = ["plan", "asset", "active", "generated_through", "joined"]

    def has_add_permission(self, request):
        return False  # targets follow from the plans (services.sync_targets)


class PhotoInline(admin.TabularInline):
    model = WorkOrderPhoto
    extra = 0
    fields = ["image", "taken", "uploaded_by", "created"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # photos come from the crews' order page (services.add_photo)


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = ["due", "plan", "asset", "crew", "status", "provisional", "rescheduled"]
    list_filter = ["status", "provisional", "crew", "plan__task_type"]
    list_select_related = ["plan", "asset", "crew"]
    search_fields = ["asset__code", "asset__name", "plan__name"]
    date_hierarchy = "due"
    # An order changes only through the workflows (services: the order page, reassigning,
    # moving, the cancel action), never by editing the row: they keep the rules (a closed
    # order's notes stay, the assignee is of the crew, a changed time counts as a move).
    fields = readonly_fields = [
        "plan", "asset", "crew", "occurrence", "due", "due_time", "status", "provisional", "rescheduled",
        "meter_threshold", "assignee", "notes", "minutes_spent", "skip_reason", "cancel_reason", "started", "closed",
        "closed_by", "overdue_notified", "created", "updated",
    ]  # fmt: skip
    actions = ["cancel"]
    inlines = [PhotoInline]

    def has_add_permission(self, request):
        return False  # orders are generated from plans

    @admin.action(description=_("Cancel the selected work orders"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = 0
        for order in queryset:
            try:
                services.cancel_work_order(order, request.user)
                cancelled += 1
            except services.TransitionError as error:
                self.message_user(request, f"{order}: {error.messages[0]}", messages.WARNING)
        self.message_user(
            request, ngettext("%d work order cancelled.", "%d work orders cancelled.", cancelled) % cancelled
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "working", "name"]
    list_filter = ["working"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        self.message_user(request, services.save_calendar_day(obj).summary())

    def delete_model(self, request, obj):
        services.delete_calendar_days(CalendarDay.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_calendar_days(queryset)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "confirmed", "confirmed_by"]
    readonly_fields = ["confirmed", "confirmed_by"]

    def save_model(self, request, obj, form, change):
        self.message_user(request, services.confirm_year(obj, request.user).summary())


@admin.register(MeterReading)
class MeterReadingAdmin(admin.ModelAdmin):
    form = MeterReadingForm
    list_display = ["asset", "meter", "value", "replacement", "read_at", "recorded_by"]
    list_filter = ["meter", "replacement"]
    list_select_related = ["asset", "recorded_by"]
    search_fields = ["asset__code", "asset__name"]
    autocomplete_fields = ["asset"]
    date_hierarchy = "read_at"

    def has_change_permission(self, request, obj=None):
        return False  # a wrong reading is corrected by a new one, not rewritten

    def save_model(self, request, obj, form, change):
        reading = services.record_meter_reading(
            obj.asset, obj.meter, obj.value, request.user, read_at=obj.read_at, replacement=obj.replacement
        )
        obj.pk = reading.pk
