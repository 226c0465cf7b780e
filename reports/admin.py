from django.contrib import admin

from core.roles import Role, has_role

from .models import Delivery, Preference, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["department", "kind", "active"]
    list_filter = ["kind", "active"]
    list_select_related = ["department"]
    # The address and the secret are the robot's keys: never in the list, and shown only
    # to those who may change a robot (administrators), not to those who only read.
    fields = ["department", "kind", "url", "secret", "active"]

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj) or self.has_add_permission(request):
            return self.fields
        return ["department", "kind", "active"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "escalated", "finding_overdue", "crew_overdue", "weekly_report"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The log of what was sent and what failed: read-only, never deleted."""

    list_display = ["created", "event", "channel", "target", "status", "attempts", "sent"]
    list_filter = ["status", "event", "channel"]
    search_fields = ["target", "error"]
    date_hierarchy = "created"
    readonly_fields = [
        "event",
        "channel",
        "target",
        "webhook",
        "key",
        "payload",
        "status",
        "attempts",
        "error",
        "created",
        "sent",
    ]
    fields = readonly_fields

    def has_view_permission(self, request, obj=None):
        # The managers' log (and the administrators'): not everyone who reads the admin.
        return has_role(request.user, Role.MANAGER, Role.ADMINISTRATOR) or request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
