"""Who is at this console: the logged-in operator, their role, and the idle lock.

``ConsoleSession(controller, client)`` holds the ``Actor`` that ``supervision.auth.login`` returned (run on the
controller's worker pool through ``client.login``).  ``start()`` shows the modal ``LoginDialog`` over every
window and installs an application-wide event filter that

* restarts the idle timer on every mouse/keyboard input; after ``AuthPolicy.idle_lock_minutes`` without input
  the console locks: the login dialog comes back over everything (the walls keep polling and drawing behind it);
* locks on Ctrl+L whichever of the console's windows has the focus (a main window, an alarm dialog, a form);
* while locked (or before the first log-in) swallows input to every window but the login dialog, and lifts
  the login dialog above any window that opens or is activated meanwhile (e.g. a red-alarm dialog).

The log-in dialog is application-modal and a transient of the console's main window (``set_host``): a window
manager stacks a full-screen window's transients with it, so a dialog of its own (``parent=None``) with a
"stay on top" hint ends up *below* a full-screen wall and its alarm dialog.  Alarm dialogs never raise
themselves while ``blocking`` (AlarmNotifier ``may_raise``): they flash and sound behind the log-in.

Quitting (``quit(how)``) journals who closed the console and how, then leaves the event loop with
``QApplication.exit`` (``quit()`` would ask every window to close, and the dialogs that cannot be closed by
hand would veto it).  ``request_quit(how)`` is the window's close button: before any log-in it quits; on a
locked console it shows the log-in, where 退出监察台 takes the password; a logged-in operator quits at once.

Unlocking with another operator's name switches the session to them.  ``sig_changed(actor | None)`` tells the
windows to re-gate their buttons (``console.widgets.gate.apply_gate``): a button needing more than the current
role is disabled with a tooltip naming the role it needs.  The back end checks the role again on every write.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from console.domain import roles as auth
from console.domain.roles import Actor
from console.supervision.auth import AuthPolicy
from console.widgets.common import raise_window
from console.widgets.gate import apply_gate, need_text, role_text
from console.widgets.login_dialog import LoginDialog

log = logging.getLogger(__name__)

_INPUT = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.ContextMenu,
}
_ACTIVITY = _INPUT | {QEvent.Type.MouseMove}


def _is_lock_key(event) -> bool:
    """Ctrl+L (锁定), as ScreenWindow binds it; Shift or Alt with it is another key."""
    return event.key() == Qt.Key.Key_L and event.modifiers() == Qt.KeyboardModifier.ControlModifier


_raise = raise_window


class ConsoleSession(QObject):
    #: the logged-in Actor changed (None: logged out)
    sig_changed = Signal(object)
    #: the console locked (idle or by hand) / was unlocked by a log-in
    sig_locked = Signal()
    sig_unlocked = Signal()
    #: the console is about to leave its event loop (how: lock_dialog | login_dialog | window | SIGINT | SIGTERM)
    sig_quitting = Signal(str)

    def __init__(
        self,
        controller,
        client,
        *,
        demo_accounts=None,
        idle_lock_minutes: float | None = None,
        parent: QObject | None = None,
    ):
        """``client``: console.services.supervision_client.SupervisionClient (login, auth_policy, operator_count).
        ``demo_accounts``: [(username, role, password, display name)] shown on the log-in dialog (demo only).
        ``idle_lock_minutes``: overrides ``AuthPolicy.idle_lock_minutes`` (else read from the database)."""
        super().__init__(parent)
        self.controller = controller
        self.client = client
        self.demo_accounts = list(demo_accounts or [])
        self.actor: Actor | None = None
        self.locked = False
        self.locked_by_hand = False
        self.login_dialog: LoginDialog | None = None
        self._host = None
        self._started = False
        self.exit = lambda code: QApplication.instance().exit(code)  # tests replace it
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        self._fixed_idle = idle_lock_minutes
        self.set_idle_lock_minutes(idle_lock_minutes if idle_lock_minutes is not None else AuthPolicy.idle_lock_minutes)

    # ---- who --------------------------------------------------------------------------------------------
    @property
    def role(self) -> str | None:
        return self.actor.role if self.actor is not None else None

    @property
    def display_name(self) -> str:
        a = self.actor
        return (a.display_name or a.username) if a is not None else ""

    def allowed(self, action: str) -> bool:
        return self.actor is not None and not self.locked and auth.allowed(self.actor.role, action)

    def set_actor(self, actor: Actor | None) -> None:
        """Make ``actor`` the session's operator (tests and the log-in dialog use this)."""
        changed = actor != self.actor
        self.actor = actor
        # acknowledgements store and audit the account and its role, not the name typed in the dialog
        self.controller.actor = actor
        was_locked, self.locked = self.locked, False
        if actor is not None:
            self._idle.start()
        else:
            self._idle.stop()
        if changed or was_locked:
            self.sig_changed.emit(actor)
        if was_locked and actor is not None:
            self.sig_unlocked.emit()

    def logout(self) -> None:
        self._end_login("auth.logout")
        self.set_actor(None)
        if self._started:
            self.show_login()

    def _end_login(self, action: str) -> None:
        """Audit the end of a log-in in the person's name (and end the database's session), on the pool."""
        actor = self.actor
        if actor is None or self.client is None or not hasattr(self.client, "logout"):
            return
        self.controller.run_request(
            lambda: self.client.logout(actor, action),
            lambda _r: None,
            lambda exc: log.warning("%s of %s not audited: %s", action, actor.username, exc),
        )

    # ---- idle lock --------------------------------------------------------------------------------------
    @property
    def idle_ms(self) -> int:
        return self._idle.interval()

    def set_idle_lock_minutes(self, minutes: float) -> None:
        self.set_idle_timeout_ms(int(max(0.05, float(minutes)) * 60_000))

    def set_idle_timeout_ms(self, ms: int) -> None:
        self._idle.setInterval(max(50, int(ms)))
        if self._idle.isActive():
            self._idle.start()

    def lock(self, by_hand: bool = False) -> None:
        """Lock now: the log-in dialog over everything; the walls keep updating behind it."""
        if self.actor is None or self.locked:
            return
        self.locked = True
        self.locked_by_hand = by_hand
        self._idle.stop()
        log.info("console locked (operator %s)", self.actor.username)
        self._end_login("auth.lock" if by_hand else "auth.idle_lock")
        self.sig_locked.emit()
        self.show_login()

    # ---- start ------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Install the input filter, read the idle policy (worker pool), show the log-in dialog."""
        if not self._started:
            self._started = True
            QApplication.instance().installEventFilter(self)
            if self._fixed_idle is None and self.client is not None:
                self.controller.run_request(
                    self.client.auth_policy,
                    lambda p: self.set_idle_lock_minutes(p.idle_lock_minutes),
                    lambda exc: log.warning("idle policy not read: %s", exc),
                )
        self.show_login()

    def stop(self) -> None:
        """Remove the input filter and stop the idle timer (shutting down, tests)."""
        self._idle.stop()
        if self._started:
            QApplication.instance().removeEventFilter(self)
            self._started = False
        if (d := self._live_login()) is not None:
            d.hide()

    def set_host(self, host) -> None:
        """The window the log-in dialog belongs to: a QWidget or a callable returning one (or None)."""
        self._host = host

    def _host_window(self) -> QWidget | None:
        h = self._host() if callable(self._host) and not isinstance(self._host, QWidget) else self._host
        return h.window() if h is not None else None

    def show_login(self) -> LoginDialog:
        if self.login_dialog is not None and not shiboken6.isValid(self.login_dialog):
            self.login_dialog = None  # its window went with a monitor (ScreenManager.rehome): make a new one
        if self.login_dialog is None:
            d = LoginDialog(self.controller, self.client, demo_accounts=self.demo_accounts)
            d.sig_logged_in.connect(self._logged_in)
            d.sig_quit.connect(self._quit_from_dialog)
            self.login_dialog = d
        d = self.login_dialog
        host = self._host_window()
        if host is not None and d.parentWidget() is not host:
            d.setParent(host, d.windowFlags() | Qt.WindowType.Dialog)
        d.set_locked_by(self.actor if self.locked else None, idle=not self.locked_by_hand)
        d.setWindowModality(Qt.WindowModality.ApplicationModal)
        d.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        d.reset()
        d.show()
        _raise(d)
        return d

    def _logged_in(self, actor: Actor) -> None:
        if (d := self._live_login()) is not None:
            d.hide()
        self.set_actor(actor)

    # ---- quitting ---------------------------------------------------------------------------------------
    def _quit_from_dialog(self, actor: Actor | None) -> None:
        self.quit("lock_dialog" if self.locked else "login_dialog", actor)

    def request_quit(self, how: str = "window") -> bool:
        """The operator asked to close the console (window close button); returns whether it quits now.

        A locked console needs a log-in to quit: the log-in dialog comes forward and says so."""
        if self._started and self.locked:
            d = self.show_login()
            d.error.setText(d.tr("监察台已锁定：退出须先输入用户名和密码，再按“退出监察台”"))
            return False
        self.quit(how, self.actor)
        return True

    def quit(self, how: str, actor: Actor | None = None) -> None:
        """Journal who closed the console and how, then leave the event loop (never vetoed)."""
        actor = actor or self.actor
        log.info("console quitting (%s, operator %s)", how, actor.username if actor else "-")
        if self.client is not None:
            try:
                self.client.record_quit(actor, how)
            except Exception as exc:  # a lost database must not keep the console from closing
                log.warning("quit not journalled: %s", exc)
        self.sig_quitting.emit(how)
        self.stop()
        self.exit(0)

    @property
    def started(self) -> bool:
        """The log-in is required (``start()`` ran): nobody acts on the console before logging in."""
        return self._started

    @property
    def blocking(self) -> bool:
        """Input is refused everywhere but the log-in dialog (locked, or nobody logged in yet)."""
        return self._started and (self.locked or self.actor is None)

    # ---- the application-wide filter ----------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        et = event.type()
        if et == QEvent.Type.KeyPress and _is_lock_key(event) and not self.blocking and self.actor is not None:
            # Ctrl+L from any window: the ScreenWindow's shortcut is window-scoped, and the red-alarm dialog that
            # takes the focus after log-in is a window of its own, where the next keys (a name, Tab, a password,
            # Return) acknowledged the alarm in that name; here the key reaches no widget, whichever is active
            self.lock(by_hand=True)
            return True
        if et in _ACTIVITY:
            if self.blocking:
                if et in _INPUT and isinstance(obj, QWidget) and not self._inside_login(obj):
                    return True
            elif self.actor is not None:
                self._idle.start()
        elif (
            et in (QEvent.Type.Show, QEvent.Type.WindowActivate)
            and self.blocking
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and not self._inside_login(obj)
            and self._live_login() is not None
        ):
            QTimer.singleShot(0, self._raise_login)
        return False

    def _live_login(self) -> LoginDialog | None:
        d = self.login_dialog
        return d if d is not None and shiboken6.isValid(d) else None

    def _inside_login(self, w: QWidget) -> bool:
        d = self._live_login()
        if d is None:
            return False
        win = w.window()
        while win is not None:
            if win is d:
                return True
            parent = win.parentWidget()
            win = parent.window() if parent is not None else None
        return False

    def _raise_login(self) -> None:
        d = self._live_login()
        if d is not None and d.isVisible():
            _raise(d)


__all__ = ["ConsoleSession", "apply_gate", "need_text", "role_text"]
