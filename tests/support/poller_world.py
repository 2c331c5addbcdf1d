"""A small world for the poller's tests: four units in four lights on 2025-10-10, the rest with nothing open.
``add_case`` is re-exported from tests.support.factories for the tests written against this module."""

import datetime as dt

import pytest
from sqlalchemy import select

from console.domain import catalogue
from console.models import repository as repo
from console.models.schema import Unit
from tests.support.factories import add_case

NOW = dt.datetime(2025, 10, 10, 10, 0)  # Friday after National Day 2025


def clock():
    return NOW


@pytest.fixture
def world(Session):
    """Four units in four lights on 2025-10-10, one unit with nothing open."""
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        ids = {
            "red": add_case(s, "R1", "D01", dt.datetime(2025, 9, 22, 9)),  # due 09-28
            "yellow": add_case(s, "Y1", "D02", dt.datetime(2025, 9, 26, 9)),  # due 10-10 (today)
            "blue": add_case(s, "B1", "D03", dt.datetime(2025, 9, 29, 9)),  # due 10-13, 3 left
            "normal": add_case(s, "N1", "D04", dt.datetime(2025, 10, 9, 9)),  # due 10-16
        }
        units = {u.code: u.id for u in s.scalars(select(Unit))}
    return Session, ids, units


__all__ = ["NOW", "add_case", "clock", "world"]
