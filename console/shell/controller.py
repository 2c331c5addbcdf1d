"""The bridge between the database work (worker threads) and the screens (GUI thread).

An APScheduler job runs ``Poller.poll`` off the GUI thread; its Snapshot reaches the views only through
the queued signal ``sig_snapshot``.  Drill-down look-ups and acknowledgements also run on the worker pool
and answer with signals; supervision work uses the generic ``run_request(fn, on_done, on_error)``.  Views hold a
controller and call its request methods; they never query.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from apscheduler.schedulers.background import BackgroundScheduler
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from console.domain.errors import UserError

log = logging.getLogger(__name__)

# push-triggered polls at most this often: under a continuous ingest every commit notifies, and each console
# would poll back-to-back (a full read each); the scheduled poll is unaffected
PUSH_MIN_GAP_S = 0.5


class ConsoleController(QObject):
    #: a new Snapshot (console.domain.snapshot.Snapshot) after every poll, good or failed
    sig_snapshot = Signal(object)
    #: (unit_id, tuple[CaseRow, ...]) answering request_unit_cases
    sig_unit_cases = Signal(int, object)
    #: CaseDetail answering request_case_detail
    sig_case_detail = Signal(object)
    #: (unit_id or None, tuple[CaseRow, ...]) answering request_red_next: due today and on the next working day
    sig_red_next = Signal(object, object)
    #: list[AckOutcome] answering acknowledge (won=False: another console was first; it says who and when)
    sig_alarms_acknowledged = Signal(object)
    #: a human-readable error from a request (never a crash)
    sig_error = Signal(str)
    #: (request id, result) of ``run_request``; delivered queued, dispatched to its ``on_done`` on the GUI thread
    sig_request_done = Signal(int, object)
    #: (request id, exception) of ``run_request``; dispatched to its ``on_error`` (or shown via ``sig_error``)
    sig_request_failed = Signal(int, object)
    #: (public signal's name, its arguments) from a worker thread: re-emitted on the GUI thread (``_emit_here``).
    #: Every public signal is emitted there, so each receiver — a view's slot, a lambda, a test's waiter — runs on
    #: the GUI thread, and no receiver connecting or disconnecting races a worker's emit (a CI run crashed with a
    #: segmentation fault while a worker emitted the acknowledgement a pytest-qt waiter was disconnecting from)
    _sig_to_gui = Signal(str, object)

    def __init__(
        self, backend, console_name: str, parent: QObject | None = None, push_min_gap_s: float = PUSH_MIN_GAP_S
    ):
        """``backend``: console.services.poller.Backend (poll(), unit_cases(), case_detail(), acknowledge()).
        ``push_min_gap_s``: the least time between two polls a notification triggers (``on_push``)."""
        super().__init__(parent)
        self.backend = backend
        self.console_name = console_name
        self.actor = None  # the account logged in here (set by ConsoleSession): named on every acknowledgement
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="console-db")
        self._scheduler = None
        self._poll_lock = threading.Lock()
        self._poll_again = threading.Event()  # a poll was asked for while one ran: run one more after it
        self._listener = None  # console.models.push.Listener on PostgreSQL (start_push)
        self.push_min_gap_s = push_min_gap_s
        self._push_lock = threading.Lock()
        self._push_next = 0.0  # monotonic: the earliest moment of the next push-triggered poll
        self._push_timer: threading.Timer | None = None  # the one deferred poll that answers a burst
        self.push_polls = 0  # polls notifications triggered (tests, the log)
        self.last_snapshot = None
        # told the replayed moment (None: live) as soon as the operator asks: the supervision client refuses work
        self.replay_listeners: list[Callable[[object], None]] = []
        self._requests: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._request_ids = itertools.count(1)
        self._requests_lock = threading.Lock()
        self.sig_request_done.connect(self._request_done)
        self.sig_request_failed.connect(self._request_failed)
        self._sig_to_gui.connect(self._emit_here, Qt.ConnectionType.QueuedConnection)

    # ---- polling ------------------------------------------------------------------------------
    def start(self, interval_s: float) -> None:
        """Poll now and then every ``interval_s`` seconds on APScheduler's thread pool."""
        self._scheduler = BackgroundScheduler(job_defaults={"max_instances": 1, "coalesce": True})
        self._scheduler.add_job(
            self.poll_once, "interval", seconds=interval_s, id="poll", misfire_grace_time=max(1, int(interval_s))
        )
        self._scheduler.start()
        self.poll_soon()

    def start_push(self, url) -> bool:
        """On PostgreSQL: listen for the writers' notifications and poll at once on each (the scheduled poll
        stays the safety net, and stale detection is unchanged: a silent channel proves nothing).  Returns
        whether it listens (False on SQLite)."""
        from console.models.push import Listener

        if not str(url).startswith("postgresql"):
            return False
        self._listener = Listener(url, self.on_push).start()
        return True

    def on_push(self, _what: str = "") -> None:
        """A notification (listener thread): poll now, or — within ``push_min_gap_s`` of the last such poll —
        once at the end of the gap.  Every notification of a burst is answered by a poll that starts after it,
        so the last commit is always read; the ones between cost nothing."""
        with self._push_lock:
            wait = self._push_next - time.monotonic()
            if wait > 0:
                if self._push_timer is None:
                    self._push_timer = threading.Timer(wait, self._push_due)
                    self._push_timer.daemon = True
                    self._push_timer.start()
                return
            self._push_next = time.monotonic() + self.push_min_gap_s
            self.push_polls += 1
        self.poll_soon()

    def _push_due(self) -> None:
        with self._push_lock:
            self._push_timer = None
            self._push_next = time.monotonic() + self.push_min_gap_s
            self.push_polls += 1
        self.poll_soon()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        with self._push_lock:
            if self._push_timer is not None:
                self._push_timer.cancel()
                self._push_timer = None
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        self._pool.shutdown(wait=True, cancel_futures=True)

    def poll_soon(self) -> None:
        """Poll now on the worker pool (the snapshot arrives through sig_snapshot); thread-safe (the push
        listener calls it from its own thread)."""
        with contextlib.suppress(RuntimeError):  # stopped: shutting down
            self._pool.submit(self.poll_once)

    def poll_once(self) -> None:
        """One poll (worker thread).  An overlapping call does not wait: the running poll polls once more when
        it ends, since it may have read before the commit that asked (a pushed change is never left to the
        next scheduled poll)."""
        while True:
            if not self._poll_lock.acquire(blocking=False):
                self._poll_again.set()
                return
            try:
                self._poll_again.clear()
                try:
                    snap = self.backend.poll()
                except Exception as exc:  # the backend already turns DB errors into stale snapshots; belt and braces
                    log.exception("poll failed")
                    snap = self.last_snapshot.failed(str(exc)) if self.last_snapshot else None
            finally:
                self._poll_lock.release()
            if snap is not None:
                self.last_snapshot = snap
                self._emit("sig_snapshot", snap)
            # asked again while this one ran (checked after the release, so no request falls between the two)
            if not self._poll_again.is_set():
                return

    def set_replay(self, at) -> None:
        """Replay (回放) the moment ``at`` as known then, or go back to live with ``None``: the backend reloads on
        the worker pool and the next snapshot says which (``Snapshot.replay_at``)."""
        for listener in self.replay_listeners:
            listener(at)
        self._run(lambda: self.backend.set_as_of(at), lambda _: self.poll_once())

    # ---- requests from the views ----------------------------------------------------------------
    def _run(self, fn: Callable, done: Callable) -> None:
        def job():
            try:
                done(fn())
            except Exception as exc:
                log.exception("request failed")
                self._emit("sig_error", f"数据库操作失败：{exc}")

        self._pool.submit(job)

    # ---- generic requests (supervision work) ----------------------------------------------------------
    def run_request(
        self,
        fn: Callable[[], object],
        on_done: Callable[[object], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Run ``fn()`` on the worker pool; returns a request id.

        Its result reaches ``on_done(result)``, or its exception ``on_error(exc)``, on the GUI thread (through
        the queued signals ``sig_request_done`` / ``sig_request_failed``); never both, never on the worker.
        Without ``on_error`` the failure is shown through ``sig_error`` (see ``error_text``).  ``fn`` does the
        database work (it must not touch widgets); the callbacks must not block.
        """
        rid = next(self._request_ids)
        with self._requests_lock:
            self._requests[rid] = (on_done, on_error)

        def job():
            try:
                result = fn()
            except Exception as exc:  # handed to the GUI thread: a refused action is a message, not a crash
                if not isinstance(exc, ValueError):
                    log.exception("request %d failed", rid)
                self._emit("sig_request_failed", rid, exc)
            else:
                self._emit("sig_request_done", rid, result)

        try:
            self._pool.submit(job)
        except RuntimeError:  # stopped (shutting down): the request is dropped, nobody waits for it
            self._pop_request(rid)
        return rid

    def _emit(self, name: str, *args) -> None:
        """Emit the public signal ``name`` on the GUI thread: at once when called there (a test's direct
        ``poll_once``), else queued through ``_sig_to_gui``."""
        if QThread.currentThread() == self.thread():
            getattr(self, name).emit(*args)
        else:
            self._sig_to_gui.emit(name, args)

    @Slot(str, object)
    def _emit_here(self, name: str, args: tuple) -> None:
        getattr(self, name).emit(*args)

    @staticmethod
    def error_text(exc: BaseException) -> str:
        """What to show for a failed request: a workflow's own message as it is, else a short DB error."""
        if isinstance(exc, UserError):
            return str(exc)
        text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return f"数据库操作失败：{text[0] if text else type(exc).__name__}"

    def pending_requests(self) -> int:
        """Requests submitted and not yet answered (tests wait for 0)."""
        with self._requests_lock:
            return len(self._requests)

    def _pop_request(self, rid: int):
        with self._requests_lock:
            return self._requests.pop(rid, (None, None))

    @Slot(int, object)
    def _request_done(self, rid: int, result) -> None:
        on_done, _ = self._pop_request(rid)
        if on_done is not None:
            on_done(result)

    @Slot(int, object)
    def _request_failed(self, rid: int, exc) -> None:
        _, on_error = self._pop_request(rid)
        if on_error is not None:
            on_error(exc)
        else:
            self.sig_error.emit(self.error_text(exc))

    @Slot(int)
    def request_unit_cases(self, unit_id: int) -> None:
        self._run(lambda: self.backend.unit_cases(unit_id), lambda rows: self._emit("sig_unit_cases", unit_id, rows))

    def request_red_next(self, unit_id: int | None = None) -> None:
        self._run(lambda: self.backend.red_next(unit_id), lambda rows: self._emit("sig_red_next", unit_id, rows))

    @Slot(int)
    def request_case_detail(self, case_id: int) -> None:
        self._run(lambda: self.backend.case_detail(case_id), lambda detail: self._emit("sig_case_detail", detail))

    def acknowledge(self, alarm_ids: Sequence[int], operator: str, note: str | None = None) -> None:
        ids, actor = list(alarm_ids), self.actor
        self._run(
            lambda: self.backend.acknowledge(ids, operator, self.console_name, note, actor=actor),
            lambda outcomes: self._emit("sig_alarms_acknowledged", outcomes),
        )


__all__ = ["ConsoleController", "Qt"]
