"""The door-pledge admin: the standard wordings and check plans edited freely; units,
pledges and checks readable and edited through the same validation as the pages.
Nothing of the register's evidence is deleted (closed units are made inactive)."""

from django.contrib import admin

from .models import Check, CheckPlan, Pledge, PledgeWording, Unit


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PledgeWording)
class PledgeWordingAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["kind"]


@admin.register(CheckPlan)
class CheckPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "zone", "rrule", "starts", "active"]
    list_filter = ["active", "zone"]


@admin.register(Unit)
class UnitAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "zone", "rating", "active"]
    list_filter = ["kind", "rating", "active", "zone"]
    search_fields = ["code", "name", "credit_code", "address"]
    readonly_fields = ["rating", "frontage_m"]
    raw_id_fields = ["road", "enterprise"]


@admin.register(Pledge)
class PledgeAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["unit", "starts", "ends", "status", "signed"]
    list_filter = ["status"]
    search_fields = ["unit__code", "unit__name"]
    raw_id_fields = ["unit"]
    # Signing, renewing and ending go through the pledge pages' services (the document
    # checked by core.uploads.process_document, the one-in-force rule kept): here, read only.
    readonly_fields = ["status", "signed", "document", "renews", "ended_reason", "created_by"]


@admin.register(Check)
class CheckAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["unit", "due", "status", "sanitation_ok", "greening_ok", "order_ok", "inspector"]
    list_filter = ["status", "due"]
    search_fields = ["unit__code", "unit__name"]
    raw_id_fields = ["unit"]
    readonly_fields = ["sanitation_ok", "greening_ok", "order_ok", "inspector", "done"]
