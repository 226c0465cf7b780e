"""What the public sees of a finding, and how often it may report: the rules the report
page (views/public.py) and Open311 (views/open311.py) share.

- A **tracking code** is the finding's number and a check of six characters
  (``123-K7QX2M``): short enough to copy from a phone, and a mistyped or guessed code
  finds nothing rather than someone else's report. The check is an HMAC of the number
  with the site's secret key, so no column is needed.
- The **public status** of a finding: received (pending), accepted and being put right
  (registered, dispatched, disposed), put right (closed), rejected with the reason the
  inspector gave (a pending report voided), or closed without action (voided after it was
  accepted); Open311 maps the same to open / closed.
- The **throttle**: at most PUBLIC_REPORT_LIMIT sent forms (kept or refused: a refused
  photo costs as much to check) from one address per PUBLIC_REPORT_WINDOW seconds,
  counted in the "throttle" cache (the database: shared by every gunicorn worker, unlike
  the per-process default cache). The address is the client's as django-axes reads it
  (REVERSE_PROXY_COUNT), so both agree on who is who.
"""

import base64
import hashlib
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from .choices import FindingStatus, StepKind
from .models import Finding

TRACKING_SALT = "inspections.public.tracking"


def _check(pk: int) -> str:
    digest = salted_hmac(TRACKING_SALT, str(pk)).digest()
    return base64.b32encode(digest).decode()[:6]


def tracking_code(finding: Finding) -> str:
    return f"{finding.pk}-{_check(finding.pk)}"


def finding_pk(code: str) -> int | None:
    """The finding number a tracking code names, or None for a code that is not one."""
    number, _dash, check = code.strip().upper().partition("-")
    if not number.isdigit() or len(number) > 18:
        return None
    pk = int(number)
    return pk if constant_time_compare(check, _check(pk)) else None


@dataclass(frozen=True)
class PublicStatus:
    """A finding's status as the reporter sees it."""

    key: str  # received | accepted | closed | rejected | voided
    label: str
    open311: str  # open | closed
    notes: str  # the reason of a rejection, else a sentence


STATUS_TEXT = {
    "received": (_("Received"), _("Your report has arrived: an inspector will look at it soon.")),
    "accepted": (_("Accepted"), _("An inspector accepted your report: it is being put right.")),
    "closed": (_("Put right"), _("The problem was put right and checked by an inspector.")),
    "rejected": (_("Not accepted"), ""),
    "voided": (_("Closed"), _("An inspector closed the report without action.")),
}


def rejection(finding: Finding) -> str | None:
    """The reason a pending report was rejected (the last REJECTED step's note), from the
    steps prefetched as ``rejections`` when there (a list), else one query."""
    steps = getattr(finding, "rejections", None)
    if steps is None:
        steps = list(finding.steps.filter(kind=StepKind.REJECTED).order_by("at"))
    return steps[-1].note if steps else None


def public_status(finding: Finding) -> PublicStatus:
    if finding.status == FindingStatus.PENDING:
        key = "received"
    elif finding.status == FindingStatus.CLOSED:
        key = "closed"
    elif finding.status == FindingStatus.VOIDED:
        # Rejected while pending, with a reason for the reporter; or voided after it was
        # accepted (registered by mistake), whose reason is the inspectors' own.
        reason = rejection(finding)
        key = "rejected" if reason is not None else "voided"
    else:
        key = "accepted"
    label, notes = STATUS_TEXT[key]
    if key == "rejected":
        notes = reason
    return PublicStatus(key, str(label), "open" if key in ("received", "accepted") else "closed", str(notes))


def client_address(request) -> str:
    return get_client_ip_address(request) or "unknown"


def throttled(request, *, count: bool = True) -> int:
    """0 if the client may report now (counting this report when ``count``), else the
    seconds until it may again."""
    window = settings.PUBLIC_REPORT_WINDOW
    now = int(time.time())
    start = now - now % window
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"public-report:{address}:{start}"
    cache = caches[settings.PUBLIC_REPORT_CACHE]
    used = cache.get(key, 0)
    if used >= settings.PUBLIC_REPORT_LIMIT:
        return start + window - now
    if count:
        cache.set(key, used + 1, window)
    return 0
