"""The greening admin: programmes and plan templates edited freely; projects readable,
their phases, spending and documents kept (nothing of a project's record is deleted)."""

from django.contrib import admin

from .models import Loss, PlanTemplate, Planting, Programme, Project, ProjectDocument, ProjectPhase, Spending


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["year", "name", "greening_m2", "budget", "roads", "pieces"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["asset_kind", "name", "task_type", "rrule", "active"]
    list_filter = ["asset_kind", "active"]


class PhaseInline(admin.TabularInline):
    model = ProjectPhase
    extra = 0
    can_delete = False


class SpendingInline(admin.TabularInline):
    model = Spending
    extra = 0
    can_delete = False
    readonly_fields = ["day", "amount", "purpose", "by", "created"]

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    """Read only: uploads go through the project page (services.add_document's content check)."""

    model = ProjectDocument
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "title", "file", "uploaded_by", "created"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "phase", "budget", "handed_over"]
    list_filter = ["kind", "phase", "programme"]
    search_fields = ["code", "name", "design_institute", "contractor"]
    readonly_fields = ["phase", "handed_over", "handed_over_by", "area_m2", "length_m"]
    inlines = [PhaseInline, SpendingInline, DocumentInline]


@admin.register(Planting)
class PlantingAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["asset", "species", "count", "area_m2", "planted"]
    raw_id_fields = ["asset"]


@admin.register(Loss)
class LossAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["asset", "species", "count", "noted", "replanted"]
    raw_id_fields = ["asset", "planting", "work_order"]
