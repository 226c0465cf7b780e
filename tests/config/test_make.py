"""`make run` and `make serve` listen on PORT (8000 unless told)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def gunicorn_command(*args: str) -> str:
    """The gunicorn line `make` would run (dry run: nothing starts)."""
    result = subprocess.run(["make", "--dry-run", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if "gunicorn config.wsgi" in line]
    return line.strip()


def test_serve_listens_on_8000_by_default():
    assert "--bind 127.0.0.1:8000 " in gunicorn_command("serve")


@pytest.mark.parametrize("target", ["serve", "run"])
def test_port_chooses_another_port(target):
    line = gunicorn_command(target, "PORT=8080")
    assert "--bind 127.0.0.1:8080 " in line
    assert "8000" not in line
