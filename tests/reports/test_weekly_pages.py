"""The Monday report's pages: the list, a week's page and its XLSX (opened with openpyxl,
checked cell by cell), who may read them, the dashboard's link."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from reports.weekly import generate_weekly_report
from tests.reports import week_data
from tests.reports.week_data import TODAY

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


@pytest.fixture
def report(db):
    week_data.build()
    return generate_weekly_report("2026-W40")


def test_the_list_and_the_page(report, signed_in, manager, django_assert_num_queries):
    client = signed_in(manager)
    assert 'href="/reports/weekly/"' in client.get("/dashboard/").content.decode()
    page = client.get("/reports/weekly/").content.decode()
    assert 'href="/reports/weekly/2026-W40/"' in page
    assert 'href="/reports/weekly/2026-W40.xlsx"' in page
    html = client.get("/reports/weekly/2026-W40/").content.decode()
    assert "weekly_print.css" in html
    assert "2026-09-28 – 2026-10-04" in html
    assert "42.9%" in html  # the compliance
    assert "+6" in html  # Municipal's due orders against none the week before


def test_the_list_has_a_constant_query_count(report, signed_in, manager, django_assert_num_queries):
    client = signed_in(manager)
    # The session, the user, the user's groups (the role), the user's and the groups'
    # permissions (the menu), the reports.
    with django_assert_num_queries(6):
        client.get("/reports/weekly/")
    generate_weekly_report("2026-W39")
    generate_weekly_report("2026-W38")
    with django_assert_num_queries(6):
        assert client.get("/reports/weekly/").content.decode().count('.xlsx"') == 3


def test_an_unknown_week_is_404(report, signed_in, manager):
    client = signed_in(manager)
    assert client.get("/reports/weekly/2026-W41/").status_code == 404
    assert client.get("/reports/weekly/2026-W41.xlsx").status_code == 404
    assert client.get("/reports/weekly/2026-41/").status_code == 404


@pytest.mark.parametrize("url", ["/reports/weekly/", "/reports/weekly/2026-W40/", "/reports/weekly/2026-W40.xlsx"])
def test_crews_may_not_read_it(report, signed_in, crew_member, url):
    assert signed_in(crew_member).get(url).status_code == 403


def test_the_xlsx_cell_by_cell(report, signed_in, administrator):
    response = signed_in(administrator).get("/reports/weekly/2026-W40.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="shouwei-2026-W40.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Week",
        "Orders per department",
        "Orders per zone",
        "Findings per department",
        "Findings per zone",
        "Worst places",
        "Escalated rebounds",
    ]
    week = book["Week"]
    assert [week.cell(row=n, column=1).value for n in range(1, 6)] == [
        "Week",
        "From",
        "To",
        "Generated",
        "Compared with",
    ]
    assert week["B1"].value == "2026-W40"
    assert week["B2"].value == datetime.datetime(2026, 9, 28)
    assert week["B5"].value == "2026-W39"

    orders = book["Orders per department"]
    header = [cell.value for cell in orders[1]]
    assert header[:3] == ["Department", "Due", "Due, change"]
    assert header[13:15] == ["Compliance", "Compliance, change"]
    rows = [[cell.value for cell in row] for row in orders.iter_rows(min_row=2)]
    assert rows[0][:13] == ["Municipal", 6, 6, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0]
    assert rows[0][13] == pytest.approx(2 / 6)
    assert rows[0][14] is None  # no compliance the week before: no change
    assert orders.cell(row=2, column=14).number_format == "0.0%"
    assert [row[0] for row in rows] == ["Municipal", "Social", "Total", "Corrective orders"]
    assert rows[2][1] == 7 and rows[2][13] == pytest.approx(3 / 7)
    assert all(isinstance(value, int) for value in rows[2][1:13])

    zones = [[cell.value for cell in row] for row in book["Orders per zone"].iter_rows(min_row=2)]
    assert [(row[0], row[1], row[3]) for row in zones] == [("一区", 3, 2), ("二区", 4, 1)]

    findings = book["Findings per zone"]
    assert [cell.value for cell in findings[1]][:3] == ["Zone", "Registered", "Registered, change"]
    total = [cell.value for cell in findings[findings.max_row]]
    assert total[0] == "Total"
    assert total[1] == 7
    assert total[7] == pytest.approx(3 / 4)  # the disposal rate
    assert findings.cell(row=findings.max_row, column=8).number_format == "0.0%"
    assert total[19] == pytest.approx(1 / 2)  # the rebound rate

    places = [[cell.value for cell in row] for row in book["Worst places"].iter_rows()]
    assert places == [["Zone", "Findings", "Rebounds", "Score"], ["一区", 5, 0, 5], ["二区", 2, 1, 3]]
    assert book["Escalated rebounds"].max_row == 1


def test_the_xlsx_headers_in_chinese(report, signed_in, manager):
    response = signed_in(manager, "zh-hans").get("/reports/weekly/2026-W40.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[1]["A1"].value == "部门"
