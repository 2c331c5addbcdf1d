"""During a replay (回放) nothing of the past can be worked on: the supervision client refuses every write, from
a ``--at`` start and from the desk's time control, and works again once live."""

import datetime as dt

import pytest

from console.models.db import session_factory
from console.services.escalation_requests import ReplayReadOnly
from console.services.poller import Backend
from console.services.supervision_client import SupervisionClient
from console.shell.app import link_replay
from console.shell.controller import ConsoleController
from console.supervision.auth import Actor
from console.supervision.errors import NotFound

T = dt.datetime(2026, 11, 20, 10, 0)
SUP = Actor("sup1", "supervisor", "desk-1")


def test_work_is_refused_while_replaying_and_allowed_live(qtbot, engine):
    ctl = ConsoleController(Backend(engine, "desk-1", reader=True, as_of=T), "desk-1")
    client = SupervisionClient(session_factory(engine), "desk-1")
    link_replay(ctl, client, T)  # started with --at
    try:
        for work in (
            lambda: client.cancel_alarm(SUP, 1, "误报"),
            lambda: client.cancel_escalation(SUP, 1, "撤销"),
            lambda: client.register_complaint(SUP, channel="电话", complainant="甲", summary="x"),
        ):
            with pytest.raises(ReplayReadOnly, match="回放中只能查看"):
                work()
        ctl.set_replay(None)  # 回到实时
        with pytest.raises(NotFound):  # live: the request reaches the database (no alarm 1 there)
            client.cancel_alarm(SUP, 1, "误报")
        ctl.set_replay(T)  # the desk's control goes back again
        with pytest.raises(ReplayReadOnly):
            client.cancel_alarm(SUP, 1, "误报")
    finally:
        ctl.stop()
