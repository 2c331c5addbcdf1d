"""The wall's settings — rule levels, the feed heartbeat, the 差评 rectification days — are an administrator's
(``edit_thresholds``): on PostgreSQL the consoles' role cannot write them without an administrator's session
(migration 0007), and the command line refuses them without ``--as ADMIN``."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import text

from console.cli import main
from console.models.feeds import HEARTBEAT_KEY
from console.services.poller import BAD_RATING_DAYS_KEY
from tests.security.conftest import PASSWORDS, login_as
from tests.security.test_pg_console_role import refused

pytestmark = pytest.mark.postgres

WRITES = [
    ("UPDATE rule_levels SET level = 'yellow' WHERE rule = 'fee_irregular'", "rule_levels"),
    ("INSERT INTO rule_levels (rule, level) VALUES ('new_rule', 'yellow')", "rule_levels"),
    (f"INSERT INTO meta (key, value) VALUES ('{HEARTBEAT_KEY}', '480.0')", "只能由管理员修改"),
    (f"INSERT INTO meta (key, value) VALUES ('{BAD_RATING_DAYS_KEY}', '60')", "只能由管理员修改"),
]


def test_the_console_role_cannot_change_the_wall_settings_without_an_administrator(room):
    nobody = room.console_engine()
    for sql, words in WRITES:
        assert words in refused(nobody, sql)
    eng, _Session, _actor = login_as(room, "sup1")
    for sql, words in WRITES:
        assert words in refused(eng, sql)
    with room.owner.begin() as c:  # once the key exists, changing it is refused as well
        c.execute(text(f"INSERT INTO meta (key, value) VALUES ('{HEARTBEAT_KEY}', '8.0')"))
    assert "只能由管理员修改" in refused(nobody, f"UPDATE meta SET value = '480.0' WHERE key = '{HEARTBEAT_KEY}'")
    eng, Session, _actor = login_as(room, "admin")
    with Session.begin() as s:
        s.execute(text("UPDATE rule_levels SET level = 'yellow' WHERE rule = 'fee_irregular'"))
        s.execute(text(f"UPDATE meta SET value = '16.0' WHERE key = '{HEARTBEAT_KEY}'"))
    with room.owner.connect() as c:
        assert c.execute(text("SELECT level FROM rule_levels WHERE rule = 'fee_irregular'")).scalar() == "yellow"
        assert c.execute(text(f"SELECT value FROM meta WHERE key = '{HEARTBEAT_KEY}'")).scalar() == "16.0"


def run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    captured = capsys.readouterr()
    err = captured.err.strip()
    print(f"CLI {' '.join(a for a in argv if '://' not in a)} -> exit {code}: {err[:120]}", file=sys.__stdout__)
    assert "Traceback" not in err
    return code, captured.out, err


COMMANDS = [
    ["feeds", "heartbeat", "16"],
    ["rules", "set", "fee_irregular", "yellow"],
    ["rules", "rectify-days", "10"],
]


def test_the_wall_commands_need_an_administrators_log_in(room, monkeypatch, capsys):
    url = room.console_url
    for argv in COMMANDS:
        code, _out, err = run(monkeypatch, capsys, [*argv, "--db", url])
        assert code == 1 and "--as" in err, argv
        code, _out, err = run(monkeypatch, capsys, [*argv, "--db", url, "--as", "sup1", "--password-stdin"],
                              PASSWORDS["sup1"] + "\n")  # fmt: skip
        assert code == 1 and "不是管理员" in err, argv
    with room.owner.connect() as c:
        assert c.execute(text("SELECT level FROM rule_levels WHERE rule = 'fee_irregular'")).scalar() == "red"
        sql = "SELECT count(*) FROM meta WHERE key IN (:a, :b)"
        assert c.execute(text(sql), {"a": HEARTBEAT_KEY, "b": BAD_RATING_DAYS_KEY}).scalar() == 0
    for argv in COMMANDS:
        code, out, err = run(monkeypatch, capsys, [*argv, "--db", url, "--as", "admin", "--password-stdin"],
                             PASSWORDS["admin"] + "\n")  # fmt: skip
        assert code == 0 and "→" in out, (argv, err)
    with room.owner.connect() as c:
        assert c.execute(text("SELECT level FROM rule_levels WHERE rule = 'fee_irregular'")).scalar() == "yellow"
        rows = c.execute(text("SELECT action, actor, role FROM audit_log WHERE action IN ('feeds.heartbeat', "
                              "'rules.set_level', 'rules.bad_rating_days') ORDER BY id")).all()  # fmt: skip
        open_sessions = c.execute(text("SELECT count(*) FROM console_sessions WHERE ended_at IS NULL")).scalar()
    assert [tuple(r) for r in rows] == [
        ("feeds.heartbeat", "admin", "administrator"),
        ("rules.set_level", "admin", "administrator"),
        ("rules.bad_rating_days", "admin", "administrator"),
    ]
    assert open_sessions == 0  # each command logged out
