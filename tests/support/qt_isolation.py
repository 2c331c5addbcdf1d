"""Nothing of one GUI test may act in a later one.

A log-in session keeps an idle-lock timer (10 min by default) and an alarm notifier keeps its re-alert and sound
timers; a test that leaves either running gets a log-in dialog or an alarm popping up in a test a quarter of an hour
later, over that test's own windows (a whole CI run once failed that way: four stray 登录 dialogs took the
keyboard from the alarm-dialog tests).  ``track()`` (once, at start-up) records every session and notifier made;
``clean()`` (after each test) stops them and hides every window still shown.
"""

from __future__ import annotations

import weakref

_live: weakref.WeakSet = weakref.WeakSet()


def _registering(cls) -> None:
    init = cls.__init__

    def __init__(self, *a, **kw):
        init(self, *a, **kw)
        _live.add(self)

    cls.__init__ = __init__


def track() -> None:
    from console.shell.alarm_notifier import AlarmNotifier
    from console.shell.session import ConsoleSession

    _registering(ConsoleSession)
    _registering(AlarmNotifier)


def clean() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    for obj in list(_live):
        try:
            if hasattr(obj, "stop"):
                obj.stop()  # a session: its idle lock and input filter
            for timer in obj.findChildren(QTimer):
                timer.stop()
        except RuntimeError:  # its C++ side is already gone
            pass
    _live.clear()
    for w in QApplication.topLevelWidgets():
        try:
            if w.isVisible():
                w.hide()
        except RuntimeError:
            pass
