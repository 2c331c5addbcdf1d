"""Mute is a supervisor's right, audited, and it expires (ISA-18.2: shelving is a supervisor action with an
expiry and a record).  Before, any operator could mute with a checkbox or Ctrl+M, unaudited, and the mute
survived log-out and restart (QSettings).

``MuteGuard(notifier, session, controller, client)`` sits beside the AlarmNotifier without changing it: it
unmutes at start, takes back a mute by someone without the right (saying why), audits each mute and unmute
in the person's name on the worker pool, ends a mute after ``minutes``, and ends it when its supervisor logs
out, is locked out by the idle timer or another person takes the console.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Slot

log = logging.getLogger(__name__)

DEFAULT_MUTE_MINUTES = 15.0


class MuteGuard(QObject):
    def __init__(self, notifier, session, controller, client, minutes: float = DEFAULT_MUTE_MINUTES, parent=None):
        super().__init__(parent)
        self.notifier, self.session, self.controller, self.client = notifier, session, controller, client
        self.minutes = float(minutes)
        self.muted_by = None
        self._quiet = False  # our own unmute of a refused mute: nothing to audit
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.setInterval(max(1, int(self.minutes * 60_000)))
        self._expiry.timeout.connect(self._expire)
        self._quietly(False)  # a mute never survives a restart
        notifier.sig_muted_changed.connect(self._changed)
        session.sig_changed.connect(self._actor_changed)
        session.sig_locked.connect(self._locked)

    def _quietly(self, muted: bool) -> None:
        self._quiet = True
        try:
            self.notifier.set_muted(muted)
        finally:
            self._quiet = False

    def _audit(self, actor, action: str, detail: dict | None = None) -> None:
        if actor is None or self.client is None:
            return
        self.controller.run_request(
            lambda: self.client.record_event(actor, action, detail),
            lambda _r: None,
            lambda exc: log.warning("%s not audited: %s", action, exc),
        )

    @Slot(bool)
    def _changed(self, muted: bool) -> None:
        if self._quiet:
            return
        actor = self.session.actor
        if muted:
            if not self.session.allowed("mute"):
                self._quietly(False)
                self.notifier.refuse_mute("静音需要监察员登录（仅监察员可静音）")
                return
            self.muted_by = actor
            self._expiry.start()
            self._audit(actor, "alarm.mute", {"minutes": self.minutes})
        else:
            self._expiry.stop()
            self._audit(actor or self.muted_by, "alarm.unmute")
            self.muted_by = None

    def _end(self, action: str) -> None:
        if not self.notifier.muted:
            return
        by = self.muted_by
        self._expiry.stop()
        self.muted_by = None
        self._quietly(False)
        self._audit(by, action)

    @Slot()
    def _expire(self) -> None:
        self._end("alarm.mute_expired")

    @Slot(object)
    def _actor_changed(self, actor) -> None:
        if self.muted_by is not None and (actor is None or actor.username != self.muted_by.username):
            self._end("alarm.mute_ended")

    @Slot()
    def _locked(self) -> None:
        self._end("alarm.mute_ended")
