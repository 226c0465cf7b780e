"""The one path for a change to a finding: who, when, from which status to which, why.

Every workflow that moves a finding calls transition(), which claims the row (SELECT …
FOR UPDATE, so of two people pressing at once one wins and the other is told why not),
updates it and writes one Step. A new finding's first step is written by first_step().
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import FindingStatus
from ..models import Finding, Step

# A reason, a note on what was done: a few paragraphs.
NOTE_MAX_LENGTH = 4000


class TransitionError(ValidationError):
    """A finding cannot make the requested move from its current status."""


STATUS_MESSAGES = {
    FindingStatus.PENDING: gettext_lazy("This report has not been accepted yet."),
    FindingStatus.REGISTERED: gettext_lazy("This finding has not been dispatched."),
    FindingStatus.DISPATCHED: gettext_lazy("This finding is dispatched and not yet disposed of."),
    FindingStatus.DISPOSED: gettext_lazy("This finding is disposed of and waits for verification."),
    FindingStatus.CLOSED: gettext_lazy("This finding is closed."),
    FindingStatus.VOIDED: gettext_lazy("This finding was voided."),
}


def refusal(finding: Finding, action: str) -> TransitionError:
    """Why the finding cannot make the move: its status (read again from the database)
    and what cannot be done."""
    finding.refresh_from_db(fields=["status"])
    return TransitionError(f"{STATUS_MESSAGES[FindingStatus(finding.status)]} {action}", code="transition")


def check_text(text: str | None, what: str, *, required: bool = True) -> str:
    """The text stripped; refused if required and empty, or too long (``what``: the
    field's name, for the message)."""
    text = (text or "").strip()
    if required and not text:
        raise ValidationError(_("%(what)s is required.") % {"what": what}, code="required")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("%(what)s may be at most %(limit)s characters long; this one has %(length)s."),
            code="too_long",
            params={"what": what, "limit": NOTE_MAX_LENGTH, "length": len(text)},
        )
    return text


def transition(
    finding: Finding,
    allowed: list[str] | None,
    kind: str,
    action: str,
    *,
    by,
    note: str = "",
    at=None,
    check: Callable[[], None] | None = None,
    **changes,
) -> Step:
    """Move the finding if its status (in the database, now) is one of ``allowed`` (None:
    any); else raise the refusal (``action`` says what could not be done). ``check``, if
    given, runs once the row is claimed in an allowed status, and may refuse too. Sets
    ``changes`` on the row and on ``finding``, and records a Step of ``kind``."""
    now = at or timezone.now()
    with transaction.atomic():
        claimed = Finding.objects.select_for_update().filter(pk=finding.pk)
        if allowed is not None:
            claimed = claimed.filter(status__in=allowed)
        before = claimed.values_list("status", flat=True).first()
        if before is None:
            raise refusal(finding, action)
        if check is not None:
            check()
        Finding.objects.filter(pk=finding.pk).update(**changes, updated=now)
        step = Step.objects.create(
            finding=finding, kind=kind, before=before, after=changes.get("status", before), by=by, at=now, note=note
        )
    computed = [name for name, value in changes.items() if hasattr(value, "resolve_expression")]  # F("…") + 1
    for name, value in changes.items():
        if name not in computed:
            setattr(finding, name, value)
    if computed:
        finding.refresh_from_db(fields=computed)
    finding.updated = now
    return step


def first_step(finding: Finding, kind: str, *, by, note: str = "") -> Step:
    """The step that records a new finding (registered, reported, reopened by a rebound)."""
    return Step.objects.create(
        finding=finding, kind=kind, before="", after=finding.status, by=by, at=finding.created, note=note
    )
