"""A savepoint is a part of its transaction on both engines: work done inside ``begin_nested()`` is undone when
the transaction around it rolls back.  pysqlite opens no transaction before a SAVEPOINT, so without the hook in
``console.models.db.make_engine`` the SAVEPOINT began the transaction itself and its RELEASE committed it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from console.models.db import session_factory


class Crash(Exception):
    pass


def _meta_count(Session, key: str) -> int:
    with Session() as s:
        return s.execute(text("SELECT count(*) FROM meta WHERE key = :k"), {"k": key}).scalar_one()


def test_work_in_a_released_savepoint_rolls_back_with_its_transaction(engine):
    Session = session_factory(engine)
    with pytest.raises(Crash), Session() as s, s.begin():
        with s.begin_nested():  # the first statement of the transaction
            s.execute(text("INSERT INTO meta (key, value) VALUES ('savepoint.probe', '1')"))
        raise Crash  # e.g. the audit row after it failed
    assert _meta_count(Session, "savepoint.probe") == 0


def test_a_failed_savepoint_keeps_the_work_before_and_after_it(engine):
    Session = session_factory(engine)
    with Session() as s, s.begin():
        s.execute(text("INSERT INTO meta (key, value) VALUES ('savepoint.before', '1')"))
        with pytest.raises(Crash), s.begin_nested():
            s.execute(text("INSERT INTO meta (key, value) VALUES ('savepoint.inside', '1')"))
            raise Crash
        s.execute(text("INSERT INTO meta (key, value) VALUES ('savepoint.after', '1')"))
    assert [_meta_count(Session, k) for k in ("savepoint.before", "savepoint.inside", "savepoint.after")] == [1, 0, 1]
