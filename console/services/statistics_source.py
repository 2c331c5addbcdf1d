"""The statistics screen's figures for a console (Qt-free): one read of every page in one session.

Runs on the controller's worker pool (``ConsoleController.run_request``), never on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from console.domain import clock as centre_clock
from console.domain.statistics import StatisticsPages
from console.models.supervision import SessionFactory
from console.supervision.statistics import build_pages


class StatisticsSource:
    def __init__(self, Session: SessionFactory, clock: Callable[[], dt.datetime] = centre_clock.now):
        self.Session = Session
        self.clock = clock

    def __call__(self) -> StatisticsPages:
        with self.Session() as s:
            return build_pages(s, self.clock())
