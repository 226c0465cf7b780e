"""The Monday report's pages (managers and administrators; a department head reads their
department's part, weekly.for_departments; others 403): the stored weeks, a week's report
(printable on A4), and its XLSX. A week not stored is a 404."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..models_weekly import WeeklyReport
from ..queries import dashboard_scope, led_zones
from ..weekly import for_departments
from ..weekly_xlsx import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, week: str) -> tuple[WeeklyReport, dict]:
    """The stored week and the part of its data the user reads."""
    scope = dashboard_scope(request.user)
    try:
        report = WeeklyReport.objects.get(week=week)
    except WeeklyReport.DoesNotExist:
        raise Http404 from None
    if scope is None:
        return report, report.data
    return report, for_departments(report.data, scope, led_zones(scope))


@require_GET
def report_list(request):
    dashboard_scope(request.user)
    reports = WeeklyReport.objects.only("week", "start", "end", "generated")
    return render(request, "reports/weekly_list.html", {"reports": reports})


@require_GET
def report_page(request, week: str):
    report, data = _report(request, week)
    context = {"report": report, "data": data, "scoped": data.get("scoped", False)}
    if not context["scoped"]:
        orders = data["orders"]
        context["order_totals"] = [(_("Total"), orders["total"]), (_("Corrective orders"), orders["corrective"])]
        context["finding_totals"] = [(_("Total"), data["findings"]["total"])]
    return render(request, "reports/weekly.html", context)


@require_GET
def report_xlsx(request, week: str):
    report, data = _report(request, week)
    response = HttpResponse(workbook(report, data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="shouwei-{report.week}.xlsx"'
    return response
