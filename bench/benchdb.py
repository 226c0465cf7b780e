"""The benchmarks' own databases: created fresh on the server of DATABASE_URL, dropped after."""

from urllib.parse import urlsplit, urlunsplit

import psycopg


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
