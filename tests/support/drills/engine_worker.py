"""An engine process that stops inside its first pass's transaction, after the alarms' INSERTs and before the
commit, and waits there to be killed: ``python -m tests.support.drills.engine_worker URL NAME``.
Prints ``in-pass N`` (N: the alarms its uncommitted transaction sees) when it is there."""

from __future__ import annotations

import sys
import time

from sqlalchemy import func, select

from console.models.db import make_engine
from console.models.schema import Alarm
from console.services.engine import EngineService


def main() -> None:
    url, name = sys.argv[1], sys.argv[2]
    svc = EngineService(make_engine(url), name)

    def hold(s, at) -> None:
        print(f"in-pass {s.scalar(select(func.count()).select_from(Alarm))}", flush=True)
        time.sleep(600)

    svc.after_pass.append(hold)
    svc.tick()


if __name__ == "__main__":
    main()
