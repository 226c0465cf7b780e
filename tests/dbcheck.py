"""Does a PostgreSQL answer at DATABASE_URL? Used by `make test` before the suite runs.

python -m tests.dbcheck [--quiet] [--wait SECONDS]
"""

import os
import sys
import time

import dj_database_url
import psycopg


def answers(url: str) -> str | None:
    """None if the server answers, else the reason it does not."""
    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]
    return None


def main(argv: list[str]) -> int:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shouwei")
    wait = float(argv[argv.index("--wait") + 1]) if "--wait" in argv else 0
    deadline = time.monotonic() + wait
    while (reason := answers(url)) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    if reason is None:
        return 0
    if "--quiet" not in argv:
        print(
            f"make test needs a PostgreSQL server, and none answers at {url} ({reason}): "
            "install PostgreSQL (e.g. 'apt-get install postgresql') and start it, or set DATABASE_URL "
            "to a server you can use.",
            file=sys.stderr,
        )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
