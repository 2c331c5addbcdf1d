"""Push on PostgreSQL: writers ``NOTIFY console_events`` inside their transaction, consoles ``LISTEN``.

PostgreSQL delivers a notification only when its transaction commits (never for a rollback) and folds identical
payloads of one transaction into one, so ``notify`` may be called after every change.  The listener is a hint:
a console that hears one polls at once, and the scheduled poll stays the safety net (and the only path on
SQLite, and whenever the listening connection is down).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "console_events"
_PAYLOAD_MAX = 7000  # PostgreSQL refuses payloads of 8000 bytes or more


def notify(session: Session, what: str) -> None:
    """Tell the listening consoles, at this transaction's commit, that ``what`` changed (no-op on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SELECT pg_notify(:c, :w)"), {"c": CHANNEL, "w": what[:_PAYLOAD_MAX]})


def conninfo(url: str | URL) -> str:
    """A libpq connection string from the console's SQLAlchemy URL (``postgresql+psycopg://…``)."""
    u = make_url(url) if isinstance(url, str) else url
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


class Listener:
    """``LISTEN console_events`` on its own connection in a daemon thread; ``callback(payload)`` per notification.

    A lost connection is retried with back-off (0.5 s doubling to ``max_backoff_s``); after a reconnect the
    callback is called once with ``"reconnected"`` (what was committed meanwhile was not heard).  The callback
    runs on the listener's thread: it must only hand the work over (e.g. submit a poll), never block.
    """

    def __init__(
        self,
        url: str | URL,
        callback: Callable[[str], None],
        channel: str = CHANNEL,
        max_backoff_s: float = 30.0,
        wake_s: float = 0.5,
    ):
        self._conninfo = conninfo(url)
        self.callback = callback
        self.channel = channel
        self.max_backoff_s = max_backoff_s
        self.wake_s = wake_s  # how often the thread looks at the stop flag while nothing arrives
        self.listening = threading.Event()  # set while LISTEN is in force (tests wait for it)
        self.heard = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Listener:
        self._thread = threading.Thread(target=self._run, name="console-listen", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.listening.clear()

    def _call(self, payload: str) -> None:
        self.heard += 1
        try:
            self.callback(payload)
        except Exception:  # a broken consumer must not end the listening
            log.exception("push callback failed")

    def _run(self) -> None:
        delay, connected_before = 0.5, False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f'LISTEN "{self.channel}"')
                    self.listening.set()
                    if connected_before:
                        log.info("listening for %s again", self.channel)
                        self._call("reconnected")
                    connected_before, delay = True, 0.5
                    while not self._stop.is_set():
                        for n in conn.notifies(timeout=self.wake_s):
                            self._call(n.payload)
                            if self._stop.is_set():
                                break
            except (psycopg.Error, OSError) as exc:
                self.listening.clear()
                if self._stop.is_set():
                    break
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                log.warning("push listener: %s; retrying in %.1f s", first, delay)
                self._stop.wait(delay)
                delay = min(self.max_backoff_s, delay * 2)
        self.listening.clear()
