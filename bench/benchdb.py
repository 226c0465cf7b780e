"""The benchmarks' own databases: created fresh on the server of DATABASE_URL, dropped after."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER_DEFAULT = "postgres://postgres@127.0.0.1:5432/shouwei"


def bench_url(server_url: str, database: str) -> str:
    """DATABASE_URL with its database name replaced by the benchmark's own."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{database}"))


def _admin_connection(url: str) -> psycopg.Connection:
    """A connection to the server's maintenance database, for CREATE and DROP DATABASE."""
    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def recreate_database(url: str) -> None:
    database = urlsplit(url).path.lstrip("/")
    with _admin_connection(url) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")


def drop_database(url: str) -> None:
    database = urlsplit(url).path.lstrip("/")
    with _admin_connection(url) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def open_database(database: str) -> tuple[str, str]:
    """Create the benchmark's database afresh, point Django at it (DEBUG off: a query log
    would be measured too), set Django up and migrate. Returns (url, server version)."""
    url = bench_url(os.environ.get("DATABASE_URL", SERVER_DEFAULT), database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    recreate_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    return url, version


def verdict(met: bool, goal: str) -> str:
    return f"  goal met: {goal}" if met else f"  GOAL MISSED: {goal}"
