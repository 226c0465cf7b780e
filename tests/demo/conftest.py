"""The demo, loaded once for the whole package (it makes six weeks of history through the
services, which takes a while), at a fixed moment, and rolled back after the package."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from maintenance.services import generate_work_orders

# A working Wednesday; the next 14 days hold no public holiday. The history runs from
# Wednesday 14 October (after National Day) to Tuesday 24 November.
NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()


@pytest.fixture(scope="package")
def demo_loaded(django_db_setup, django_db_blocker):
    """load_demo's output and the generation `make run` runs after it, at NOW."""
    with time_machine.travel(NOW, tick=False), django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        with translation.override("en"):
            call_command("load_demo", stdout=output)
        generated = generate_work_orders()
        yield output.getvalue(), generated
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_loaded, db):
    """Each test runs in a savepoint inside the package's transaction, still at NOW."""
    with time_machine.travel(NOW, tick=False):
        yield demo_loaded
