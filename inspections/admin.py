from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import ApiKey
from .models.open311 import hash_key, new_key


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
