"""The work-order list's exports (maintenance.views.exports): CSV (UTF-8 with a BOM) and
XLSX of exactly the filtered rows the user may see, headers and statuses in the page's
language, dates as dates, text never run as a formula; bad filters refused; a constant
number of queries however many rows (read in chunks).

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from maintenance.choices import OrderStatus
from maintenance.models import Plan, WorkOrder
from maintenance.views import exports
from tests.factories import AssetFactory
from tests.maintenance.factories import DAY, TODAY, PlanFactory
from tests.maintenance.order_review import make_review
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

CSV, XLSX = reverse("order-export", args=["csv"]), reverse("order-export", args=["xlsx"])
HEADERS = [
    "Order", "Due", "Due time", "Asset code", "Asset", "Place", "Zone", "Plan", "Task type", "Crew", "Department",
    "Status", "Closed", "Assignee", "Minutes spent",
]  # fmt: skip


@pytest.fixture
def review(crew_of_member, crew_of_outsider, outsider):
    return make_review(crew_of_member, crew_of_outsider, assignee=outsider)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    data = content(response)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(content(response))).active


def test_csv_holds_exactly_the_filtered_rows(review, signed_in, manager):
    response = signed_in(manager).get(CSV, {"crew": review.crew.pk, "due_to": "2026-09-27"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="work-orders-2026-09-28.csv"'
    sanitation = review.crew.department.name_en
    road = ["RD-01", "皇城路一段", "皇城路", "East zone", "道路清扫", "Cleaning", "Sanitation crew 1", sanitation]
    assert csv_rows(response) == [
        HEADERS,
        [str(review.on_time.pk), "2026-09-25", "", *road, "Done on time", "2026-09-25 23:30", "", ""],
        [str(review.late.pk), "2026-09-26", "", *road, "Done late", "2026-09-27 00:30", "", ""],
        [str(review.skipped.pk), "2026-09-27", "", *road, "Skipped", "2026-09-27 10:00", "", ""],
    ]


def test_csv_in_chinese(review, signed_in, manager):
    rows = csv_rows(signed_in(manager, "zh-hans").get(CSV, {"status": "open", "zone": review.west.pk}))
    assert rows[0] == [
        "工单号", "应完成", "应完成时间", "设施编号", "设施", "位置", "责任区", "计划", "作业类型", "作业班组", "部门",
        "状态", "已结束", "执行人", "实际用时（分钟）",
    ]  # fmt: skip
    assert [row[0] for row in rows[1:]] == [str(review.overdue.pk), str(review.later.pk)]
    assert rows[1][5:12] == ["西区", "西区", "公园浇水", "浇水", "绿化班", review.other_crew.department.name, "逾期"]
    assert rows[2][11:14] == ["待办", "", "outsider"]


def test_a_streamed_csv_keeps_the_requests_language(review, signed_in, manager):
    response = signed_in(manager, "zh-hans").get(CSV, {"status": "overdue"})
    # The server writes a streamed body after the view has returned, perhaps while the
    # thread's language is another request's.
    with translation.override("en"):
        rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert rows[1][6:12] == ["西区", "公园浇水", "浇水", "绿化班", review.other_crew.department.name, "逾期"]


def test_xlsx_holds_the_rows_with_dates_as_dates(review, signed_in, manager):
    WorkOrder.objects.filter(pk=review.late.pk).update(minutes_spent=40)
    response = signed_in(manager).get(XLSX, {"status": "done"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="work-orders-2026-09-28.xlsx"'
    sheet = xlsx_sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [row[0] for row in rows[1:]] == [review.on_time.pk, review.late.pk]
    late = rows[2]
    assert late[1] == datetime.datetime(2026, 9, 26)  # a date cell (Excel keeps no date without a time)
    assert sheet.cell(3, 2).is_date and sheet.cell(3, 2).number_format == "yyyy-mm-dd"
    assert late[11:15] == ("Done late", datetime.datetime(2026, 9, 27, 0, 30), None, 40)
    assert sheet.cell(3, 13).is_date
    assert sheet.title == "Work orders"


def test_xlsx_due_time_is_a_time(review, signed_in, manager):
    sheet = xlsx_sheet(signed_in(manager).get(XLSX, {"due_from": "2026-09-28", "due_to": "2026-09-28"}))
    assert sheet.cell(2, 3).value == datetime.time(8, 30)


def test_a_crew_member_exports_only_their_crews_orders(review, signed_in, outsider):
    rows = csv_rows(signed_in(outsider).get(CSV))
    assert [row[0] for row in rows[1:]] == [str(review.overdue.pk), str(review.cancelled.pk), str(review.later.pk)]
    sheet = xlsx_sheet(signed_in(outsider).get(XLSX))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == pks(
        review.overdue, review.cancelled, review.later
    )


def pks(*orders) -> list[int]:
    return [order.pk for order in orders]


def test_text_is_never_run_as_a_formula(review, signed_in, manager):
    Plan.objects.filter(pk=review.sweeping.pk).update(name='=HYPERLINK("http://evil.invalid","open")')
    review.road.name = "-2+3"
    review.road.save()
    review.park.name = "公园\x01\x0b浇水点"  # control characters XML cannot hold
    review.park.save()
    rows = csv_rows(signed_in(manager).get(CSV, {"due_from": "2026-09-28", "due_to": "2026-09-29"}))
    assert rows[1][4] == "'-2+3" and rows[1][7] == '\'=HYPERLINK("http://evil.invalid","open")'
    sheet = xlsx_sheet(signed_in(manager).get(XLSX, {"due_from": "2026-09-28", "due_to": "2026-09-29"}))
    plan, asset = sheet.cell(2, 8), sheet.cell(2, 5)
    assert (plan.value, plan.data_type) == ('=HYPERLINK("http://evil.invalid","open")', "s")
    assert (asset.value, asset.data_type) == ("-2+3", "s")
    assert sheet.cell(3, 5).value == "公园浇水点"


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_bad_filters_export_nothing_and_say_why(review, signed_in, manager, url):
    response = signed_in(manager).get(url, {"status": "open", "due_from": "2026-13-01"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Due from: Enter a valid date." in body(response)


def test_an_unknown_format_is_not_found(signed_in, manager):
    assert signed_in(manager).get("/maintenance/orders/export.pdf").status_code == 404


@pytest.mark.parametrize("url", [CSV, XLSX])
@pytest.mark.parametrize("count", [5, 45])
def test_exports_run_constant_queries(
    signed_in, manager, crew_of_member, django_assert_num_queries, monkeypatch, url, count
):
    monkeypatch.setattr(exports, "CHUNK", 10)  # so that 45 rows take five chunks
    plans = [PlanFactory(crew=crew_of_member) for _ in range(3)]
    assets = [AssetFactory() for _ in range(count)]
    WorkOrder.objects.bulk_create(
        WorkOrder(
            plan=plans[n % 3], asset=asset, crew=crew_of_member, occurrence=TODAY - n * DAY, due=TODAY - n * DAY,
            status=OrderStatus.DONE if n % 2 else OrderStatus.SCHEDULED,
            closed=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC) if n % 2 else None,
            assignee=manager if n % 5 == 0 else None,
        )
        for n, asset in enumerate(assets)
    )  # fmt: skip
    client = signed_in(manager)
    # session, user, the user's permissions (own, groups': which orders they see), the
    # crew chosen (the filter's check), the rows (plan, task type, asset, zone, road,
    # crew, department, assignee joined; one server-side cursor, read in chunks)
    with django_assert_num_queries(6):
        response = client.get(url, {"crew": crew_of_member.pk})
        data = content(response)
    assert response.status_code == 200
    if url == CSV:
        assert len(data.decode("utf-8-sig").splitlines()) == count + 1
    else:
        assert load_workbook(io.BytesIO(data)).active.max_row == count + 1
