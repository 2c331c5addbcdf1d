"""Tamper evidence: the audit log's hash chain shows an edited row, and on SQLite the guarding triggers'
absence, through ``audit verify`` (exit 1) and the text of the console's red banner."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from console.cli import main
from console.domain.audit_chain import first_break, row_hash
from console.supervision import auth
from console.supervision.audit_check import banner_text, verify

ADMIN = auth.Actor("admin", "administrator", "desk-1")


def some_rows(Session):
    with Session.begin() as s:
        auth.add_operator(s, ADMIN, "wang", "operator", "Wang-zhiban-26", "王值班")
        auth.set_role(s, ADMIN, "wang", "supervisor")
        auth.unlock(s, ADMIN, "wang")


def test_an_untouched_log_verifies(Session, db_url, capsys):
    some_rows(Session)
    assert verify(Session).intact and banner_text(Session) is None
    assert main(["audit", "verify", "--db", db_url]) == 0
    assert "完整" in capsys.readouterr().out


def test_editing_a_row_behind_the_triggers_back_is_found(Session, db_url, engine, capsys):
    """The report: on SQLite, drop the audit triggers, edit rows and recreate them — it went unnoticed."""
    some_rows(Session)
    with engine.begin() as c:
        second = c.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")).scalar()
        if engine.dialect.name == "sqlite":
            c.execute(text("DROP TRIGGER audit_log_no_update"))
            c.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = :i"), {"i": second})
            c.execute(
                text(
                    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                )
            )
        else:  # a superuser can do the same on PostgreSQL; the chain shows it there too
            c.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            c.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = :i"), {"i": second})
            c.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
    verdict = verify(Session)
    print(f"tampered row {second}: {verdict.message}")
    assert not verdict.intact and verdict.broken_id == second
    assert f"第 {second} 条" in banner_text(Session)
    assert main(["audit", "verify", "--db", db_url]) == 1
    assert f"第 {second} 条" in capsys.readouterr().out


def test_a_removed_row_breaks_the_link_of_the_next(Session, engine):
    some_rows(Session)
    if engine.dialect.name != "sqlite":
        pytest.skip("the console role cannot delete on PostgreSQL (tests/security/test_pg_console_role.py)")
    with engine.begin() as c:
        c.execute(text("DROP TRIGGER audit_log_no_delete"))
        c.execute(text("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)"))
    verdict = verify(Session)
    assert not verdict.intact and "链接" in verdict.message and "audit_log_no_delete" in verdict.message


def test_the_chain_needs_every_field():
    rows = []
    prev = ""
    for i in (1, 2, 3):
        h = row_hash(prev, i, "2026-11-30 01:00:00", "wang", "operator", "wall-1", "a", "t", {"k": i}, None)
        rows.append(dict(id=i, at="2026-11-30 01:00:00", actor="wang", role="operator", console="wall-1", action="a",
                         target="t", before={"k": i}, after=None, prev_hash=prev, row_hash=h))  # fmt: skip
        prev = h
    from console.domain.audit_chain import ChainRow

    assert first_break(ChainRow(**r) for r in rows) is None
    rows[1]["before"] = {"k": 9}
    assert first_break(ChainRow(**r) for r in rows)[0] == 2


def test_verify_on_a_database_that_cannot_be_opened_says_so(tmp_path, capsys):
    bad = tmp_path / "no-such-dir" / "x" / "console.db"
    (tmp_path / "no-such-dir").write_text("a file, not a directory")
    assert main(["audit", "verify", "--db", f"sqlite:///{bad}"]) == 2
    err = capsys.readouterr().err
    assert "无法运行" in err and "Traceback" not in err
