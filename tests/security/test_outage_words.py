"""An acknowledgement during a database outage is told in words (the report: the raw driver message)."""

from __future__ import annotations

import pytest

from console.domain.errors import NotSaved
from console.models.db import make_engine, session_factory
from console.services.poller import Backend
from console.shell.controller import ConsoleController
from tests.conftest import fresh_pg_database
from tests.security.conftest import seed
from tests.support.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres


def test_an_acknowledgement_during_an_outage_says_it_was_not_saved(pg_template):
    url, drop = fresh_pg_database(pg_template)
    proxy = TcpProxy()
    direct = make_engine(url)
    alarm_id, _ = seed(session_factory(direct))
    via_proxy = make_engine(
        url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}"), connect_args={"connect_timeout": 2}
    )
    try:
        be = Backend(via_proxy, "wall-1")
        assert be.poll().ok
        proxy.cut()
        with pytest.raises(NotSaved) as info:
            be.acknowledge([alarm_id], "op1", "wall-1")
        shown = ConsoleController.error_text(info.value)
        print(f"ack during outage -> {shown}")
        assert shown == "数据库连接中断，确认未保存，恢复后请重试"
    finally:
        proxy.close()
        via_proxy.dispose()
        direct.dispose()
        drop()
