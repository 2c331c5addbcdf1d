"""``python main.py status`` with the consoles' credentials on PostgreSQL: it reads as a console's wall does
(Backend(reader=True)), so the role that may not raise an alarm still gets its JSON, and nothing is written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from console.cli import main
from console.services.engine import EngineService

pytestmark = pytest.mark.postgres


def _counts(owner) -> tuple[int, int, int]:
    with owner.connect() as c:
        return tuple(
            c.execute(
                text(
                    "SELECT (SELECT count(*) FROM alarms), (SELECT count(*) FROM audit_log), "
                    "(SELECT count(*) FROM light_samples)"
                )
            ).one()
        )


def test_status_runs_with_the_console_role_and_writes_nothing(room, capsys):
    before = _counts(room.owner)
    code = main(["status", "--db", room.console_url, "--format", "json", "--at", "2025-10-10T10:00"])
    out, err = capsys.readouterr()
    assert code == 0, err
    got = json.loads(out)
    assert got["totals"]["open_cases"] == 1 and got["totals"]["red"] == 1  # SEC-1: 5 working days from 09-22
    assert got["engine"] == {"holder": None, "last_pass": None, "ok": False}  # no engine has run here
    red = [u for u in got["units"] if u["state"] == "red"]
    assert [(a["rule"], a["case_no"]) for u in red for a in u["alarms"]] == [("promised_overdue", "SEC-1")]
    assert _counts(room.owner) == before  # the writing pass (re-dating, the calendar fingerprint) was refused it

    EngineService(room.engine_engine(), "engine-sec", notices_every_s=None).run_pass()
    code = main(["status", "--db", room.console_url, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["engine"]["holder"] == "engine-sec"
