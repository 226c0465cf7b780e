"""The work-order list: every order the user may see (queries.orders_for_user: managers
and inspectors every crew's, crew members their own crews'), filtered, page by page, and
exported as CSV or XLSX.

The query-string parameters are the page's public interface: the dashboard links its
figures here with them, and the exports take the same ones.

- ``status``: ``open`` (scheduled or in progress, overdue or not), ``overdue`` (open and
  past due: overdue_condition), ``done``, ``done_on_time`` (closed on or before its due
  date, in the zone's time), ``done_late``, ``skipped``, ``cancelled``, ``waiting``
  (open and not yet past due), ``due`` (every status but cancelled: what was due);
- ``crew``, ``department`` (the crew's), ``zone`` (the asset's), ``plan``, ``task_type``
  (the plan's): ids;
- ``kind``: ``preventive`` (from a plan's rule) or ``corrective`` (a crew's corrective
  plan: Plan.corrective);
- ``due_from``, ``due_to``: dates, YYYY-MM-DD, both inclusive;
- ``page``: the page number (the list only).

For example ``/maintenance/orders/?status=overdue&department=3`` or
``/maintenance/orders/export.xlsx?status=done_late&due_from=2026-09-01&due_to=2026-09-30``.
A value that is not one of these (a crew that does not exist, a date that is no date, a
range the wrong way round) is shown as an error above an empty list, and an export of it
answers the list with the error (400): never a file of the wrong rows.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..filters import WorkOrderFilter
from ..queries import orders_for_user
from . import exports

ORDERS_PER_PAGE = 50
ORDER = ("due", "due_time", "pk")  # stable, and read along the wo_due_listed index


def _filtered(request) -> tuple[WorkOrderFilter, QuerySet | None]:
    """The filters, bound to the query string, over the orders the user may see, and the
    orders they choose (None when some filter is not valid: no rows chosen by half of them)."""
    filterset = WorkOrderFilter(request.GET, queryset=orders_for_user(request.user).order_by(*ORDER), request=request)
    return filterset, filterset.qs if filterset.is_valid() else None


def _render_list(request, filterset: WorkOrderFilter, orders: QuerySet | None, status: int = 200):
    today = timezone.localdate()
    orders = orders if orders is not None else filterset.queryset.none()
    shown = orders.select_related("plan__task_type", "asset__zone", "asset__road", "crew", "assignee")
    queryset = shown.defer("asset__geometry", "notes")  # a geometry can be large, and is not shown
    page = Paginator(queryset, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    for order in page:
        order.outcome_now = order.outcome(today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "maintenance/order_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=status,
    )


@require_GET
def order_list(request):
    filterset, orders = _filtered(request)
    return _render_list(request, filterset, orders)


@require_GET
def order_export(request, format: str):
    """The filtered orders as a file (format: csv or xlsx, from the URL)."""
    filterset, orders = _filtered(request)
    if orders is None:
        return _render_list(request, filterset, orders, status=400)
    today = timezone.localdate()
    filename = f"work-orders-{today:%Y-%m-%d}.{format}"
    if format == "csv":
        return exports.csv_response(orders, today, filename)
    return exports.xlsx_response(orders, today, filename)
