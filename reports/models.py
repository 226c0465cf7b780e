"""Notifications out: the departments' group-robot webhooks, each person's choices, and
the log of every message sent (never deleted)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assets.models import Department


class Event(models.TextChoices):
    ESCALATED = "escalated", _("Escalated rebounds")
    FINDING_OVERDUE = "finding_overdue", _("Findings past their deadline")
    CREW_OVERDUE = "crew_overdue", _("A crew's overdue work")
    WEEKLY_REPORT = "weekly_report", _("The Monday report")


class WebhookKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", pgettext_lazy("delivery", "Sent")
    FAILED = "failed", _("Failed")


class Webhook(models.Model):
    """A department's WeCom or DingTalk group robot: its messages go to the group."""

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="webhooks", verbose_name=_("department")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=WebhookKind.choices)
    url = models.URLField(_("webhook address"), max_length=500)
    secret = models.CharField(
        _("signing secret"), max_length=200, blank=True, help_text=_("DingTalk's signed-secret option (SEC…), if set.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["department", "kind", "pk"]
        indexes = [
            # The recipients of an event: a department's active robots.
            models.Index(fields=["department"], name="webhook_department_active", condition=Q(active=True)),
        ]

    def __str__(self):
        return f"{self.department} · {self.get_kind_display()} #{self.pk}"

    def clean(self):
        from .notify.webhooks import check_url

        check_url(self.kind, self.url)


class Preference(models.Model):
    """Which events a person receives by email (managers receive all until they choose)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference", verbose_name=_("user")
    )
    escalated = models.BooleanField(Event.ESCALATED.label, default=True)
    finding_overdue = models.BooleanField(Event.FINDING_OVERDUE.label, default=True)
    crew_overdue = models.BooleanField(Event.CREW_OVERDUE.label, default=True)
    weekly_report = models.BooleanField(Event.WEEKLY_REPORT.label, default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    def wants(self, event: str) -> bool:
        return getattr(self, event)


class Delivery(models.Model):
    """One message to one recipient (an address or a robot), and what became of it."""

    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    target = models.CharField(_("recipient"), max_length=300)
    webhook = models.ForeignKey(
        Webhook,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    # What the nightly job sends once a day per finding or crew and recipient; None for
    # messages that happen once anyway (an escalation, a week's report).
    key = models.CharField(_("key"), max_length=200, null=True, blank=True, unique=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created", "-pk"]
        indexes = [
            # The admin's log, newest first, filtered by status.
            models.Index(fields=["status", "-created"], name="delivery_status_created"),
        ]

    def __str__(self):
        return f"{self.get_event_display()} → {self.target}"


# The Monday report lives in its own module; imported here so Django finds the model.
from .models_weekly import WeeklyReport  # noqa: E402, F401
