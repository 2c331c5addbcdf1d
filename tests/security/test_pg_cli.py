"""The report's command-line attacks with the console's URL (``user add … --role administrator``, ``user
unlock``, ``calendar override``): administration from the CLI needs an administrator's log-in, checked by the
database; an administrator's log-in works from the same URL."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import text

from console.cli import main
from tests.security.conftest import PASSWORDS

pytestmark = pytest.mark.postgres


def run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    err = capsys.readouterr().err.strip()
    print(f"CLI {' '.join(a for a in argv if '://' not in a)} -> exit {code}: {err[:120]}", file=sys.__stdout__)
    assert "Traceback" not in err
    return code, err


def test_cli_administration_with_the_console_url(room, monkeypatch, capsys):
    url = room.console_url
    new = "Evil-admin-2026\n"
    code, err = run(monkeypatch, capsys, ["user", "add", "evil", "--role", "administrator", "--password-stdin",
                                          "--db", url], new)  # fmt: skip
    assert code == 1 and "--as" in err
    code, err = run(monkeypatch, capsys, ["user", "add", "evil", "--role", "administrator", "--password-stdin",
                                          "--as", "op1", "--db", url], PASSWORDS["op1"] + "\n" + new)  # fmt: skip
    assert code == 1 and "不是管理员" in err
    code, err = run(monkeypatch, capsys, ["user", "unlock", "op1", "--as", "admin", "--password-stdin", "--db", url],
                    "guessed-wrong-1\n")  # fmt: skip
    assert code == 1 and "密码错误" in err
    code, err = run(monkeypatch, capsys, ["--db", url, "calendar", "override", "2026-12-01", "closed",
                                          "--as", "sup1", "--password-stdin"], PASSWORDS["sup1"] + "\n")  # fmt: skip
    assert code == 1 and "不是管理员" in err
    with room.owner.connect() as c:
        assert c.execute(text("SELECT count(*) FROM operators WHERE username = 'evil'")).scalar() == 0
        assert c.execute(text("SELECT count(*) FROM calendar_overrides")).scalar() == 0
    # the administrator, from the same console URL, through the database's functions
    argv = ["user", "add", "op2", "--role", "operator", "--password-stdin", "--as", "admin", "--db", url]
    code, _ = run(monkeypatch, capsys, argv, PASSWORDS["admin"] + "\nSecond-oper-2026\n")
    assert code == 0
    code, _ = run(monkeypatch, capsys, ["--db", url, "calendar", "override", "2026-12-01", "closed",
                                        "--as", "admin", "--password-stdin"], PASSWORDS["admin"] + "\n")  # fmt: skip
    assert code == 0
    with room.owner.connect() as c:
        sql = (
            "SELECT action, actor, role, console FROM audit_log WHERE action IN "
            "('operator.add', 'calendar.override') AND actor NOT LIKE 'cli:%' ORDER BY id"
        )
        rows = c.execute(text(sql)).all()
    assert [tuple(r) for r in rows] == [
        ("operator.add", "admin", "administrator", "cli"),
        ("calendar.override", "admin", "administrator", "cli"),
    ]


def test_unreachable_database_is_exit_2_in_words(monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, ["user", "list", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    assert code == 2 and "无法运行" in err
    code, err = run(monkeypatch, capsys, ["audit", "verify", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    assert code == 2 and "无法运行" in err
