"""A finding's whole story on one page (steps, photos before and after, the map, the
re-inspections, linked findings, the corrective work order) and its actions: each a
small form posted to its own address that calls one service.

Every finding is fetched through queries.findings_for_user (404 to those who may not see
it); who may act is the services' to decide (PermissionDenied: 403). A refusal shows as a
message above the page again, with what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from assets.views import map_config

from .. import forms, services
from ..choices import FindingStatus, PhotoStage
from ..models import Finding
from ..queries import findings_for_user, may_act_as_party, may_inspect, may_manage


def _finding_for_user(request, pk: int) -> Finding:
    """The finding with what its page shows, or 404 when the user may not see it."""
    queryset = findings_for_user(request.user).select_related(
        "category", "zone", "crew", "department", "unit", "asset", "round", "rebound_of__category", "work_order",
        "reported_by", "door_check__unit",
    )  # fmt: skip
    return get_object_or_404(queryset, pk=pk)


def _dispatch(finding, by, form):
    return services.dispatch(finding, by, deadline=form.cleaned_data["deadline"], **form.chosen_party())


def _verify(finding, by, form):
    accept = form.data.get("result") == "accept"
    return services.verify(finding, by, accept=accept, reason=form.cleaned_data["reason"])


# action: (form, the service call, the message when done)
ACTIONS = {
    "accept": (forms.AcceptForm, lambda f, by, form: services.accept_report(f, by), gettext_lazy("Report accepted.")),
    "reject": (
        forms.ReasonForm,
        lambda f, by, form: services.reject_report(f, by, form.cleaned_data["reason"]),
        gettext_lazy("Report rejected."),
    ),
    "dispatch": (forms.dispatch_form, _dispatch, gettext_lazy("Dispatched.")),
    "refuse": (
        forms.ReasonForm,
        lambda f, by, form: services.refuse(f, by, form.cleaned_data["reason"]),
        gettext_lazy("Refused: the finding waits to be dispatched again."),
    ),
    "dispose": (
        forms.DisposeForm,
        lambda f, by, form: services.dispose(f, by, form.cleaned_data["done"], photos=form.cleaned_data["photos"]),
        gettext_lazy("Disposed: it waits for an inspector to verify it."),
    ),
    "verify": (forms.VerifyForm, _verify, gettext_lazy("Verified.")),
    "void": (
        forms.ReasonForm,
        lambda f, by, form: services.void(f, by, form.cleaned_data["reason"]),
        gettext_lazy("Voided."),
    ),
    "clear": (
        forms.ClearForm,
        lambda f, by, form: services.clear_escalation(f, by, form.cleaned_data["note"]),
        gettext_lazy("Escalation cleared."),
    ),
}


# Who may post each action at all (whatever the finding's status): the rest is the
# services' to decide. Asked before the form is read, so that a refusal is a 403 even
# when the form is also wrong.
MAY_POST = {
    "accept": lambda user, finding: may_inspect(user),
    "reject": lambda user, finding: may_inspect(user),
    "dispatch": lambda user, finding: may_inspect(user),
    "refuse": may_act_as_party,
    "dispose": may_act_as_party,
    "verify": lambda user, finding: may_inspect(user),
    "void": lambda user, finding: may_inspect(user),
    "clear": lambda user, finding: may_manage(user),
}


def available_actions(user, finding: Finding) -> list[str]:
    """The forms the page offers (the services still decide: a stale page is refused there)."""
    inspector = may_inspect(user)
    status = finding.status
    actions = []
    if inspector and status == FindingStatus.PENDING:
        actions += ["accept", "reject"]
    if inspector and status == FindingStatus.REGISTERED:
        actions.append("dispatch")
    if status == FindingStatus.DISPATCHED and may_act_as_party(user, finding):
        actions += ["dispose", "refuse"]
    if inspector and status == FindingStatus.DISPOSED:
        actions.append("verify")
    if finding.is_escalated() and may_manage(user):
        actions.append("clear")
    if inspector and finding.is_open() and status != FindingStatus.PENDING:
        actions.append("void")
    return actions


def _blank_form(action: str, suggested):
    form_class = ACTIONS[action][0]
    if action != "dispatch":
        return form_class(prefix=action)
    return form_class(prefix=action, suggested=suggested, initial={"party": forms.party_value(suggested)})


@require_GET
def finding_detail(request, pk: int):
    finding = _finding_for_user(request, pk)
    return _page(request, finding)


def _page(request, finding: Finding, bound: tuple[str, object] | None = None, status: int = 200):
    actions = available_actions(request.user, finding)
    suggested = default_deadline = None
    if "dispatch" in actions:
        suggested = services.suggested_party(finding)
        default_deadline = finding.category.deadline_from(timezone.now())
    action_forms = {action: _blank_form(action, suggested) for action in actions}
    if bound is not None and bound[0] in action_forms:
        action_forms[bound[0]] = bound[1]
    photos = list(finding.photos.select_related("reinspection"))
    reinspections = list(finding.reinspections.select_related("checked_by"))
    rebounds = list(findings_for_user(request.user).filter(rebound_of=finding).select_related("category"))
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "steps": finding.steps.select_related("by"),
            "before": [photo for photo in photos if photo.stage == PhotoStage.BEFORE],
            "after": [photo for photo in photos if photo.stage == PhotoStage.AFTER],
            "reinspection_photos": [photo for photo in photos if photo.stage == PhotoStage.REINSPECTION],
            "reinspections": reinspections,
            "rebounds": rebounds,
            "overdue": finding.is_overdue(),
            "forms": action_forms,
            "suggested": suggested,
            "default_deadline": default_deadline,
            "map_config": map_config(),
        },
        status=status,
    )


@require_POST
def finding_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    finding = _finding_for_user(request, pk)
    if not MAY_POST[action](request.user, finding):
        raise PermissionDenied
    form_class, call, done = ACTIONS[action]
    extra = {"suggested": services.suggested_party(finding)} if action == "dispatch" else {}
    form = form_class(request.POST, request.FILES, prefix=action, **extra)
    if form.is_valid():
        try:
            call(finding, request.user, form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
            return redirect("finding-detail", pk=finding.pk)
    else:
        messages.error(request, _("Check the form: some of it cannot be used."))
    finding = _finding_for_user(request, pk)  # as it is now (another may have acted)
    return _page(request, finding, bound=(action, form), status=400)
