"""On PostgreSQL the consoles' own database role cannot change the audit log (nor truncate it, nor migrate)."""

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from console.models.db import make_engine
from console.models.dbroles import console_role_statements, grant_console_role
from tests.conftest import _admin, fresh_pg_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def console_role(pg_template):
    """A migrated database with one audit row, and a fresh LOGIN role granted as the consoles' role."""
    url, drop = fresh_pg_database(pg_template)
    role = f"console_{uuid.uuid4().hex[:8]}"
    owner = make_engine(url)
    with owner.begin() as c:
        c.execute(text("INSERT INTO audit_log (at, actor, action) VALUES (now(), 'admin', 'seed')"))
    done = grant_console_role(owner, role, create=True)
    yield owner, role, done
    owner.dispose()
    drop()  # the database (and every grant in it) first, then the role itself
    with _admin().connect() as c:
        c.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def as_role(conn, role):
    conn.execute(text(f'SET ROLE "{role}"'))


def test_the_console_role_cannot_update_delete_or_truncate_the_audit_log(console_role):
    owner, role, done = console_role
    assert done[0] == f"CREATE ROLE {role} LOGIN"  # quoted only when the name needs it
    for _verb, sql in (
        ("UPDATE", "UPDATE audit_log SET actor = 'someone else'"),
        ("DELETE", "DELETE FROM audit_log"),
        ("TRUNCATE", "TRUNCATE audit_log"),
    ):
        with owner.connect() as c:
            as_role(c, role)
            with pytest.raises(ProgrammingError, match="permission denied for table audit_log"):
                c.execute(text(sql))
            c.rollback()
    with owner.begin() as c:  # what the console does need still works under the same role
        as_role(c, role)
        c.execute(text("INSERT INTO audit_log (at, actor, action) VALUES (now(), 'wang', 'alarm.acknowledge')"))
        c.execute(text("UPDATE alarms SET status = 'acknowledged' WHERE id = -1"))
        assert c.execute(text("SELECT count(*) FROM audit_log")).scalar() == 2
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar()  # readable
    with owner.connect() as c:
        as_role(c, role)
        with pytest.raises(ProgrammingError, match="permission denied for table alembic_version"):
            c.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with owner.connect() as c:
        assert [r.actor for r in c.execute(text("SELECT actor FROM audit_log ORDER BY id"))] == ["admin", "wang"]


def test_the_statements_quote_the_role_name():
    stmts = console_role_statements('odd"name', "db")
    assert 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM "odd""name"' in stmts
