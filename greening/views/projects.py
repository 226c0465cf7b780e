"""The projects: list, page, create and edit, phase dates, spending. Crews (who do not see
projects) get 404 on each; only the planning bureau and administrators change them (403
for the other readers)."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assets.views import map_config

from .. import services
from ..choices import ASSET_KIND_FOR_PROJECT, DocumentKind, Phase, ProjectKind
from ..filters import ProjectFilter
from ..forms import DocumentForm, PhaseDatesForm, ProjectForm, SpendingForm
from ..models import PhaseChange, Project, Spending
from ..models.projects import late_phases
from ..queries import may_edit_projects, projects_for_user, sees_projects

PROJECTS_PER_PAGE = 50


def reader_only(request) -> None:
    """404 for those who do not see projects (crews)."""
    if not sees_projects(request.user):
        raise Http404


def editor_only(request) -> None:
    """404 for those who do not see projects, 403 for readers who may not change them."""
    reader_only(request)
    if not may_edit_projects(request.user):
        raise PermissionDenied(_("Only the planning bureau may change projects."))


def project_for_user(request, pk: int) -> Project:
    """The project with what its pages show, or 404 when the user may not see it."""
    queryset = projects_for_user(request.user).select_related("programme", "zone", "keeper")
    return get_object_or_404(queryset, pk=pk)


def add_errors(form, error: ValidationError) -> None:
    """The service's refusal onto the form, each message by its field."""
    for name, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        target = name if name in form.fields and not form.fields[name].widget.is_hidden else None
        for message in messages_:
            form.add_error(target, message)


@require_GET
def project_list(request):
    reader_only(request)
    today = timezone.localdate()
    projects = projects_for_user(request.user).order_by("code")
    filterset = ProjectFilter(request.GET, queryset=projects, today=today)
    chosen = filterset.qs if filterset.is_valid() else projects.none()
    shown = services.with_spending(chosen.with_late(today).select_related("programme")).defer("geometry", "notes")
    page = Paginator(shown, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "greening/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_edit": may_edit_projects(request.user),
        },
        status=200 if filterset.is_valid() else 400,
    )


@require_GET
def project_detail(request, pk: int):
    reader_only(request)
    return _detail_page(request, project_for_user(request, pk))


def _detail_page(request, project: Project, document_form: DocumentForm | None = None, status: int = 200):
    today = timezone.localdate()
    late_ids = set(late_phases(today).filter(project=project).values_list("pk", flat=True))
    phases = list(project.phases.order_by("pk"))
    for phase in phases:
        phase.late = phase.pk in late_ids and project.phase != Phase.HANDED_OVER
    spending = list(Spending.objects.filter(project=project).select_related("by").order_by("day", "pk"))
    spent = sum((entry.amount for entry in spending), start=Decimal(0))
    share = float(spent) / float(project.budget) if project.budget else None
    documents = list(project.documents.select_related("uploaded_by").order_by("created", "pk"))
    may_edit = may_edit_projects(request.user)
    return render(
        request,
        "greening/project_detail.html",
        {
            "project": project,
            "phases": phases,
            "is_late": any(phase.late for phase in phases),
            "changes": PhaseChange.objects.filter(project=project).select_related("by").order_by("at", "pk"),
            "spending": spending,
            "spent": spent,
            "spent_share": share,
            "spent_percent": round(share * 100) if share is not None else None,
            "renderings": [document for document in documents if document.kind == DocumentKind.RENDERING],
            "documents": [document for document in documents if document.kind == DocumentKind.DOCUMENT],
            "document_form": document_form or (DocumentForm() if may_edit else None),
            "may_edit": may_edit,
            "map_config": map_config(),
            "kind_colour": ASSET_KIND_FOR_PROJECT[ProjectKind(project.kind)].value,
        },
        status=status,
    )


@require_POST
def project_documents(request, pk: int):
    """Upload a document or rendering (services.add_document); a refusal shows the project
    page again with the form's messages (400). Documents are never deleted."""
    editor_only(request)
    project = project_for_user(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_document(project, data["kind"], data["title"], data["file"], request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The file is uploaded."))
            return redirect(f"{project.get_absolute_url()}#project-documents")
    return _detail_page(request, project, document_form=form, status=400)


def _project_form_page(request, project: Project | None):
    editor_only(request)
    saved_name = project.name if project is not None else ""
    form = ProjectForm(request.POST or None, instance=project if project is not None else Project())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_project(project, form.cleaned_data, request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The project is saved."))
                return redirect(saved)
        status = 400
    return render(
        request,
        "greening/project_form.html",
        {"form": form, "project": project, "saved_name": saved_name, "map_config": map_config()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def project_new(request):
    return _project_form_page(request, None)


@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    reader_only(request)
    return _project_form_page(request, project_for_user(request, pk))


@require_http_methods(["GET", "POST"])
def project_phases(request, pk: int):
    editor_only(request)
    project = project_for_user(request, pk)
    bound, status = None, 200
    if request.method == "POST":
        bound = PhaseDatesForm(request.POST)
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                services.set_phase_dates(
                    project,
                    data["phase"],
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    actual_start=data["actual_start"],
                    actual_end=data["actual_end"],
                    reason=data["reason"],
                    by=request.user,
                    today=timezone.localdate(),
                )
            except ValidationError as error:
                add_errors(bound, error)
            else:
                messages.success(request, _("The phase's dates are saved."))
                return redirect("project-phases", pk=project.pk)
        status = 400
    forms = []
    for phase in project.phases.order_by("pk"):
        if bound is not None and bound.data.get("phase") == phase.phase:
            form = bound
        else:
            form = PhaseDatesForm(
                initial={
                    "phase": phase.phase,
                    "planned_start": phase.planned_start,
                    "planned_end": phase.planned_end,
                    "actual_start": phase.actual_start,
                    "actual_end": phase.actual_end,
                }
            )
        forms.append((phase, form))
    return render(
        request,
        "greening/project_phases.html",
        {"project": project, "forms": forms, "handed_over": Phase.HANDED_OVER.value},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def project_spending(request, pk: int):
    editor_only(request)
    project = project_for_user(request, pk)
    form = SpendingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_spending(
                    project, data["day"], data["amount"], data["purpose"], request.user, timezone.localdate()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The spending is recorded."))
                return redirect("project-spending", pk=project.pk)
        status = 400
    entries = Spending.objects.filter(project=project).select_related("by").order_by("day", "pk")
    return render(
        request,
        "greening/project_spending.html",
        {"project": project, "form": form, "entries": entries, "spent": services.spending_total(project)},
        status=status,
    )
