"""A failed log-in with a name no account has, through the database's ``console_login`` (migration 0020): the
text typed may be a password typed into the name field, so it is never recorded; an account's own failures
stay recorded by its name."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from console.domain.vocabulary import UNKNOWN_ACCOUNT
from console.supervision import auth
from tests.security.conftest import PASSWORDS, login_as_nobody

pytestmark = pytest.mark.postgres


def test_the_database_records_no_text_typed_as_an_unknown_name(room):
    with room.OwnerSession.begin() as s:
        auth.set_active(s, auth.command_line_actor(), "op1", False)
    console = login_as_nobody(room)
    typed = PASSWORDS["sup1"]  # a supervisor's password, typed into the name field
    for name in (typed, "sup1", "op1"):
        with pytest.raises(auth.LoginFailed):
            auth.login(console, name, "wrong-password-1", "desk-3")
    with room.owner.connect() as c:
        leaked = c.execute(text("SELECT count(*) FROM audit_log WHERE audit_log::text LIKE :t"), {"t": f"%{typed}%"})
        assert leaked.scalar() == 0
        rows = c.execute(
            text(
                "SELECT actor, role, console, target, after::text FROM audit_log WHERE action = 'auth.failed' "
                "ORDER BY id"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (UNKNOWN_ACCOUNT, "", "desk-3", f"operator:{UNKNOWN_ACCOUNT}", '{"reason": "unknown"}'),
        ("sup1", "supervisor", "desk-3", "operator:sup1", '{"failed_count": 1}'),
        ("op1", "", "desk-3", "operator:op1", '{"reason": "inactive"}'),
    ]
