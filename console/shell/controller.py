"""The bridge between the database work (worker threads) and the screens (GUI thread).

An APScheduler job runs ``Poller.poll`` off the GUI thread; its Snapshot reaches the views only through
the queued signal ``sig_snapshot``.  Drill-down look-ups and acknowledgements also run on the worker pool
and answer with signals; supervision work uses the generic ``run_request(fn, on_done, on_error)``.  Views hold a
controller and call its request methods; they never query.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from apscheduler.schedulers.background import BackgroundScheduler
from PySide6.QtCore import QObject, Qt, Signal, Slot

from console.domain.errors import UserError

log = logging.getLogger(__name__)


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

    def __init__(self, backend, console_name: str, parent: QObject | None = None):
        """``backend``: console.services.poller.Backend (poll(), unit_cases(), case_detail(), acknowledge())."""
        super().__init__(parent)
        self.backend = backend
        self.console_name = console_name
        self.actor = None  # the account logged in here (set by ConsoleSession): named on every acknowledgement
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="console-db")
        self._scheduler = None
        self._poll_lock = threading.Lock()
        self.last_snapshot = None
        self._requests: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._request_ids = itertools.count(1)
        self._requests_lock = threading.Lock()
        self.sig_request_done.connect(self._request_done)
        self.sig_request_failed.connect(self._request_failed)

    # ---- polling ------------------------------------------------------------------------------
    def start(self, interval_s: float) -> None:
        """Poll now and then every ``interval_s`` seconds on APScheduler's thread pool."""
        self._scheduler = BackgroundScheduler(job_defaults={"max_instances": 1, "coalesce": True})
        self._scheduler.add_job(
            self.poll_once, "interval", seconds=interval_s, id="poll", misfire_grace_time=max(1, int(interval_s))
        )
        self._scheduler.start()
        self.poll_soon()

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        self._pool.shutdown(wait=True, cancel_futures=True)

    def poll_soon(self) -> None:
        """Poll now on the worker pool (the snapshot arrives through sig_snapshot)."""
        self._pool.submit(self.poll_once)

    def poll_once(self) -> None:
        """One poll (worker thread).  An overlapping call is skipped: the next one catches up."""
        if not self._poll_lock.acquire(blocking=False):
            return
        try:
            snap = self.backend.poll()
        except Exception as exc:  # the backend already turns DB errors into stale snapshots; belt and braces
            log.exception("poll failed")
            snap = self.last_snapshot.failed(str(exc)) if self.last_snapshot else None
        finally:
            self._poll_lock.release()
        if snap is not None:
            self.last_snapshot = snap
            self.sig_snapshot.emit(snap)

    # ---- requests from the views ----------------------------------------------------------------
    def _run(self, fn: Callable, done: Callable) -> None:
        def job():
            try:
                done(fn())
            except Exception as exc:
                log.exception("request failed")
                self.sig_error.emit(f"数据库操作失败：{exc}")

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
                self.sig_request_failed.emit(rid, exc)
            else:
                self.sig_request_done.emit(rid, result)

        try:
            self._pool.submit(job)
        except RuntimeError:  # stopped (shutting down): the request is dropped, nobody waits for it
            self._pop_request(rid)
        return rid

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
        self._run(lambda: self.backend.unit_cases(unit_id), lambda rows: self.sig_unit_cases.emit(unit_id, rows))

    def request_red_next(self, unit_id: int | None = None) -> None:
        self._run(lambda: self.backend.red_next(unit_id), lambda rows: self.sig_red_next.emit(unit_id, rows))

    @Slot(int)
    def request_case_detail(self, case_id: int) -> None:
        self._run(lambda: self.backend.case_detail(case_id), self.sig_case_detail.emit)

    def acknowledge(self, alarm_ids: Sequence[int], operator: str, note: str | None = None) -> None:
        ids, actor = list(alarm_ids), self.actor
        self._run(
            lambda: self.backend.acknowledge(ids, operator, self.console_name, note, actor=actor),
            self.sig_alarms_acknowledged.emit,
        )


__all__ = ["ConsoleController", "Qt"]
