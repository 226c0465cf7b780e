"""Who receives an event, the log rows (Delivery) for it, and sending one with retries.

A delivery is written in the triggering transaction and sent by a django-q2 task after it
commits: a robot that fails never undoes nor delays the workflow that triggered it."""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from core.roles import Role

from ..models import Channel, Delivery, DeliveryStatus, Event, Webhook
from . import webhooks

log = logging.getLogger(__name__)

# Who may receive events by email: the managers and administrators (they see every
# finding and crew); each of them chooses which events (Preference; all until they do).
RECEIVERS = (Role.MANAGER, Role.ADMINISTRATOR)


def may_receive(user) -> bool:
    return user.is_authenticated and user.groups.filter(name__in=[role.value for role in RECEIVERS]).exists()


def email_recipients(event: str) -> list[str]:
    """The addresses that receive an event: managers by default, as each one chose."""
    if event not in Event.values:
        raise ValueError(event)
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in RECEIVERS])
        .exclude(email="")
        .filter(
            Q(notify_preference__isnull=True, groups__name=Role.MANAGER.value)
            | Q(**{f"notify_preference__{event}": True})
        )
    )
    return sorted(set(users.values_list("email", flat=True)))


def absolute(url: str) -> str:
    return f"{settings.NOTIFY_SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def announce(
    event: str,
    title: str,
    text: str,
    url: str = "",
    *,
    departments: Iterable = (),
    all_webhooks: bool = False,
    key: str | None = None,
) -> list[int]:
    """Log one delivery per recipient (the event's email addresses, the departments'
    active robots) and send them once the current transaction commits. With a key (the
    nightly job's finding or crew and day), a recipient already sent that key is skipped:
    a second run the same day sends nothing. Returns the new deliveries' ids."""
    url = absolute(url)
    rows = [
        Delivery(
            event=event,
            channel=Channel.EMAIL,
            target=address,
            payload={"subject": title, "body": f"{text}\n\n{url}".strip()},
        )
        for address in email_recipients(event)
    ]
    robots = Webhook.objects.filter(active=True).select_related("department")
    if not all_webhooks:
        robots = robots.filter(department__in=[getattr(d, "pk", d) for d in departments])
    for robot in robots:
        build = webhooks.wecom_payload if robot.kind == "wecom" else webhooks.dingtalk_payload
        rows.append(
            Delivery(event=event, channel=robot.kind, target=str(robot), webhook=robot, payload=build(title, text, url))
        )
    if key is not None:
        for row in rows:
            row.key = f"{key}:{row.channel}:{row.webhook_id or row.target}"[:200]
        taken = set(Delivery.objects.filter(key__in=[row.key for row in rows]).values_list("key", flat=True))
        rows = [row for row in rows if row.key not in taken]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(Delivery.objects.filter(key__in=[row.key for row in rows], attempts=0).values_list("pk", flat=True))
    else:
        ids = [row.pk for row in Delivery.objects.bulk_create(rows)]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return ids


def enqueue(ids: Iterable[int]) -> None:
    from django_q.tasks import async_task

    for pk in ids:
        try:
            async_task("reports.tasks.send_delivery", pk, task_name=f"notify-{pk}")
        except Exception:  # the broker down: the delivery stays pending in the log
            log.exception("could not queue delivery %s", pk)


def send(pk: int, now: datetime.datetime | None = None) -> str:
    """One attempt at a pending delivery, claimed by its attempt count (two workers never
    send it twice); on failure another attempt is queued after a backoff until
    NOTIFY_ATTEMPTS, then it is failed. Returns the status."""
    row = Delivery.objects.select_related("webhook").filter(pk=pk, status=DeliveryStatus.PENDING).first()
    if row is None:
        return "gone"
    if not Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING, attempts=row.attempts).update(
        attempts=row.attempts + 1
    ):
        return "claimed"
    attempt = row.attempts + 1
    try:
        if row.channel == Channel.EMAIL:
            send_mail(row.payload["subject"], row.payload["body"], None, [row.target])
        else:
            webhooks.post(row.webhook.kind, row.webhook.url, row.payload, row.webhook.secret)
    except Exception as error:  # noqa: BLE001 — any failure is logged and retried, never raised
        message = f"attempt {attempt}: {error}"[:2000]
        log.warning("delivery %s failed: %s", pk, message)
        final = attempt >= settings.NOTIFY_ATTEMPTS
        Delivery.objects.filter(pk=pk).update(
            error=message, status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING
        )
        if not final:
            retry(pk, attempt)
        return DeliveryStatus.FAILED if final else DeliveryStatus.PENDING
    Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.SENT, sent=now or timezone.now())
    return DeliveryStatus.SENT


def retry(pk: int, attempt: int) -> None:
    """The next attempt after NOTIFY_BACKOFF × 2^(attempt-1) seconds (a one-off schedule);
    at once when the backoff is 0 (tests)."""
    delay = settings.NOTIFY_BACKOFF * 2 ** (attempt - 1)
    if not delay:
        enqueue([pk])
        return
    from django_q.models import Schedule

    Schedule.objects.create(
        name=f"notify-{pk}-retry-{attempt}",
        func="reports.tasks.send_delivery",
        args=str(pk),
        schedule_type=Schedule.ONCE,
        repeats=1,
        next_run=timezone.now() + datetime.timedelta(seconds=delay),
    )


def in_outbound_language():
    """Messages go to groups and inboxes, not to a request: in the zone's language."""
    return translation.override(settings.NOTIFY_LANGUAGE)
