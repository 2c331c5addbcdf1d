"""Shared fixtures: a real database per test, on a SQLite file and on the PostgreSQL server.

``db_url`` is parametrised over both engines; PostgreSQL tests get a fresh database cloned from a
migrated template (fast), dropped afterwards.  If the server is unreachable the PostgreSQL half fails
loudly rather than skipping: CI starts the server (see .ci/run).
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text

from console.models.db import make_engine, session_factory, upgrade
from tests.support import qt_isolation

PG_ADMIN_URL = os.environ.get("CONSOLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_TEMPLATE = f"console_tmpl_{os.getpid()}"


def _pg_url(dbname: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname


def _admin():
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template():
    admin = _admin()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE}"'))
        c.execute(text(f'CREATE DATABASE "{_TEMPLATE}"'))
    eng = make_engine(_pg_url(_TEMPLATE))
    upgrade(eng)
    eng.dispose()
    yield _TEMPLATE
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)'))
    admin.dispose()


def fresh_pg_database(template: str | None = None) -> tuple[str, callable]:
    """Create an empty (or template-cloned) database; returns its URL and a dropper."""
    name = f"console_t_{uuid.uuid4().hex[:10]}"
    admin = _admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return _pg_url(name), drop


# Each test's kind follows its folder (tests mirror the source tree inside each kind): ``make check`` runs the
# unit tests and the SQLite half of the integration tests; ``make test`` runs everything.
_KINDS = ("unit", "integration", "gui", "drills", "desktop", "security")


def pytest_configure(config):
    qt_isolation.track()


@pytest.fixture(autouse=True)
def _no_qt_leftovers():
    """Sessions, notifiers and windows of a test stop with it (tests/support/qt_isolation.py)."""
    yield
    qt_isolation.clean()


def pytest_collection_modifyitems(items):
    for item in items:
        parts = item.path.relative_to(item.config.rootpath / "tests").parts
        if parts[:2] == ("integration", "packaging"):
            item.add_marker(pytest.mark.slow)
        if parts and parts[0] in _KINDS:
            item.add_marker(getattr(pytest.mark, "drill" if parts[0] == "drills" else parts[0]))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, made once: each test copies it (a migration per test costs more than most tests)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "console.db"
    eng = make_engine(f"sqlite:///{path}")
    upgrade(eng)
    eng.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """URL of a migrated, empty database on each engine."""
    if request.param == "sqlite":
        path = tmp_path / "console.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        template = request.getfixturevalue("pg_template")
        url, drop = fresh_pg_database(template)
        yield url
        drop()


@pytest.fixture
def engine(db_url):
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def Session(engine):
    return session_factory(engine)


@pytest.fixture(scope="session")
def cal():
    from console.domain.calendar import WorkCalendar

    return WorkCalendar.build()
