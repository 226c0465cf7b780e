from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "user", "message", "read"]
    list_select_related = ["user"]
    list_filter = ["read"]
