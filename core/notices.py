"""Notifications to users inside Shouwei: one path to send them, one to read them."""

from collections.abc import Iterable

from django.db.models import Count, Window
from django.utils import timezone

from .models import Notification


def notify(user_ids: Iterable[int], message: str, url: str = "") -> int:
    """Give each user the message (with a link on this site, if any). Returns how many."""
    notifications = [Notification(user_id=user_id, message=message, url=url) for user_id in user_ids]
    Notification.objects.bulk_create(notifications, batch_size=2000)
    return len(notifications)


def unread(user, limit: int) -> tuple[list[Notification], int]:
    """The user's newest unread notifications (at most ``limit``) and how many are
    unread in all, in one query."""
    rows = list(
        Notification.objects.filter(user=user, read__isnull=True)
        .annotate(total=Window(Count("pk")))
        .order_by("-created", "-pk")[:limit]
    )
    return rows, rows[0].total if rows else 0


def mark_all_read(user) -> int:
    """Mark the user's unread notifications read (only their own). Returns how many."""
    return Notification.objects.filter(user=user, read__isnull=True).update(read=timezone.now())
