"""Fixtures of the desktop suite: one X display with openbox for the session, one seeded demo database copied
for each test, the console started on it (tests/support/desktop.py)."""

from __future__ import annotations

import signal

import pytest

from tests.support.desktop import ARTIFACTS, DESKTOP_PACKAGES, LOGIN, DesktopConsole, XSession, missing_tools


@pytest.fixture(scope="session")
def xsession():
    missing = missing_tools()
    if missing:
        pytest.fail(
            "the desktop suite needs an X server and a window manager: "
            f"apt-get install {' '.join(missing)} (.ci/run installs {' '.join(DESKTOP_PACKAGES)})"
        )
    x = XSession()
    yield x
    x.close()


@pytest.fixture(scope="session")
def demo_db(xsession, tmp_path_factory):
    """The demo database after its first start (catalogue, ten days of history, four red alarms open)."""
    base = tmp_path_factory.mktemp("desktop-template")
    c = DesktopConsole(xsession, base, ARTIFACTS / "_template")
    db = c.db
    try:
        c.window(LOGIN, timeout=240)  # the first start seeds the history through the ingest path
        c.send(signal.SIGTERM)
        c.wait_exit(30)  # how it ends is test_signals_end_the_console_cleanly's matter
    finally:
        c.close()
    return db


@pytest.fixture
def start_console(xsession, demo_db, tmp_path, request):
    """``start_console(settings=None, seed=None)``: the console on a fresh copy of the demo database; QSettings
    values such as ``{"alarms/realert_ms": 2000}`` go into its own settings file."""
    started = []

    def start(settings: dict | None = None, seed=None) -> DesktopConsole:
        """``seed(console)`` runs on the database copy before the console starts."""
        c = DesktopConsole(
            xsession, tmp_path / "home", ARTIFACTS / request.node.name, settings, start=False, template=demo_db
        )
        if seed is not None:
            seed(c)
        c.start()
        started.append(c)
        return c

    yield start
    for c in started:
        c.close()
