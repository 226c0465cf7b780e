"""Importing the register (services.import_units): the dry run's per-row report, every row
or none, idempotent re-imports, the template's round trip, Chinese CSV, the command."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from assets.choices import AssetKind
from assets.models import Village
from frontage import services
from frontage.models import Unit
from frontage.services import imports
from tests.factories import AssetFactory, UnitFactory, ZoneFactory

from .importfiles import credit, csv_text, read_xlsx, row, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def zone():
    return ZoneFactory(code="east", name="东区", name_en="East zone")


@pytest.fixture
def village(zone):
    return Village.objects.create(code="v-qiaotou", name="桥头村", name_en="Qiaotou", zone=zone)


@pytest.fixture
def road(zone):
    return AssetFactory(code="R-001", kind=AssetKind.ROAD_SEGMENT, zone=zone)


def run(rows, *, dry_run=False, manager=None):
    return services.import_units(xlsx(rows), "xlsx", dry_run=dry_run, by=manager)


def messages(report) -> dict[int, str]:
    return {entry.number: " ".join(entry.messages) for entry in report.rows if entry.messages}


def test_a_dry_run_says_what_each_row_would_do_and_writes_nothing(zone, village, road):
    UnitFactory(code="U-1", zone=zone, name="老店")
    report = run(
        [
            row("U-1", zone, name="新名"),
            row(
                "U-2",
                zone,
                kind="餐饮店",  # the Chinese name of a kind
                credit_code=credit(2).lower(),
                village="Qiaotou",
                road="R-001",
                frontage='{"type": "LineString", "coordinates": [[120.05, 28.9], [120.0502, 28.9]]}',
            ),
            row("U-3", zone, kind="Market stall", zone="东区"),
        ],
        dry_run=True,
    )
    assert [(r.number, r.code, r.action) for r in report.rows] == [
        (2, "U-1", "update"),
        (3, "U-2", "new"),
        (4, "U-3", "new"),
    ]
    assert not report.failed and not report.written
    assert "would be created" in report.summary()
    assert Unit.objects.get().name == "老店"


def test_the_dry_run_names_each_rows_error(zone):
    UnitFactory(code="U-9", credit_code=credit(9), zone=zone)
    bad_check = credit(1)[:-1] + ("0" if credit(1)[-1] != "0" else "1")
    report = run(
        [
            row("U-1", zone, name=""),  # 2: missing name
            row("U-2", zone, credit_code=bad_check),  # 3: wrong check character
            row("U-3", zone, credit_code="91330782MA2HX0O00X"),  # 4: the letter O
            row("U-4", zone, zone="west"),  # 5: unknown zone
            row("U-5", zone, village="nowhere"),  # 6
            row("U-6", zone, road="R-404"),  # 7
            row("U-7", zone, kind="bakery"),  # 8
            row("U-8", zone, longitude=200),  # 9
            row("U-10", zone, latitude="north"),  # 10
            row("U-11", zone, credit_code=credit(11)),  # 11
            row("U-11", zone, credit_code=credit(12)),  # 12: the code again
            row("U-13", zone, credit_code=credit(11)),  # 13: the credit code again
            row("U-14", zone, credit_code=credit(9)),  # 14: registered to U-9
            row("U-15", zone, credit_code="12345"),  # 15: too short
            row("U-16", zone, zone=""),  # 16: no zone
            row("", zone),  # 17: no code
        ],
        dry_run=True,
    )
    errors = messages(report)
    assert "Unit name: This field cannot be blank." in errors[2]
    assert "check character is wrong" in errors[3]
    assert "The letter O is not used" in errors[4]
    assert "Unknown zone “west”" in errors[5]
    assert "Unknown village or community “nowhere”" in errors[6]
    assert "Unknown road segment “R-404”" in errors[7]
    assert "Unknown kind “bakery”" in errors[8]
    assert "within ±180" in errors[9]
    assert "must both be numbers" in errors[10]
    assert 11 not in errors
    assert "The code U-11 is also on row 11" in errors[12]
    assert f"The credit code {credit(11)} is also on row 11" in errors[13]
    assert "registered to unit U-9 already" in errors[14]
    assert "has 18 characters; this one has 5" in errors[15]
    assert "Give the unit's responsibility zone" in errors[16]
    assert "Unit code: This field cannot be blank." in errors[17]
    assert {r.number for r in report.rows if r.action == "error"} == set(errors)
    assert report.failed and "Nothing was written" in report.summary()
    assert Unit.objects.count() == 1


def test_one_bad_row_among_good_ones_writes_none(zone):
    report = run([row("U-1", zone), row("U-2", zone, zone="west"), row("U-3", zone)])
    assert [r.action for r in report.rows] == ["new", "error", "new"]
    assert report.failed and not report.written
    assert not Unit.objects.exists()


def test_importing_the_same_file_again_changes_nothing(zone, village, frozen):
    rows = [
        row("U-1", zone, credit_code=credit(1), village="v-qiaotou", contact_name="王", active="是"),
        row("U-2", zone, frontage='{"type": "LineString", "coordinates": [[120.05, 28.9], [120.0502, 28.9]]}'),
    ]
    first = run(rows)
    assert first.written and first.totals["new"] == 2
    updated = dict(Unit.objects.values_list("code", "updated"))
    frozen.shift(3600)
    second = run(rows)
    assert [r.action for r in second.rows] == ["unchanged", "unchanged"]
    assert dict(Unit.objects.values_list("code", "updated")) == updated
    rows[1]["name"] = "改名"
    rows[1]["longitude"] = 120.06
    third = run(rows)
    assert [r.action for r in third.rows] == ["unchanged", "update"]
    changed = Unit.objects.get(code="U-2")
    assert changed.name == "改名" and changed.updated > updated["U-2"]
    assert changed.location["coordinates"] == [120.06, 28.9]
    assert changed.min_lon == pytest.approx(120.05) and changed.max_lon == pytest.approx(120.06)  # measured again


def test_the_template_round_trip(zone, client):
    content = services.unit_template("xlsx")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == ["Unit code", "Unit name"]
    assert sheet.cell(2, 9).value == "east"  # the example row names a real zone
    sheet.cell(2, 1).value = "U-100"
    sheet.append(["U-101", "小吃店", "Restaurant", "", "", 120.06, 28.91, None, "East zone"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = services.import_units(buffer.getvalue(), "xlsx", dry_run=False)
    assert report.written, report.rows
    assert {u.code: u.kind for u in Unit.objects.all()} == {"U-100": "shop", "U-101": "restaurant"}


def test_chinese_headers_and_a_gb18030_csv(zone):
    with translation.override("zh-hans"):
        headers = [imports.header(key) for key in imports.KEYS]
    values = {**row("U-1", zone), "name": "老王面馆", "kind": "餐饮店"}
    content = ",".join(headers) + "\r\n" + ",".join(str(values.get(key, "")) for key in imports.KEYS) + "\r\n"
    report = services.import_units(content.encode("gb18030"), "csv", dry_run=False)
    assert report.written, (report.errors, report.rows)
    assert Unit.objects.get().name == "老王面馆"
    # UTF-8 with a BOM, as Excel's "CSV UTF-8" saves it: the same file, unchanged.
    again = services.import_units(content.encode("utf-8-sig"), "csv", dry_run=False)
    assert [r.action for r in again.rows] == ["unchanged"]


def test_files_that_cannot_be_imported_say_why(zone, monkeypatch):
    assert "not an XLSX file" in run_bytes(b"not a zip", "xlsx")
    assert "lacks the columns" in run_bytes(xlsx([row("U-1", zone)], headers=["code", "name"]), "xlsx")
    assert "Unknown columns: colour" in run_bytes(csv_text([], headers=["code", "colour"]).encode(), "csv")
    assert "neither UTF-8 nor GB18030" in run_bytes("code\n".encode("utf-16"), "csv")
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    assert "more than 2 rows" in run_bytes(xlsx([row(f"U-{n}", zone) for n in range(3)]), "xlsx")
    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    assert "at most 0 MB" in run_bytes(b"x" * 101, "csv")
    assert not Unit.objects.exists()


def run_bytes(content: bytes, format: str) -> str:
    report = services.import_units(content, format, dry_run=True)
    assert report.failed
    return " ".join(report.errors)


def test_the_command_checks_imports_and_writes_the_template(zone, tmp_path, capsys):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx([row("U-1", zone), row("U-2", zone)]))
    call_command("import_frontage", str(path), "--dry-run")
    assert "would be created" in capsys.readouterr().out and not Unit.objects.exists()
    call_command("import_frontage", str(path))
    assert Unit.objects.count() == 2
    path.write_bytes(xlsx([row("U-3", zone, zone="west")]))
    with pytest.raises(SystemExit) as exit:
        call_command("import_frontage", str(path))
    assert exit.value.code == 1
    out = capsys.readouterr().out
    assert "row 2" in out and "Unknown zone “west”" in out
    template = tmp_path / "template.csv"
    call_command("import_frontage", "--template", str(template))
    assert template.read_bytes().startswith(b"\xef\xbb\xbfUnit code,")
    call_command("import_frontage", "--template", str(tmp_path / "template.xlsx"))
    assert read_xlsx((tmp_path / "template.xlsx").read_bytes())[0][0] == "Unit code"
