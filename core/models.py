"""What every app shares: bilingual names and the users' notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def bilingual_name(name: str, name_en: str | None) -> str:
    """The name to show in the active language: the English one on English pages when
    there is one, else the Chinese (for names read as plain values, not model instances)."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class BilingualNameMixin(models.Model):
    """A name kept in Chinese (the zone's own) and, optionally, in English."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual_name(self.name, self.name_en)


class PhotoRecord(models.Model):
    """What every kept photo records besides its image (core.uploads made it): when it was
    taken, who sent it, when (abstract: each app's photo model adds its image and owner)."""

    taken = models.DateTimeField(_("taken"), null=True, blank=True, help_text=_("From the photo's EXIF data."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        abstract = True


class Notification(models.Model):
    """A message for one user (an order gone overdue, say), shown until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    message = models.TextField(_("message"))
    # Where the message leads (a work order's page, a finding's): a path on this site.
    url = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The unread badge and list on the crews' Today.
            models.Index(fields=["user", "created"], name="core_notification_unread", condition=Q(read__isnull=True)),
        ]

    def __str__(self):
        return self.message[:60]
