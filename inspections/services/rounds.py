"""Inspection rounds: started by an inspector (with co-inspectors, over one area), ended
by one of its inspectors or a manager. An ended round takes no more findings; ended
without any, its result is "nothing found".

loop.register calls check_round_open (with the round's row locked), so a finding and
the round's end cannot cross.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Round
from ..queries import may_inspect, may_manage

NOTES_MAX_LENGTH = 4000


def start_round(
    by,
    *,
    date: datetime.date | None = None,
    inspectors=(),
    zone=None,
    village=None,
    road=None,
    area=None,
    notes: str = "",
    now: datetime.datetime | None = None,
) -> Round:
    """An inspector starts a round with the co-inspectors named (each must be an
    inspector too) over exactly one area: a zone, a village, a road segment, or a drawn
    polygon (GeoJSON). Refused with errors by field: no area or two, a polygon that is not
    one, a day still to come, a co-inspector who may not inspect, notes too long."""
    if not may_inspect(by):
        raise PermissionDenied(_("Only an inspector or a manager may start a round."))
    now = now or timezone.now()
    round = Round(
        date=date or timezone.localdate(now),
        zone=zone,
        village=village,
        road=road,
        area=area,
        notes=(notes or "").strip(),
        created_by=by,
        created=now,
    )
    errors: dict[str, list] = {}
    try:
        # The area's rules: Round.clean (two areas), round_one_area (none), the polygon's
        # validation (GeometryField.clean), the road a road segment (limit_choices_to).
        round.full_clean(exclude=["inspectors"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if round.date > timezone.localdate(now):
        errors.setdefault("date", []).append(
            ValidationError(_("A round cannot be on a day still to come."), code="future")
        )
    if len(round.notes) > NOTES_MAX_LENGTH:
        errors.setdefault("notes", []).append(
            ValidationError(
                _("The notes may be at most %(limit)s characters long."),
                code="too_long",
                params={"limit": NOTES_MAX_LENGTH},
            )
        )
    others = [user for user in inspectors if user.pk != by.pk]
    refused = [user for user in others if not may_inspect(user)]
    if refused:
        errors.setdefault("inspectors", []).append(
            ValidationError(
                _("Not an inspector: %(names)s."),
                code="not_inspector",
                params={"names": ", ".join(user.get_full_name() or user.get_username() for user in refused)},
            )
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round.save()
        round.inspectors.add(by, *others)
    return round


def is_round_inspector(user, round: Round) -> bool:
    return user.is_authenticated and round.inspectors.filter(pk=user.pk).exists()


def may_end_round(user, round: Round) -> bool:
    """One of the round's inspectors, or a manager."""
    return may_manage(user) or is_round_inspector(user, round)


def end_round(round: Round, by, now: datetime.datetime | None = None) -> Round:
    """The round is over: no more findings on it. Ending it twice is refused."""
    if not may_end_round(by, round):
        raise PermissionDenied(_("Only the round's inspectors or a manager may end it."))
    now = now or timezone.now()
    # Claimed with a conditional update: of two people ending it at once, one does.
    if not Round.objects.filter(pk=round.pk, ended__isnull=True).update(ended=now):
        round.refresh_from_db(fields=["ended"])
        raise ValidationError(
            _("This round already ended at %(ended)s."),
            code="ended",
            params={"ended": timezone.localtime(round.ended).strftime("%Y-%m-%d %H:%M")},
        )
    round.ended = now
    return round


def check_round_open(round: Round, by) -> Round:
    """May ``by`` register a finding on the round now? Only one of its inspectors, and
    only while it is open. Call inside a transaction: the round's row is locked, so an
    end at the same moment waits (and the finding is on the round before it ended)."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.ended is not None:
        raise ValidationError(
            _("This round ended at %(ended)s: a finding can no longer be registered on it."),
            code="round_ended",
            params={"ended": timezone.localtime(locked.ended).strftime("%Y-%m-%d %H:%M")},
        )
    if not is_round_inspector(by, locked):
        raise PermissionDenied(_("Only the round's inspectors may register findings on it."))
    return locked
