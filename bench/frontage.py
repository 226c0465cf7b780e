"""Benchmark of the door-pledge register's bulk import on PostgreSQL (`make bench-frontage`,
part of `make bench`; see bench/README.md).

Generates an XLSX of 5,000 units (by default; Chinese headers, a realistic mix of credit
codes, frontage lines, villages and roads) and times services.import_units on it: the dry
run, the import, and the same file imported again (every row unchanged). For scale, the
rows the import stored are copied with PostgreSQL's COPY into a scratch table like the
units' (its indexes and constraints included): the import's time over COPY's.

    python bench/frontage.py [--units N] [--keep]

The database shouwei_bench_frontage is created (dropped first if it exists) on the server of
DATABASE_URL and dropped at the end unless --keep. The figures are for reading (and for
docs/benchmarks.md); the exit code is 0 unless the import itself fails.
"""

import argparse
import io
import json
import random
import resource
import sys
import time

from benchdb import drop_database, open_database, verdict

DATABASE = "shouwei_bench_frontage"
LON, LAT = 120.05, 28.90
SCRATCH = "bench_unit_copy"


def create_registry():
    """Five zones, twenty villages and fifty road segments to refer to."""
    from assets.choices import AssetKind, ZoneType
    from assets.models import Asset, Department, Village, Zone

    department = Department.objects.create(code="bench", name="基准测试部门")
    zones = [
        Zone.objects.create(
            code=f"z{n}", name=f"责任区{n}", name_en=f"Zone {n}", type=ZoneType.ROADS_GREENING, lead=department
        )
        for n in range(5)
    ]
    villages = [Village.objects.create(code=f"v{n:02d}", name=f"村{n}", zone=zones[n % 5]) for n in range(20)]
    roads = [
        Asset.objects.create(
            code=f"R-{n:03d}",
            name=f"道路{n}",
            kind=AssetKind.ROAD_SEGMENT,
            department=department,
            zone=zones[n % 5],
            geometry={"type": "LineString", "coordinates": [[LON, LAT + n * 0.001], [LON + 0.01, LAT + n * 0.001]]},
        )
        for n in range(50)
    ]
    return zones, villages, roads


def unit_rows(count: int, zones, villages, roads) -> list[dict]:
    from frontage.credit_code import check_character

    kinds = ["商铺", "餐饮店", "企业", "市场摊位", "other"]
    rng = random.Random(11)
    rows = []
    for n in range(count):
        lon, lat = LON + rng.uniform(-0.05, 0.05), LAT + rng.uniform(-0.05, 0.05)
        base = f"91330782MA{n:07d}"
        zone = zones[n % 5]
        rows.append(
            {
                "code": f"U-{n:05d}",
                "name": f"基准单位{n}",
                "kind": kinds[n % 5],
                "credit_code": base + check_character(base) if n % 5 < 3 else "",
                "address": f"基准路{n}号",
                "longitude": round(lon, 6),
                "latitude": round(lat, 6),
                "frontage": json.dumps(
                    {
                        "type": "LineString",
                        "coordinates": [[round(lon, 6), round(lat, 6)], [round(lon + 0.0002, 6), round(lat, 6)]],
                    }
                )
                if n % 10 < 7
                else "",
                "zone": zone.code if n % 2 else zone.name,
                "village": villages[n % 20].code if n % 10 < 3 else "",
                "road": roads[n % 50].code if n % 10 < 4 else "",
                "contact_name": f"联系人{n}",
                "contact_phone": f"139{n:08d}",
                "active": 1 if n % 50 else 0,
                "notes": "",
            }
        )
    return rows


def xlsx(rows: list[dict]) -> bytes:
    from django.utils import translation
    from openpyxl import Workbook

    from frontage.resources import KEYS, header

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("units")
    with translation.override("zh-hans"):
        sheet.append([header(key) for key in KEYS])
    for row in rows:
        sheet.append([row[key] for key in KEYS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def copy_time(count: int) -> float:
    """The seconds COPY takes to write the units the import stored into a scratch table
    like theirs (indexes and constraints included), committed."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(f"CREATE TABLE {SCRATCH} (LIKE frontage_unit INCLUDING ALL)")
        buffer = io.BytesIO()
        with cursor.copy("COPY (SELECT * FROM frontage_unit ORDER BY id) TO STDOUT") as copy:
            for data in copy:
                buffer.write(data)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.copy(f"COPY {SCRATCH} FROM STDIN") as copy:
            copy.write(buffer.getvalue())
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {SCRATCH}")
        assert cursor.fetchone()[0] == count
        cursor.execute(f"DROP TABLE {SCRATCH}")
    return elapsed


CPU = {}


def timed(function, *args, **kwargs):
    """The result and the wall-clock seconds; this process's CPU seconds go into CPU (on a
    shared machine the wall clock also counts the waits for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    CPU[function.__name__] = time.process_time() - cpu
    return result, time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5_000, help="units in the file; default 5,000")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database afterwards")
    args = parser.parse_args(argv)

    url, server_version = open_database(DATABASE)
    try:
        from django.db import connections
        from django.db.models import Max
        from django.utils import timezone

        from frontage import services
        from frontage.models import Unit
        from frontage.services.imports import read_dataset

        print(f"Shouwei door-unit import benchmark, {timezone.localdate()}, {server_version}, database {DATABASE}")
        zones, villages, roads = create_registry()
        content, made = timed(xlsx, unit_rows(args.units, zones, villages, roads))
        print(f"File: {args.units:,} units, XLSX of {len(content) / 1024 / 1024:.1f} MB (made in {made:.1f} s)")

        _dataset, reading = timed(read_dataset, content, "xlsx")
        print(f"Reading the XLSX alone (openpyxl, read-only): {reading:.2f} s (CPU {CPU['read_dataset']:.2f} s)")
        dry, dry_time = timed(services.import_units, content, "xlsx", dry_run=True)
        print(
            f"Dry run: {dry.totals} in {dry_time:.2f} s ({args.units / dry_time:,.0f} rows/s; "
            f"CPU {CPU['import_units']:.2f} s)"
        )
        report, import_time = timed(services.import_units, content, "xlsx", dry_run=False)
        if report.failed:
            print("The import failed:", report.errors, [row for row in report.rows if row.messages][:5])
            return 1
        print(
            f"Import: {report.totals} in {import_time:.2f} s ({args.units / import_time:,.0f} rows/s; "
            f"CPU {CPU['import_units']:.2f} s)"
        )

        copying = copy_time(args.units)
        print(f"COPY of the same {args.units:,} rows into a scratch table like the units': {copying:.3f} s")
        print(f"  import / COPY: {import_time / copying:,.0f}× (COPY writes; the import reads, checks and writes)")

        updated = Unit.objects.aggregate(last=Max("updated"))["last"]
        again, again_time = timed(services.import_units, content, "xlsx", dry_run=False)
        print(f"The same file again: {again.totals} in {again_time:.2f} s (CPU {CPU['import_units']:.2f} s)")
        unchanged = (
            again.totals["unchanged"] == args.units and Unit.objects.aggregate(last=Max("updated"))["last"] == updated
        )
        print(verdict(unchanged, "importing the same file again changes nothing"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Peak memory (max RSS): {peak:.0f} MB")
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
