"""Register files for the import and export tests: rows as dicts under the column keys."""

import csv
import io

from openpyxl import Workbook, load_workbook

from frontage.credit_code import check_character
from frontage.resources import KEYS


def credit(n: int) -> str:
    """A valid unified social credit code, different for each n."""
    base = f"91330782MA{n:07d}"
    return base + check_character(base)


def row(code: str, in_zone, **values) -> dict:
    return {
        "code": code,
        "name": f"商铺{code}",
        "kind": "shop",
        "longitude": 120.05,
        "latitude": 28.9,
        "zone": in_zone.code,
        **values,
    }


def xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    keys = headers or KEYS
    sheet.append(keys)
    for values in rows:
        sheet.append([values.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[dict], headers: list[str] | None = None) -> str:
    keys = headers or KEYS
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    for values in rows:
        writer.writerow(["" if values.get(key) is None else values.get(key) for key in keys])
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(values) for values in sheet.iter_rows(values_only=True)]
