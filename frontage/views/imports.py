"""The register's import pages (managers: a dry run, then the same file for real) and its
exports (everyone signed in; the personal columns only for those who may see them, and only
when asked for)."""

import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .. import queries, services
from ..filters import UnitFilter
from ..services.imports import CONTENT_TYPES, FORMATS, MAX_BYTES

# The uploaded file waits here between the dry run and the import, under a random name
# kept in the session only (MEDIA_ACCESS serves nothing under imports/).
PENDING_DIR = "imports"
PENDING_NAME = re.compile(r"^[0-9a-f]{32}\.(xlsx|csv)$")
PENDING_KEY = "frontage_unit_import"
PENDING_HOURS = 24


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file"), help_text=gettext_lazy("XLSX or CSV, from the template.")
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        format = Path(file.name).suffix.lower().lstrip(".")
        if format not in FORMATS:
            raise forms.ValidationError(_("Import an XLSX or CSV file."))
        if file.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(limit)s MB can be imported at once.")
                % {"limit": MAX_BYTES // 1024 // 1024}
            )
        self.cleaned_data["format"] = format
        return file


def _require_manager(request) -> None:
    if not queries.may_manage_register(request.user):
        raise PermissionDenied


def _pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR


def _drop_pending(request) -> None:
    """Forget the session's waiting file (and files left waiting for over a day)."""
    pending = request.session.pop(PENDING_KEY, None)
    if pending and PENDING_NAME.match(pending.get("name", "")):
        (_pending_dir() / pending["name"]).unlink(missing_ok=True)
    if _pending_dir().is_dir():
        stale = time.time() - PENDING_HOURS * 3600
        for path in _pending_dir().iterdir():
            if PENDING_NAME.match(path.name) and path.stat().st_mtime < stale:
                path.unlink(missing_ok=True)


def _keep_pending(request, content: bytes, format: str, filename: str) -> None:
    name = f"{secrets.token_hex(16)}.{format}"
    _pending_dir().mkdir(parents=True, exist_ok=True)
    (_pending_dir() / name).write_bytes(content)
    request.session[PENDING_KEY] = {"name": name, "format": format, "filename": filename}


def _read_pending(request) -> tuple[bytes, dict] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or not PENDING_NAME.match(pending.get("name", "")):
        return None
    try:
        return (_pending_dir() / pending["name"]).read_bytes(), pending
    except FileNotFoundError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request):
    """Upload → the dry run's report per row → "Import" imports the same file."""
    _require_manager(request)
    context = {"form": ImportForm(), "max_mb": MAX_BYTES // 1024 // 1024}
    if request.method == "POST" and "confirm" in request.POST:
        found = _read_pending(request)
        if found is None:
            messages.error(request, _("The checked file is no longer waiting: upload it again."))
            return redirect("unit-import")
        content, pending = found
        report = services.import_units(content, pending["format"], dry_run=False, by=request.user)
        _drop_pending(request)
        context.update(report=report, filename=pending["filename"])
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            _drop_pending(request)
            file = form.cleaned_data["file"]
            content = file.read()
            report = services.import_units(content, form.cleaned_data["format"], dry_run=True, by=request.user)
            if not report.failed:
                _keep_pending(request, content, form.cleaned_data["format"], file.name)
            context.update(report=report, filename=file.name)
    return render(request, "frontage/import_form.html", context)


def _download(content: bytes, format: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def unit_import_template(request, format: str):
    _require_manager(request)
    if format not in FORMATS:
        raise Http404
    return _download(services.unit_template(format), format, f"door-units-template.{format}")


@login_required
@require_GET
def unit_export(request, format: str):
    """The register as the list shows it: the list's filters (filters.UnitFilter, the same
    query string gives the same units); the person and the phone only with ?personal=1
    from those who may see them."""
    if format not in FORMATS:
        raise Http404
    filterset = UnitFilter(request.GET, queryset=queries.units_for_user(request.user), today=timezone.localdate())
    personal = request.GET.get("personal") == "1" and queries.may_see_personal(request.user)
    content = services.export_units(filterset.qs, format, personal=personal)
    return _download(content, format, f"door-units-{timezone.localdate():%Y-%m-%d}.{format}")
