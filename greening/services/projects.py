"""A project's life before the hand-over: its record, its phases' dates and the spending
entries. Only the planning bureau (and administrators) change them
(queries.may_edit_projects); every change is one transaction.

The phase rules, in one place:
- planned dates are free, but a planned end is not before its start;
- an actual end needs an actual start and is not before it; no actual date is in the future;
- a phase starts only once the phase before it has actually started and ended, and not
  before that end (actual dates do not run backwards); a phase whose next phase has
  started keeps its dates up to that start;
- the current phase (Project.phase_of) is recomputed; each change of it is a PhaseChange,
  and going back a phase needs a reason;
- the handed-over phase is the hand-over's (services.handover), never set here.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from ..choices import PHASE_ORDER, Phase
from ..models import PhaseChange, Project, ProjectPhase, Spending
from ..queries import may_edit_projects

# What save_project takes from its data (a form's cleaned data); the rest is the services'.
PROJECT_FIELDS = (
    "code",
    "name",
    "kind",
    "programme",
    "geometry",
    "zone",
    "keeper",
    "design_institute",
    "contractor",
    "budget",
    "target_m2",
    "target_m",
    "target_pieces",
    "leader",
    "liaison",
    "notes",
)
MONEY = DecimalField(max_digits=16, decimal_places=2)


def _check_editor(by) -> None:
    if not may_edit_projects(by):
        raise PermissionDenied(_("Only the planning bureau may change projects."))


@transaction.atomic
def save_project(project: Project | None, data: dict, by) -> Project:
    """Create (project None) or change a project from ``data``; a new project gets its six
    phases, empty."""
    _check_editor(by)
    creating = project is None
    if creating:
        project = Project(created_by=by)
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    errors = {
        name: [_("This cannot be negative.")]
        for name in ("budget", "target_m2", "target_m")
        if isinstance(getattr(project, name), (int, float, Decimal)) and getattr(project, name) < 0
    }
    try:
        project.full_clean(exclude=["phase", "handed_over", "handed_over_by", "created_by", *errors])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        if "budget" in errors:
            # The table's constraints repeat the field checks as form-wide messages: say it once.
            errors.pop("__all__", None)
        raise ValidationError(errors)
    project.save()
    if creating:
        ProjectPhase.objects.bulk_create(ProjectPhase(project=project, phase=phase) for phase in PHASE_ORDER)
    return project


def _label(phase: str) -> str:
    return str(Phase(phase).label)


@transaction.atomic
def set_phase_dates(
    project: Project,
    phase: str,
    *,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
    actual_start: datetime.date | None,
    actual_end: datetime.date | None,
    reason: str = "",
    by,
    today: datetime.date,
) -> ProjectPhase:
    """Set one phase's planned and actual dates (the rules above); returns the phase."""
    _check_editor(by)
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choose one of the phases.")})
    if phase == Phase.HANDED_OVER:
        raise ValidationError({"phase": _("A project is handed over by the hand-over, not by setting its dates.")})
    reason = (reason or "").strip()
    # One writer at a time per project: the phases are read and checked together.
    project = Project.objects.select_for_update().get(pk=project.pk)
    rows = {row.phase: row for row in project.phases.all()}
    row = rows.get(phase) or ProjectPhase(project=project, phase=phase)
    index = PHASE_ORDER.index(Phase(phase))
    previous = rows.get(PHASE_ORDER[index - 1]) if index > 0 else None
    following = rows.get(PHASE_ORDER[index + 1])

    errors = {}
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = _("The planned end is before the planned start.")
    if actual_start and actual_start > today:
        errors["actual_start"] = _("The actual start cannot be in the future.")
    if actual_end and actual_end > today:
        errors["actual_end"] = _("The actual end cannot be in the future.")
    if actual_end and not actual_start:
        errors["actual_end"] = _("A phase that has ended must have started: give the actual start.")
    elif actual_end and actual_start and actual_end < actual_start:
        errors["actual_end"] = _("The actual end is before the actual start.")
    if actual_start and "actual_start" not in errors and previous is not None:
        if previous.actual_start is None or previous.actual_end is None:
            errors["actual_start"] = _(
                "%(phase)s can start only after %(previous)s has actually started and ended: record its dates first."
            ) % {"phase": _label(phase), "previous": _label(previous.phase)}
        elif actual_start < previous.actual_end:
            errors["actual_start"] = _(
                "Actual dates cannot run backwards: %(previous)s ended on %(day)s, after this start."
            ) % {"previous": _label(previous.phase), "day": previous.actual_end.isoformat()}
    if following is not None and following.actual_start is not None:
        if not actual_start or not actual_end:
            errors.setdefault(
                "actual_end",
                _("%(next)s has started, so this phase keeps its actual start and end: clear %(next)s first.")
                % {"next": _label(following.phase)},
            )
        elif actual_end > following.actual_start:
            errors.setdefault(
                "actual_end",
                _("Actual dates cannot run backwards: %(next)s started on %(day)s, before this end.")
                % {"next": _label(following.phase), "day": following.actual_start.isoformat()},
            )
    if errors:
        raise ValidationError(errors)

    row.planned_start, row.planned_end = planned_start, planned_end
    row.actual_start, row.actual_end = actual_start, actual_end
    rows[phase] = row
    before, after = Phase(project.phase), Project.phase_of(list(rows.values()))
    going_back = PHASE_ORDER.index(after) < PHASE_ORDER.index(before)
    if going_back and not reason:
        raise ValidationError(
            {
                "reason": _("Going back from %(from)s to %(to)s needs a reason.")
                % {"from": before.label, "to": after.label}
            }
        )
    row.save()
    if after != before:
        PhaseChange.objects.create(project=project, from_phase=before, to_phase=after, reason=reason, by=by)
        project.phase = after
        project.save(update_fields=["phase", "updated"])
    return row


@transaction.atomic
def record_spending(
    project: Project, day: datetime.date | None, amount: Decimal | None, purpose: str, by, today: datetime.date
) -> Spending:
    """A new spending entry (entries are never changed: a correction is a negative entry
    saying what it corrects, and cannot take the total below zero)."""
    _check_editor(by)
    purpose = (purpose or "").strip()
    errors = {}
    if day is None:
        errors["day"] = _("Give the date of the spending.")
    elif day > today:
        errors["day"] = _("Spending cannot be recorded on a future day.")
    if amount is None or amount == 0:
        errors["amount"] = _("Give an amount other than zero (a correction is negative).")
    if not purpose:
        errors["purpose"] = _("Say what the money was for (or what a correction corrects).")
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if amount < 0 and spending_total(project) + amount < 0:
        raise ValidationError({"amount": _("A correction cannot take the total spent below zero.")})
    entry = Spending(project=project, day=day, amount=amount, purpose=purpose, by=by)
    entry.full_clean()
    entry.save()
    return entry


def spending_total(project: Project) -> Decimal:
    """The project's spending to date (yuan)."""
    return project.spending.aggregate(total=Coalesce(Sum("amount"), Value(Decimal(0)), output_field=MONEY))["total"]


def spent_subquery():
    """Each project's spending to date, as a subquery on the spending rows (no join, so it
    adds up with other annotations)."""
    total = Spending.objects.filter(project=OuterRef("pk")).values("project").annotate(total=Sum("amount"))
    return Coalesce(Subquery(total.values("total")[:1], output_field=MONEY), Value(Decimal(0)), output_field=MONEY)


def with_spending(queryset: QuerySet) -> QuerySet:
    """Projects with ``spent`` (yuan to date) and ``spent_share`` (of the budget, 0–1…; None
    without a budget)."""
    return queryset.annotate(spent=spent_subquery()).annotate(
        spent_share=ExpressionWrapper(
            F("spent") / NullIf(F("budget"), Value(Decimal(0))),
            output_field=DecimalField(max_digits=20, decimal_places=4),
        )
    )
