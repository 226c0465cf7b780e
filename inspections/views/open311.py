"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) at /open311/v2/: the active
categories as services, and the public's findings as service requests.

    GET  services.{json,xml}                  the catalogue
    GET  services/<service_code>.{json,xml}   a service's definition (no attributes)
    POST requests.{json,xml}                  a report (api_key, service_code, lat + long,
                                              description, media_url): a pending finding
    GET  requests.{json,xml}                  reports, filtered as the standard says
    GET  requests/<id>.{json,xml}             one report

Every answer is UTF-8 JSON or XML; errors are the standard's list of
``{"code": …, "description": …}`` with the same HTTP status. A request's status is
``open`` or ``closed`` (inspections.public.public_status, as the report page says it).
Places: a report must lie inside a responsibility zone (the union of the zones'
boundaries: a point outside every zone has no one to answer for it). Addresses are not
geocoded here: a report without lat and long is refused with a clear error.
"""

import datetime
import xml.etree.ElementTree as ET

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from shapely.geometry import Point, shape

from assets.models import Zone

from .. import public, services
from ..choices import OPEN_STATUSES, FindingSource, StepKind
from ..models import ApiKey, Category, Finding, Step

# The standard's defaults for GET requests: the last 90 days, at most 1000 requests.
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
MAX_IDS = 100
DESCRIPTION_MAX_LENGTH = 4000


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# ---- answers -------------------------------------------------------------------------


def _xml(root: str, item: str, rows: list[dict]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        element = ET.SubElement(top, item)
        for name, value in row.items():
            child = ET.SubElement(element, name)
            if isinstance(value, list):  # keywords are a comma list in XML
                child.text = ",".join(value)
            elif isinstance(value, bool):
                child.text = "true" if value else "false"
            elif value is not None:
                child.text = str(value)
    return ET.tostring(top, encoding="UTF-8", xml_declaration=True)


def _answer(fmt: str, root: str, item: str, rows: list[dict], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, rows), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, error: Open311Error) -> HttpResponse:
    return _answer(fmt, "errors", "error", [{"code": error.status, "description": error.description}], error.status)


def _endpoint(view):
    """No login, no CSRF token (clients post from other sites with their key), and an
    Open311Error answered in the standard's shape."""

    def wrapped(request, *args, fmt, **kwargs):
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return _error(fmt, error)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return login_not_required(csrf_exempt(wrapped))


def _w3c(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# ---- services ------------------------------------------------------------------------


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": _("%(kind)s; to be put right within %(deadline)s.")
        % {"kind": category.get_kind_display(), "deadline": category.deadline_text()},
        "metadata": False,
        "type": "realtime",
        "keywords": [category.code],
        "group": category.get_kind_display(),
    }


@_endpoint
@require_GET
def service_list(request, fmt):
    rows = [_service(category) for category in Category.objects.filter(active=True)]
    return _answer(fmt, "services", "service", rows)


def _category(code: str, missing_status: int) -> Category:
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        raise Open311Error(missing_status, _("There is no service with the code %(code)s.") % {"code": code})
    return category


@_endpoint
@require_GET
def service_definition(request, code, fmt):
    category = _category(code, 404)
    if fmt == "xml":
        body = ET.Element("service_definition")
        ET.SubElement(body, "service_code").text = category.code
        ET.SubElement(body, "attributes")
        return HttpResponse(
            ET.tostring(body, encoding="UTF-8", xml_declaration=True), content_type="text/xml; charset=utf-8"
        )
    return JsonResponse({"service_code": category.code, "attributes": []})


# ---- requests ------------------------------------------------------------------------


def public_findings():
    """The findings Open311 shows: the public's reports (the report page's and Open311's),
    with what their answers read (categories, parties, zones' leads, rejections) joined."""
    return (
        Finding.objects.filter(source=FindingSource.PUBLIC)
        .select_related("category", "crew", "department", "unit", "zone__lead")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.filter(kind=StepKind.REJECTED), to_attr="rejections"))
    )


def _request(finding: Finding) -> dict:
    status = public.public_status(finding)
    agency = finding.party or finding.zone.lead
    lon, lat = finding.lon, finding.lat
    return {
        "service_request_id": str(finding.pk),
        "status": status.open311,
        "status_notes": status.notes,
        "service_name": finding.category.display_name,
        "service_code": finding.category.code,
        "description": finding.description,
        "agency_responsible": str(agency) if agency else "",
        "service_notice": "",
        "requested_datetime": _w3c(finding.created),
        "updated_datetime": _w3c(finding.updated),
        "expected_datetime": _w3c(finding.deadline),
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": lat,
        "long": lon,
        "media_url": "",
    }


def _date(request, name: str) -> datetime.datetime | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        message = _(
            "%(name)s must be a W3C date and time with its time zone, e.g. 2026-09-28T09:00:00+08:00: %(value)s is not."
        )
        raise Open311Error(400, message % {"name": name, "value": text})
    return moment


def _filtered(request):
    findings = public_findings()
    ids = request.GET.get("service_request_id", "").strip()
    if ids:
        # The standard: with ids, every other filter is ignored.
        parts = [part.strip() for part in ids.split(",") if part.strip()]
        if len(parts) > MAX_IDS or not all(part.isdigit() and len(part) <= 18 for part in parts):
            raise Open311Error(
                400, _("service_request_id must be a comma list of at most %(limit)s numbers.") % {"limit": MAX_IDS}
            )
        return findings.filter(pk__in=[int(part) for part in parts])
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date must be before end_date."))
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    if start:
        findings = findings.filter(created__gte=start)
    if end:
        findings = findings.filter(created__lte=end)
    code = request.GET.get("service_code", "").strip()
    if code:
        findings = findings.filter(category__code__in=[part.strip() for part in code.split(",")])
    status = request.GET.get("status", "").strip()
    if status:
        wanted = {part.strip() for part in status.split(",")}
        if not wanted <= {"open", "closed"}:
            raise Open311Error(400, _("status must be open or closed."))
        if wanted == {"open"}:
            findings = findings.filter(status__in=OPEN_STATUSES)
        elif wanted == {"closed"}:
            findings = findings.exclude(status__in=OPEN_STATUSES)
    return findings


@_endpoint
@require_http_methods(["GET", "POST"])
def request_list(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    findings = _filtered(request).order_by("-created", "-pk")[:MAX_REQUESTS]
    return _answer(fmt, "service_requests", "request", [_request(finding) for finding in findings])


@_endpoint
@require_GET
def request_detail(request, pk, fmt):
    finding = public_findings().filter(pk=pk).first()
    if finding is None:
        raise Open311Error(404, _("There is no service request %(id)s.") % {"id": pk})
    return _answer(fmt, "service_requests", "request", [_request(finding)])


def _inside_zones(lon: float, lat: float) -> bool:
    here = Point(lon, lat)
    return any(
        shape(boundary).covers(here)
        for boundary in Zone.objects.filter(boundary__isnull=False).values_list("boundary", flat=True)
    )


def _coordinate(request, name: str, limit: float) -> float | None:
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not -limit <= value <= limit:
        raise Open311Error(400, _("%(name)s must be a number of degrees (WGS84): %(value)s is not.") % {
            "name": name, "value": text
        })  # fmt: skip
    return value


def _post_request(request, fmt) -> HttpResponse:
    if ApiKey.objects.matching(request.POST.get("api_key", "").strip()) is None:
        raise Open311Error(403, _("A valid api_key is required to post a service request."))
    code = request.POST.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = _category(code, 400)
    lat, lon = _coordinate(request, "lat", 90), _coordinate(request, "long", 180)
    if lat is None or lon is None:
        if request.POST.get("address_string", "").strip() or request.POST.get("address_id", "").strip():
            raise Open311Error(400, _("This server does not locate addresses: give lat and long."))
        raise Open311Error(400, _("lat and long are required."))
    if not _inside_zones(lon, lat):
        raise Open311Error(400, _("The place (%(lat)s, %(long)s) is outside the zone.") % {"lat": lat, "long": lon})
    description = request.POST.get("description", "").strip()
    if not description:
        raise Open311Error(400, _("description is required."))
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise Open311Error(
            400, _("description may be at most %(limit)s characters long.") % {"limit": DESCRIPTION_MAX_LENGTH}
        )
    media_url = request.POST.get("media_url", "").strip()
    if media_url:
        # Photos are not fetched from other sites: the link goes with the text.
        description = f"{description}\n{media_url}"
    try:
        finding = services.report(category, description, point={"type": "Point", "coordinates": [lon, lat]})
    except ValidationError as error:
        raise Open311Error(400, " ".join(error.messages)) from None
    notice = _("Received: an inspector will look at it. Tracking code %(code)s.") % {
        "code": public.tracking_code(finding)
    }
    return _answer(
        fmt,
        "service_requests",
        "request",
        [{"service_request_id": str(finding.pk), "service_notice": notice, "account_id": None}],
    )
