"""The supervision engine (``python main.py engine``): the rules run as a service, the consoles read.

A headless APScheduler job ticks every second: without the lease (console.models.lease) it tries to take it
(a standby); with it, every ``interval_s`` it runs the writing pass — the console Backend's own pass
(console.services.poller: time lights, step limits, rectifications, bad ratings, 督办, lights history) —
so alarms and their clearing are written once, by one engine, stamped with their business moments.
Each pass logs one ``key=value`` line (event, holder, raised, cleared, duration_ms, open, ok).
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from console.models import heartbeat
from console.models import repository as repo
from console.models.db import DB_ERRORS, DbEngine, session_factory
from console.models.lease import Lease, LeaseForbidden, lease_for, record_holder
from console.services.poller import Backend

log = logging.getLogger("console.engine")
DEFAULT_INTERVAL_S = 3.0
RETRY_S = 1.0  # a standby tries the lease this often: the take-over comes within about this
# the notices (console.services.notices): the outbox is filled and delivered once a minute, after a pass has
# committed — filling it reads every open case's due date (about 5 s at 1,000,000), too much for every pass
NOTICES_EVERY_S = 60.0


def kv(**fields: Any) -> str:
    """One structured log line: key=value, values without spaces (a space becomes ``_``)."""
    out = []
    for k, v in fields.items():
        if isinstance(v, bool):
            v = str(v).lower()
        elif isinstance(v, float):
            v = f"{v:.1f}"
        out.append(f"{k}={str(v).replace(' ', '_')}")
    return " ".join(out)


def forbidden_message(exc: LeaseForbidden) -> str:
    """What the person who started the engine reads once (stderr, the log) when the login is not the engine's."""
    return (
        f"监察引擎不能运行：此数据库登录（角色 {exc.role}）没有监察引擎的权限（不能取得引擎租约 engine_lease），"
        "重试也不会取得。监察引擎须以监察引擎的角色连接（控制台的角色不行）：由库的所有者执行 "
        "python main.py --db postgresql+psycopg://所有者@主机/库 grant-engine-role 引擎角色 --create "
        "（升级数据库后须再执行一次），再以该角色的连接启动引擎；切勿把引擎权限授予控制台的角色。"
        f"技术原因：{exc.reason}"
    )


def default_name() -> str:
    return f"engine@{socket.gethostname()}"


class EngineService:
    """One engine process (or the console's in-process engine on SQLite)."""

    def __init__(
        self,
        engine: DbEngine,
        name: str | None = None,
        interval_s: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], dt.datetime] = repo.now,
        lease: Lease | None = None,
        retry_s: float = RETRY_S,
        warm_standby: bool = True,
        notices_every_s: float | None = NOTICES_EVERY_S,
    ):
        self.engine = engine
        self.name = name or default_name()
        self.interval_s = interval_s
        self.retry_s = min(retry_s, interval_s)
        self.clock = clock
        self.lease = lease or lease_for(engine)
        # called inside each pass's transaction with (session, pass moment): the notices and the push plug in here
        self.after_pass: list[Callable[[Any, dt.datetime], None]] = [self._beat]
        self._lease_since: dt.datetime | None = None  # set on taking the lease: the next beat notes it
        self.backend = self._fresh_backend()
        self.Session = session_factory(engine)
        self.warm_standby = warm_standby
        self.notices_every_s = notices_every_s  # None: no notices (tests of the pass alone)
        self._next_notices = 0.0
        self.passes = 0
        self._next_pass = 0.0
        self._was_standby: bool | None = None
        self.refused: str | None = None  # the server refused this login the lease: said once, no more tries
        self._lock = threading.Lock()
        self._scheduler: Any = None

    # ---- one tick ---------------------------------------------------------------------------------------------
    def tick(self) -> dict[str, Any] | None:
        """Take or keep the lease; run a pass when one is due.  Returns the pass's log fields (None: no pass)."""
        with self._lock:
            if self.refused is not None:
                return None
            if not self.lease.held:
                try:
                    took = self.lease.try_acquire()
                except LeaseForbidden as exc:
                    self._refuse(exc)
                    return None
                if not took:
                    if self._was_standby is not True:
                        log.info(kv(event="standby", engine=self.name))
                        self._was_standby = True
                    self._keep_warm()
                    return None
                self._was_standby = False
                self._next_pass = 0.0
                self.backend.become_writer()
                self._lease_since = repo.now()
                self._note_holder()
                log.info(kv(event="lease_acquired", engine=self.name))
            elif not self.lease.check():
                log.warning(kv(event="lease_lost", engine=self.name))
                self.backend = self._fresh_backend()  # re-read everything once it is ours again
                self.backend.reader = True
                return None
            if time.monotonic() < self._next_pass:
                return None
            self._next_pass = time.monotonic() + self.interval_s
            return self.run_pass()

    def _refuse(self, exc: LeaseForbidden) -> None:
        """A login without the engine's rights (a console's role) would stand by forever, logging "permission
        denied" every second: it is said once and the ticking ends (``python main.py engine`` exits 2)."""
        self.refused = forbidden_message(exc)
        log.error(kv(event="lease_forbidden", engine=self.name, role=exc.role, error=exc.reason[:120]))
        log.error(self.refused)
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)  # inside its own job: no waiting for itself

    def run_pass(self) -> dict[str, Any]:
        t0 = time.perf_counter()
        snap = self.backend.poll()
        ms = (time.perf_counter() - t0) * 1000
        self.passes += 1
        c = self.backend.pass_counts if snap.ok else {}
        fields: dict[str, Any] = dict(
            event="pass",
            holder=self.name,
            n=self.passes,
            at=self.clock().isoformat(timespec="seconds"),
            raised=c.get("raised", 0),
            cleared=c.get("cleared", 0),
            duration_ms=ms,
            open=snap.totals.open_cases if snap.ok else -1,
            ok=snap.ok,
        )
        if not snap.ok:
            fields["error"] = snap.error or ""
        (log.info if snap.ok else log.warning)(kv(**fields))
        if snap.ok and self.notices_every_s is not None and time.monotonic() >= self._next_notices:
            self._next_notices = time.monotonic() + self.notices_every_s
            self._notices()
        return fields

    def _notices(self) -> None:
        """Fill the outbox from what the committed pass left, then deliver what is due (each notice in
        transactions of its own: a channel that is down costs a retry later, never the pass)."""
        from console.services.notices import channels_from_meta, deliver_due, enqueue_notices

        now = self.clock()
        try:
            with self.Session.begin() as s:
                queued = enqueue_notices(s, now)
            with self.Session() as s:
                channels = channels_from_meta(s)
            report = deliver_due(self.Session, now, channels)
        except DB_ERRORS as exc:
            log.warning(kv(event="notices_failed", engine=self.name, error=str(exc).splitlines()[0][:120]))
            return
        log.info(
            kv(
                event="notices",
                engine=self.name,
                queued=queued,
                sent=report.sent,
                failed=report.failed,
                held=report.held,
            )
        )

    def _keep_warm(self) -> None:
        """A standby reads as a console does (writes nothing), every ``interval_s``: its open set and lights
        are current, so taking over costs an incremental pass, not a cold load of every open case."""
        if self.warm_standby and time.monotonic() >= self._next_pass:
            self._next_pass = time.monotonic() + self.interval_s
            self.backend.reader = True
            first = not self.backend.loaded
            if self.backend.poll().ok and first:
                log.info(kv(event="standby_warm", engine=self.name))

    def _beat(self, session: Any, _at: dt.datetime) -> None:
        """The heartbeat, in the pass's transaction (it commits with the pass's alarms or not at all): the wall
        clock, since the consoles judge by it whether the engine runs."""
        heartbeat.beat(session, self.name, repo.now(), self.interval_s, since=self._lease_since)
        self._lease_since = None

    def _note_holder(self) -> None:
        try:
            with self.Session.begin() as s:
                record_holder(s, self.name, self.clock())
        except DB_ERRORS as exc:  # the holder note is for people; the lease itself is the lock
            log.warning(kv(event="holder_note_failed", error=str(exc)[:80]))

    def _fresh_backend(self) -> Backend:
        be = Backend(self.engine, self.name, clock=self.clock, after_pass=())
        be.after_pass = self.after_pass  # the same list: hooks added later run too
        be.picture = False
        return be

    # ---- scheduling -------------------------------------------------------------------------------------------
    def start(self, blocking: bool = False) -> None:
        """Tick now and then every ``retry_s`` (a BlockingScheduler for the service, a BackgroundScheduler in a
        console)."""
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.schedulers.blocking import BlockingScheduler

        # a pass longer than the tick is normal (a day change at 1M cases): the tick it overlaps is skipped, and
        # the scheduler's warning about it every second is noise in the operator's terminal — its own logger,
        # errors only
        quiet = logging.getLogger("console.engine.scheduler")
        quiet.setLevel(logging.ERROR)
        sched = BlockingScheduler(logger=quiet) if blocking else BackgroundScheduler(daemon=True, logger=quiet)
        self._scheduler = sched
        sched.add_job(
            self._safe_tick,
            "interval",
            seconds=self.retry_s,
            max_instances=1,
            coalesce=True,
            next_run_time=dt.datetime.now(),
            id="engine-tick",
        )
        sched.start()

    def _safe_tick(self) -> None:
        try:
            self.tick()
        except Exception:  # a bug in one pass must not end the service: logged, the next tick tries again
            log.exception(kv(event="pass_failed", engine=self.name))

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        with self._lock:
            self.lease.release()
        log.info(kv(event="stopped", engine=self.name, passes=self.passes))
