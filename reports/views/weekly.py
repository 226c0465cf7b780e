"""The Monday report's pages (managers and administrators; others 403): the stored weeks,
a week's report (printable on A4), and its XLSX. A week not stored is a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..models_weekly import WeeklyReport
from ..queries import may_see_reports
from ..weekly_xlsx import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, week: str) -> WeeklyReport:
    if not may_see_reports(request.user):
        raise PermissionDenied
    try:
        return WeeklyReport.objects.get(week=week)
    except WeeklyReport.DoesNotExist:
        raise Http404 from None


@require_GET
def report_list(request):
    if not may_see_reports(request.user):
        raise PermissionDenied
    reports = WeeklyReport.objects.only("week", "start", "end", "generated")
    return render(request, "reports/weekly_list.html", {"reports": reports})


@require_GET
def report_page(request, week: str):
    report = _report(request, week)
    data = report.data
    context = {
        "report": report,
        "data": data,
        "order_totals": [(_("Total"), data["orders"]["total"]), (_("Corrective orders"), data["orders"]["corrective"])],
        "finding_totals": [(_("Total"), data["findings"]["total"])],
    }
    return render(request, "reports/weekly.html", context)


@require_GET
def report_xlsx(request, week: str):
    report = _report(request, week)
    response = HttpResponse(workbook(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="shouwei-{report.week}.xlsx"'
    return response
