"""Helpers for the GUI benchmarks: availability of the app, a scratch copy of a benchmark database."""

from __future__ import annotations

import importlib
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.common import PG_ADMIN_URL

SKIP_PREFIX = "skipped: console.shell.app not available"


def app_available() -> str | None:
    """None when the GUI app can be built, else the reason (printed as 'skipped: ...')."""
    for mod in (
        "console.shell.app",
        "console.shell.screens",
        "console.shell.alarm_notifier",
        "console.shell.controller",
    ):
        try:
            importlib.import_module(mod)
        except Exception as exc:
            return f"{SKIP_PREFIX} ({mod}: {type(exc).__name__}: {exc})"
    if not hasattr(importlib.import_module("console.shell.app"), "ControlRoom"):
        return f"{SKIP_PREFIX} (no ControlRoom)"
    return None


def scratch_copy(url: str, suffix: str = "gui") -> tuple[str, callable]:
    """A throw-away copy of a benchmark database (the GUI benches write alarms, acks and cases)."""
    if url.startswith("sqlite"):
        src = Path(url.removeprefix("sqlite:///"))
        dst = src.with_name(f"{src.stem}_{suffix}.db")
        import sqlite3

        with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
            a.backup(b)

        def drop():
            for s in ("", "-wal", "-shm"):
                Path(str(dst) + s).unlink(missing_ok=True)

        return f"sqlite:///{dst}", drop
    name = url.rsplit("/", 1)[1]
    copy = f"{name}_{suffix}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
        # the template must have no other sessions
        c.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"
            ),
            {"d": name},
        )
        c.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
        admin.dispose()

    return url.rsplit("/", 1)[0] + "/" + copy, drop
