"""Fixtures shared by the assets tests' files."""

import pytest

from tests.factories import DepartmentFactory, ZoneFactory


@pytest.fixture
def place(db):
    """A department and a zone for new assets."""
    department = DepartmentFactory()
    return department, ZoneFactory(lead=department)
