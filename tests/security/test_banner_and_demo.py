"""The console's red banner when the audit trail fails verification, and ``--demo`` that never reaches a real
database (the report: ``--demo`` on a real database created the demo accounts there and ran the simulator)."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import text

from console.models.db import make_engine, session_factory
from console.services.poller import Backend
from console.services.supervision_client import SupervisionClient
from console.shell.app import ControlRoom, database_for
from console.shell.controller import ConsoleController
from console.supervision import auth


def args(**kw):
    return argparse.Namespace(**{"demo": False, "db": None, **kw})


def test_demo_uses_only_its_own_file(monkeypatch):
    monkeypatch.setenv("CONSOLE_DB", "postgresql+psycopg://console@dbhost/supervision")
    assert database_for(args(demo=True)) == ("sqlite:///var/demo.db", True)  # not $CONSOLE_DB
    with pytest.raises(ValueError, match="--demo"):
        database_for(args(demo=True, db="postgresql+psycopg://console@dbhost/supervision"))
    assert database_for(args()) == ("postgresql+psycopg://console@dbhost/supervision", False)


def test_without_a_url_the_console_opens_what_the_readme_says(monkeypatch, tmp_path):
    monkeypatch.delenv("CONSOLE_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert database_for(args()) == ("sqlite:///var/console.db", False)  # not var/demo.db


def test_a_broken_audit_chain_shows_the_red_banner(qtbot, tmp_path, Session, engine, db_url):
    if engine.dialect.name != "sqlite":
        pytest.skip("the tampering is the SQLite one (drop the triggers, edit, recreate)")
    admin = auth.Actor("admin", "administrator", "desk-1")
    with Session.begin() as s:
        auth.add_operator(s, admin, "wang", "operator", "Wang-zhiban-26")
        auth.unlock(s, admin, "wang")
    eng = make_engine(db_url)
    ctl = ConsoleController(Backend(eng, "wall-1"), "wall-1")
    room = ControlRoom(
        ctl, QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat), "single",
        SupervisionClient(session_factory(eng), "wall-1"),
    )  # fmt: skip
    room.show()
    for w in room.screens.windows().values():
        qtbot.addWidget(w)
    banner = room.screens.views["departments"].banners.audit
    assert room.check_audit() is None and not banner.isVisible()
    with engine.begin() as c:
        c.execute(text("DROP TRIGGER audit_log_no_update"))
        c.execute(text("UPDATE audit_log SET actor = 'nobody' WHERE id = 1"))
        c.execute(
            text(
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
        )
    assert "第 1 条" in room.check_audit()
    assert banner.isVisible() and "审计日志校验失败" in banner.label.text()
    room.show_audit_problem(None)
    room.watch_audit(every_s=0.2)  # as the running console does: on the worker pool, again and again
    qtbot.waitUntil(banner.isVisible, timeout=20000)
    room._audit_timer.stop()
    ctl.stop()
    eng.dispose()
