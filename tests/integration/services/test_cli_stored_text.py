"""The other commands that print stored text print it escaped: ``feeds list`` (a sending system's name comes in
with the records), ``status`` (units' names, JSON), ``user list`` (display names), and a refusal quoting what was
typed.  Real databases, the real command line."""

import datetime as dt
import io
import json

from sqlalchemy import update

from console.cli import main
from console.models.schema import FeedHeartbeat, Unit
from console.models.supervision_schema import Operator
from console.supervision import auth
from tests.integration.services.test_notices import town  # noqa: F401 (fixture)
from tests.support.factories import ADMIN_PASSWORD, add_administrator, unit_id

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\n伪造\u202e\x9b31m"
ESCAPED = "\\x1b]0;pwned\\x07\\x1b[2J\\x0a伪造\\u202e\\x9b31m"


def test_feeds_list_escapes_a_senders_name(town, db_url, capsys):  # noqa: F811
    Session = town[0]
    with Session.begin() as s:
        s.add(FeedHeartbeat(unit_id=unit_id(s, "D01"), sender=HOSTILE, last_record_at=dt.datetime(2025, 10, 13, 9)))
    assert main(["feeds", "list", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1:] == [f"D01\t{ESCAPED}\t2025-10-13 09:00"]


def test_status_json_escapes_what_json_leaves_raw_and_means_the_same(town, db_url, capsys):  # noqa: F811
    Session = town[0]
    with Session.begin() as s:
        s.execute(update(Unit).where(Unit.code == "D01").values(name="某局" + HOSTILE))
    assert main(["status", "--db", db_url, "--format", "json", "--at", "2025-10-13T10:00"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\x9b\u202e") and out.count("\n") == 1
    assert "某局\\u001b]0;pwned\\u0007\\u001b[2J\\n伪造\\u202e\\u009b31m" in out
    units = {u["code"]: u for u in json.loads(out)["units"]}
    assert units["D01"]["name"] == "某局" + HOSTILE  # the same value for a program reading it


def test_user_list_escapes_a_display_name(town, db_url, capsys):  # noqa: F811
    Session = town[0]
    with Session.begin() as s:  # typed text refuses controls (typed_text); a row from before that rule has them
        auth.add_operator(s, auth.command_line_actor(), "wang", "supervisor", "Wang-pass-2026!", "王")
        s.execute(update(Operator).where(Operator.username == "wang").values(display_name="王" + HOSTILE))
    assert main(["user", "list", "--db", db_url]) == 0
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if x.startswith("wang\t")]
    assert line.split("\t")[2] == "王" + ESCAPED and "\x1b" not in out


def test_a_refusal_quoting_typed_text_is_escaped(town, db_url, capsys, monkeypatch):  # noqa: F811
    login = add_administrator(town[0])
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    argv = ["contacts", "add", "D01\x1b[2J", "email", "a@d01.example", "--name", "王科长", "--db", db_url, *login]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "单位代码含控制字符" in err and "D01\\x1b[2J" in err and "\x1b" not in err
