"""The import contracts in pyproject.toml are a check that can fail.

Each case copies the ``console`` package into a temporary directory, adds one import that the
architecture forbids (Qt in the domain, SQLAlchemy in a view, a view in the database room, the
database room in a widget, …), runs import-linter on the copy with the project's own contracts and
expects that contract to be reported BROKEN.  The real tree must keep every contract.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

DOMAIN_PURE = "The domain is pure: no Qt, no SQL, no other room of the console"
HEADLESS = "Headless rooms import no Qt"
RECORDS_PURE = "The exchange-record validator and the fold are pure (no database, no Qt)"
SQL_ROOM = "Only the database room (console.models) speaks SQL"
SNAPSHOTS = "Screens draw snapshots: views and widgets reach no database, service or workflow"
LAYERS = "Layers, top to bottom"
ALL_CONTRACTS = (DOMAIN_PURE, HEADLESS, RECORDS_PURE, SQL_ROOM, SNAPSHOTS, LAYERS)


def _run_contracts(project: Path) -> dict[str, str]:
    """Run import-linter on the ``console`` package under ``project``; contract name → KEPT/BROKEN."""
    env = dict(os.environ, PYTHONPATH=str(project))
    proc = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    verdicts = dict(re.findall(r"^(.+?)\s*(KEPT|BROKEN)$", proc.stdout, flags=re.MULTILINE))
    # every contract must have been judged; otherwise the run failed for another reason
    assert set(verdicts) == set(ALL_CONTRACTS), proc.stdout[-2000:] + proc.stderr[-2000:]
    # a broken contract exits non-zero, a clean run exits zero
    assert (proc.returncode != 0) == ("BROKEN" in verdicts.values()), proc.stdout[-2000:]
    return verdicts


def _copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "console", project / "console", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def _inject(project: Path, module: str, statement: str) -> None:
    path = project / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{statement}\n", encoding="utf-8")


def test_the_real_tree_keeps_every_contract():
    verdicts = _run_contracts(ROOT)
    assert verdicts == dict.fromkeys(ALL_CONTRACTS, "KEPT")


@pytest.mark.parametrize(
    ("module", "statement", "broken"),
    [  # one wrong edge per contract (each case copies the tree and runs import-linter once: about a second)
        ("console/domain/calendar.py", "import PySide6.QtCore", DOMAIN_PURE),
        ("console/services/poller.py", "import pyqtgraph", HEADLESS),
        ("console/ingest/records.py", "import console.models.schema", RECORDS_PURE),
        ("console/views/alarms.py", "import sqlalchemy", SQL_ROOM),
        ("console/widgets/style.py", "import console.models.db", SNAPSHOTS),
        ("console/models/repository.py", "import console.views.alarms", LAYERS),
    ],
    ids=lambda v: v if isinstance(v, str) and "/" in v else None,
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, statement, broken):
    project = _copy_project(tmp_path)
    _inject(project, module, statement)
    verdicts = _run_contracts(project)
    # BROKEN also shows that the copy, not the installed tree, was checked (the real tree keeps every contract)
    assert verdicts[broken] == "BROKEN"
