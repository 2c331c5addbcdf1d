"""``python main.py status``: the walls' picture as JSON, from a reading console's roll-up, writing nothing."""

import datetime as dt
import io
import json

from sqlalchemy import func, select

from console.cli import main
from console.models.schema import Alarm
from console.services.engine import EngineService
from console.services.poller import Backend
from tests.integration.services.test_wall_truth import fee_alarm
from tests.support.factories import ADMIN_PASSWORD, add_administrator
from tests.support.poller_world import add_case, clock


def status(capsys, db_url, *args):
    code = main(["status", "--db", db_url, "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else None), err


def test_status_is_the_walls_roll_up(world, engine, db_url, capsys):
    Session, _ids, _units = world
    with Session.begin() as s:
        done = add_case(s, "F1", "D06", dt.datetime(2025, 9, 29, 9), completed=dt.datetime(2025, 10, 9, 9))
        fee_alarm(s, done)
    code, out, err = status(capsys, db_url, "--at", "2025-10-10T10:00")
    assert code == 0, err
    by_code = {u["code"]: u for u in out["units"]}
    assert len(by_code) == 66
    assert {c: by_code[c]["state"] for c in ("D01", "D02", "D03", "D04", "D05", "D06")} == {
        "D01": "red",
        "D02": "yellow",
        "D03": "blue",
        "D04": "normal",
        "D05": "no_data",  # never sent anything
        "D06": "red",  # its completed case's 收费不规范
    }
    assert by_code["D01"]["counts"] == {"normal": 0, "blue": 0, "yellow": 0, "red": 1, "red_handled": 0}
    # a reader: R1's light is red, but no engine has raised its alarm yet — and the status raised none either
    assert by_code["D01"]["alarms"] == []
    assert [(a["rule"], a["case_no"]) for a in by_code["D06"]["alarms"]] == [("fee_irregular", "F1")]
    t = out["totals"]
    assert (t["open_cases"], t["red"], t["yellow"], t["blue"], t["alarms_waiting"]) == (4, 1, 1, 1, 1)
    assert t["units_by_state"]["red"] == 2
    with Session() as s:
        assert s.execute(select(func.count()).select_from(Alarm)).scalar_one() == 1
    # the same states a reading console's poll gives
    snap = Backend(engine, "wall-1", clock=clock, reader=True).poll()
    assert {u.code: u.state.name.lower() for u in snap.units} == {c: u["state"] for c, u in by_code.items()}

    EngineService(engine, "engine-status", clock=clock, notices_every_s=None).run_pass()  # the engine raises it
    code, out, err = status(capsys, db_url, "--at", "2025-10-10T10:00")
    assert code == 0, err
    d01 = next(u for u in out["units"] if u["code"] == "D01")
    assert [(a["rule"], a["level"], a["case_no"]) for a in d01["alarms"]] == [("promised_overdue", "red", "R1")]
    assert out["totals"]["alarms_waiting"] == 2


def test_status_of_one_unit_at_a_later_moment(world, db_url, capsys):
    code, out, _ = status(capsys, db_url, "--unit", "D04", "--at", "2025-10-17T09:00")
    assert code == 0
    (d04,) = out["units"]
    assert d04["code"] == "D04" and d04["state"] == "red"  # N1 was due 10-16
    assert out["at"] == "2025-10-17T09:00"


def test_status_refuses_an_unknown_unit_in_words(world, db_url, capsys):
    code, out, err = status(capsys, db_url, "--unit", "X99", "--at", "2025-10-10T10:00")
    assert code == 1 and out is None and "没有这个单位：X99" in err


def test_rules_command_lists_and_sets_levels(world, db_url, capsys, monkeypatch):
    Session = world[0]
    login = add_administrator(Session)
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    assert main(["rules", "set", "fee_irregular", "yellow", "--db", db_url, *login]) == 0
    assert "fee_irregular: red → yellow" in capsys.readouterr().out
    assert main(["rules", "list", "--db", db_url]) == 0
    assert "fee_irregular\tyellow\t收费不规范" in capsys.readouterr().out.splitlines()
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    assert main(["rules", "set", "fee_irregular", "green", "--db", db_url, *login]) == 1
    assert "red（红）或 yellow（黄）" in capsys.readouterr().err


def test_status_says_whether_the_engine_runs(world, engine, db_url, capsys):
    from sqlalchemy import update

    from console.models.schema import EngineHeartbeat
    from console.services.engine import EngineService

    Session, _ids, _units = world
    code, out, _ = status(capsys, db_url)
    assert code == 0 and out["engine"] == {"holder": None, "last_pass": None, "ok": False}  # never ran here

    EngineService(engine, "engine-status", clock=clock, notices_every_s=None).run_pass()
    code, out, _ = status(capsys, db_url)
    assert out["engine"]["holder"] == "engine-status" and out["engine"]["ok"] is True
    last = dt.datetime.fromisoformat(out["engine"]["last_pass"])

    with Session.begin() as s:  # its last pass ten minutes ago: an engine that has stopped
        s.execute(update(EngineHeartbeat).values(last_pass=last - dt.timedelta(minutes=10)))
    code, out, _ = status(capsys, db_url)
    assert code == 0 and out["engine"]["ok"] is False and out["engine"]["holder"] == "engine-status"
