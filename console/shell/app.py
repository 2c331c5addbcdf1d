"""Starting the console: database, backend, controller, screens, alarms; demo mode with the simulator.

Leaving: 退出监察台 on the log-in/lock dialog, the window's close button, or SIGINT (Ctrl+C in the terminal) /
SIGTERM all go through ``ConsoleSession.quit``, which journals who closed the console and how; the poller,
the simulator and the database are then stopped in order (``run_console``'s tail).
"""

from __future__ import annotations

import functools
import logging
import signal
import socket
import sys
import threading
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from console.domain import catalogue
from console.models import repository as repo
from console.models.db import (
    current_revision_or_none,
    make_engine,
    resolve_url,
    schema_problem,
    session_factory,
    upgrade,
)
from console.services.engine import EngineService
from console.services.poller import Backend
from console.services.simulator import run_live, seed_history
from console.services.statistics_source import StatisticsSource
from console.services.supervision_client import SupervisionClient
from console.shell.alarm_notifier import AlarmNotifier
from console.shell.controller import PUSH_MIN_GAP_S, ConsoleController
from console.shell.i18n import install_translator
from console.shell.mute_guard import MuteGuard
from console.shell.screens import Layout, ScreenManager, load_layout
from console.shell.session import ConsoleSession
from console.supervision.audit_check import banner_text
from console.views.alarms import AlarmQueueView
from console.views.charts_view import ChartsView
from console.views.drilldown import DrilldownView
from console.views.red_next import RedNextView
from console.views.supervision import SupervisionActions, SupervisionView
from console.views.video_view import VideoView
from console.views.wall import WallView
from console.widgets import style
from console.widgets.common import raise_window

log = logging.getLogger(__name__)

DEMO_DB = Path("var") / "demo.db"
AUDIT_CHECK_S = 600.0  # the audit trail is verified at start and every ten minutes
ORG, APP = "ChengduSupervision", "SupervisionConsole"
SNAPSHOT_TIMEOUT_MS = 120_000
DEFAULT_POLL_S = 3.0
DEMO_SHIFT = "demo-history"
DEMO_LIVE_ALARMS = 4  # the newest alarms of the seeded history stay open for the newcomer


def _prepare_demo(engine, Session, progress, replay: bool = False) -> None:
    """Schema, catalogue and (first time only) ten working days of history through the ingest path.

    The history's alarms are marked as handled by the previous shift, except the newest few: a newcomer
    sees calm (handled) reds, a few live ones, and the modal alarm, rather than a backlog of hundreds.
    ``replay`` (``--demo --at``): a demo database that has its history is only read — no migration, no catalogue
    sync; only an absent one (no schema, or no case yet) is prepared, as the first start would.
    """
    if replay and current_revision_or_none(engine) is not None:
        with Session() as s:
            if repo.has_cases(s):
                return
    upgrade(engine)
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        empty = not repo.has_cases(s)
    if not empty:
        return
    seed_history(Session, days=10, progress=progress)
    Backend(engine, DEMO_SHIFT).poll()  # raises the time alarms of the seeded open cases
    with Session() as s:
        older = repo.open_alarm_ids(s)[:-DEMO_LIVE_ALARMS]
    progress(f"history: {len(older)} alarms handled by the previous shift")
    for alarm_id in older:
        with Session.begin() as s:
            repo.acknowledge(s, alarm_id, "上一班值班员", DEMO_SHIFT, "演示数据：历史告警已处理")


class _Progress:
    """Progress of long start-up work, on the terminal and in a dialog."""

    def __init__(self, app):
        self.app = app
        self.dialog = QProgressDialog("正在准备演示数据…", None, 0, 0)
        self.dialog.setWindowTitle("行政审批电子监察")
        self.dialog.setMinimumDuration(0)
        self.dialog.show()

    def __call__(self, text: str) -> None:
        print(text, flush=True)
        self.dialog.setLabelText(f"正在准备演示数据…\n{text}")
        self.app.processEvents()

    def close(self) -> None:
        self.dialog.close()


def run_console(args) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler logs two INFO lines per poll (every 3 s): the terminal is for what an operator should read
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    QCoreApplication.setOrganizationName(ORG)
    QCoreApplication.setApplicationName(APP)
    # Qt's own dialogs (file chooser, message boxes) rather than the platform's: those follow the desktop's
    # locale, not the console's language, and come out in English on a Chinese console
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    app = QApplication.instance() or QApplication(sys.argv[:1])

    install_translator(app, args.lang or "zh")
    style.install(app)

    try:
        url, demo = database_for(args)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    engine = make_engine(url)
    Session = session_factory(engine)
    stop_sim = threading.Event()
    if demo:
        # Ctrl+C during the preparation is Python's KeyboardInterrupt (below) even when the console was started
        # with SIGINT ignored (a background job of a shell without job control passes SIG_IGN on, and Python then
        # installs no handler): the event loop's handler (quit_on_signals) overrides it later anyway.  CI's runs
        # lost the signal this way and the console ran on.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        progress = _Progress(app)
        try:
            _prepare_demo(engine, Session, progress, replay=getattr(args, "replay_at", None) is not None)
        except KeyboardInterrupt:  # Ctrl+C while the history is written (before the event loop): words, no traceback
            print(f"演示数据准备已中断（Ctrl+C）；演示数据库可能不完整，删除 {url} 的文件后重新启动", file=sys.stderr)
            engine.dispose()
            return 130
        finally:
            progress.close()
        _start_simulator(Session, stop_sim, getattr(args, "replay_at", None))
    if not demo or getattr(args, "replay_at", None) is not None:
        problem = schema_problem(engine)  # a replay never migrates (it writes nothing)
        if problem:
            print(problem, file=sys.stderr)
            if not args.snapshot:
                QMessageBox.critical(None, "行政审批电子监察", problem)
            return 2

    console_name = args.console_name or socket.gethostname()
    settings = QSettings()
    interval = args.poll or float(settings.value("poll/interval_s", DEFAULT_POLL_S))
    # retry a lost database at least once per poll interval: back within two intervals of its return
    # the rules run in the supervision engine (console.services.engine); the console reads.  One PC on SQLite (and
    # ``make run``) starts one here, in the background; a room on PostgreSQL runs ``python main.py engine``
    engine_svc = None
    if _in_process_engine(args, engine):
        engine_svc = EngineService(engine, f"{console_name}-engine", interval_s=interval)
        if args.snapshot:
            engine_svc.tick()  # the pictures show the alarms of the first pass
        engine_svc.start()
    backend = Backend(
        engine,
        console_name,
        reader=True,
        max_backoff_s=interval,
        # the lights' history in the database (console/models/light_history.py): sampling and retention
        history_every_s=int(settings.value("history/every_s", 300)),
        history_keep_days=int(settings.value("history/keep_days", 400)),
        as_of=getattr(args, "replay_at", None),  # --at: replay (回放) that moment, as known then
        # the engine counts as not running after this long without a pass (default: 5 of its intervals, ≥ 20 s)
        engine_late_s=float(late) if (late := settings.value("engine/late_after_s")) else None,
    )
    # a pushed change polls at once, at most once per push/min_gap_s (a continuous ingest notifies every commit)
    controller = ConsoleController(
        backend, console_name, push_min_gap_s=float(settings.value("push/min_gap_s", PUSH_MIN_GAP_S))
    )
    # who is at the console (log-in, roles, idle lock); the demo gets a documented operator set
    client = SupervisionClient(Session, console_name)
    link_replay(controller, client, getattr(args, "replay_at", None))
    demo_accounts = _demo_operators(client) if demo else None
    session = ConsoleSession(controller, client, demo_accounts=demo_accounts)
    room = ControlRoom(
        controller,
        settings,
        args.layout or "default",
        client,
        session=session,
        stale_after_s=stale_after(interval),
        # the statistics screen's pages (read on the worker pool), for the replayed moment's periods in a replay
        statistics=StatisticsSource(Session, clock=lambda: backend.clock()),
    )

    # PostgreSQL: the writers' NOTIFY makes this console poll at once (console/models/push.py)
    if controller.start_push(url):
        log.info("listening for pushed changes (scheduled poll every %g s kept)", interval)

    rc = 0
    if args.snapshot:
        rc_box = {"rc": 1}

        def on_snapshot(snap):
            if snap.ok and rc_box["rc"] == 1:
                rc_box["rc"] = 0
                # let throttled charts redraw and layouts settle before the pictures are taken
                QTimer.singleShot(2500, lambda: (room.render(args.snapshot), app.exit(0)))

        controller.sig_snapshot.connect(on_snapshot)
        QTimer.singleShot(SNAPSHOT_TIMEOUT_MS, lambda: app.exit(1))
        controller.start(interval)
        room.show()
        app.exec()
        rc = rc_box["rc"]
        if rc:
            print("no data arrived from the database; no snapshot taken", file=sys.stderr)
    else:
        # before any window shows (X maps it before the loop runs): a Ctrl+C at the first sight of the log-in
        # was Python's KeyboardInterrupt, a traceback and exit 1; now it waits for the loop and quits cleanly
        stop_signals = quit_on_signals(app, session.quit)
        controller.start(interval)
        room.show()
        room.watch_audit()
        room.quit_on_close()
        session.start()  # the log-in dialog over every window; the walls poll and draw behind it
        app.aboutToQuit.connect(room.save)
        rc = app.exec()
        stop_signals()
    stop_sim.set()
    controller.stop()
    if engine_svc is not None:
        engine_svc.stop()
    engine.dispose()
    return rc


def _start_simulator(Session, stop: threading.Event, replay_at) -> threading.Thread | None:
    """The demo's live traffic (console.services.simulator.run_live) — never in a replay (``--at``): a replay
    writes nothing, and its records would collide with a live console's on the same database (record ids)."""
    if replay_at is not None:
        return None
    sim = threading.Thread(
        target=run_live, args=(Session,), kwargs={"speed": 1.0, "stop_event": stop}, name="simulator", daemon=True
    )
    sim.start()
    return sim


def link_replay(controller: ConsoleController, client: SupervisionClient, at) -> None:
    """A replay shows the past: the supervision client refuses work (督办, 整改, 撤销, 问责, 投诉, 申诉 …) from
    the start of a ``--at`` replay, and whenever the desk's time control goes back or returns to live."""
    client.replay_at = at
    controller.replay_listeners.append(lambda moment: setattr(client, "replay_at", moment))


def _in_process_engine(args, engine) -> bool:
    """``--in-process-engine``: yes / no; auto (the default) = yes on SQLite (one PC, one command), no on
    PostgreSQL (the room's engine service; its standby takes over when it dies)."""
    if getattr(args, "replay_at", None) is not None:
        return False  # a replay (--at) looks at the past and writes nothing: no alarms raised, no notices sent
    choice = getattr(args, "in_process_engine", None) or "auto"
    if choice == "auto":
        return engine.dialect.name != "postgresql"
    return choice == "yes"


def quit_on_signals(app: QApplication, quit_console, signals=(signal.SIGINT, signal.SIGTERM)):
    """SIGINT (Ctrl+C) and SIGTERM end the console cleanly through ``quit_console(signal name)``.

    Python runs a signal handler only when the interpreter gets control, which Qt's event loop (C++) does not
    give it while idle: the signal is written to a socket (``signal.set_wakeup_fd``) that a QSocketNotifier
    watches, so the loop wakes up and the quit runs on the GUI thread.  Returns a function that restores the
    previous handlers.
    """
    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    previous_fd = signal.set_wakeup_fd(wsock.fileno(), warn_on_full_buffer=False)
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in signals}
    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, app)

    def on_wakeup() -> None:
        try:
            data = rsock.recv(64)
        except OSError:
            return
        names = {sig.value: sig.name for sig in signals}
        got = [names[b] for b in data if b in names]
        if got:
            log.info("%s received: quitting", got[0])
            quit_console(got[0])

    notifier.activated.connect(on_wakeup)

    def restore() -> None:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(previous_fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        rsock.close()
        wsock.close()

    return restore


def _demo_operators(client) -> list:
    """The demo's operator set (created on the first demo start), printed for a newcomer."""
    accounts = client.ensure_demo_operators()
    print("演示账户 (demo accounts, demo database only):", flush=True)
    for username, role, password, _name in accounts:
        print(f"  {role:<13} {username:<11} password: {password}", flush=True)
    return accounts


def stale_after(interval_s: float) -> float:
    """Data older than three missed polls (at least 10 s) is flagged on every screen."""
    return max(10.0, 3 * interval_s)


def database_for(args) -> tuple[str, bool]:
    """(URL, demo): ``--demo`` only ever opens its own file (var/demo.db) — never ``--db`` nor $CONSOLE_DB,
    whose database would get the demo accounts and simulated traffic; otherwise ``--db``, $CONSOLE_DB, then
    var/console.db, as the README and every subcommand say."""
    if args.demo:
        if args.db:
            raise ValueError("--demo 只使用自带的演示数据库 var/demo.db，不能与 --db 同用（--demo never uses --db）")
        return f"sqlite:///{DEMO_DB}", True
    return resolve_url(args.db), False


def _video_view(spec, _controller) -> VideoView:
    return VideoView(spec)


class ControlRoom:
    """The screens and their wiring: walls → drill-down, alarms → drill-down, one alarm notifier.

    ``client``: the supervision workflows' database access (a SupervisionClient on this console's database),
    used by the log-in session and the supervision actions; given by the caller, who owns the database.
    """

    def __init__(
        self, controller, settings, layout, client, session=None, stale_after_s: float = 90.0, statistics=None
    ):
        self.controller = controller
        self._quit_on_close = False
        self._init_supervision(controller, session, client)
        self.notifier = AlarmNotifier(controller, settings, window=self._alarm_window)
        self.notifier.sig_dialog_opened.connect(self.actions.attach_dialog)
        self.mute_guard = MuteGuard(self.notifier, self.session, controller, client)
        self.drilldown = DrilldownView(controller)
        factories = {
            "departments": lambda c: WallView(c, "department", max_age_s=stale_after_s),
            "districts": lambda c: WallView(c, "district", max_age_s=stale_after_s),
            "charts": lambda c: ChartsView(c, max_age_s=stale_after_s, statistics=statistics),
            "alarms": lambda c: AlarmQueueView(c, settings, notifier=self.notifier),
            "drilldown": lambda c: self.drilldown,
            "supervision": lambda c: self._supervision_view(c),
            "red_next": lambda c: RedNextView(c),
        }
        layout = layout if isinstance(layout, Layout) else load_layout(layout)
        for video in layout.videos:  # the windows' video: views named by the layout's [[video]] entries
            factories[video.id] = functools.partial(_video_view, video)
        self.screens = ScreenManager(controller, layout, factories, settings=settings)
        self._attach_supervision()
        for name in ("departments", "districts"):
            self.screens.views[name].sig_unit_activated.connect(self.open_unit)
        alarms = self.screens.views.get("alarms")
        if alarms is not None:
            alarms.sig_drilldown_case.connect(self.open_case)
        red_next = self.screens.views.get("red_next")
        if red_next is not None:
            red_next.sig_case_activated.connect(self.open_case)
        self.notifier.sig_drilldown_case.connect(self.open_case)
        self._wire_alarms_and_login()

    def _render_statistics_pages(self, outdir, wait_s: float = 30.0) -> list[Path]:
        """Each statistics page as ``<screen>-stats-<page>.png`` (the pages turn by themselves on the wall)."""
        charts = self.screens.views.get("charts")
        if charts is None or not charts.pages:
            return []
        deadline = time.monotonic() + wait_s  # their first read runs on the worker pool
        while charts.stats is None and charts.stats_error is None and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.05)
        win = charts.window()
        tabs = getattr(win, "tabs", None)
        if tabs is not None and tabs.indexOf(charts) >= 0:
            tabs.setCurrentWidget(charts)
        paths = []
        for i, slug in enumerate(charts.PAGE_SLUGS, start=1):
            charts.show_page(i)
            charts.flush()
            QCoreApplication.processEvents()
            win.grab()  # lay out on a first paint, then take the picture
            QCoreApplication.processEvents()
            path = Path(outdir) / f"{win.objectName()}-stats-{slug}.png"
            win.grab().save(str(path))
            paths.append(path)
        charts.show_page(0)
        return paths

    # ---- alarms and the log-in: who is above whom, how to quit -------------------------------------------
    def _wire_alarms_and_login(self) -> None:
        """A pending log-in or lock stays above the alarm dialogs (they flash and sound behind it); once
        somebody is logged in, the alarms set aside come forward; F9 brings them back; closing a window
        asks the session (a locked console needs a log-in to quit)."""
        session, notifier = self.session, self.notifier
        notifier.may_raise = lambda: not session.blocking
        session.set_host(self._alarm_window)
        session.sig_changed.connect(self._on_session_changed)
        session.sig_unlocked.connect(notifier.bring_back)
        notifier.sig_set_aside.connect(self._on_alarm_set_aside)
        # the notes of _on_alarm_set_aside / bring_back_alarms say where the red dialogs are; a dialog back on
        # screen, or a replay going back or returning to live (回到实时: the live queue's dialog opens again),
        # makes them untrue, so they leave the status line
        self._alarm_note = ""
        notifier.sig_shown.connect(self._drop_alarm_note)
        listeners = getattr(self.controller, "replay_listeners", None)
        if listeners is not None:
            listeners.append(lambda _at: self._drop_alarm_note())
        self._wire_windows()
        self.screens.sig_rehomed.connect(lambda _views: self._wire_windows())

    def _wire_windows(self) -> None:
        for win in self.screens.windows().values():
            if not win.property("alarm_keys_wired"):
                win.setProperty("alarm_keys_wired", True)
                win.sig_bring_back_alarms.connect(self.bring_back_alarms)
                win.sig_lock_requested.connect(lambda: self.session.lock(by_hand=True))
            if self._quit_on_close and win.close_handler is None:
                win.close_handler = lambda: self.session.request_quit("window")

    def quit_on_close(self) -> None:
        """Closing any screen window quits the console (through the session: a locked console needs a
        log-in).  Only for the running application: a test's teardown closes windows without quitting."""
        self._quit_on_close = True
        self._wire_windows()

    def _on_session_changed(self, actor) -> None:
        if actor is not None and not self.session.locked:
            self.notifier.bring_back()

    def bring_back_alarms(self) -> None:
        """F9: the alarm dialogs set aside come back in front (the queue says when none is pending)."""
        if not self.notifier.bring_back():
            self._alarm_note = QCoreApplication.translate("ControlRoom", "没有待确认的红色告警对话框")
            self._queue_note(self._alarm_note)

    def _on_alarm_set_aside(self) -> None:
        self._alarm_note = QCoreApplication.translate(
            "ControlRoom", "红色告警已暂放到报警队列，仍待确认；按 F9 调回告警对话框"
        )
        self._queue_note(self._alarm_note)
        # the alarm set aside is the queue's current row: Space there acknowledges it
        alarms = self.screens.views.get("alarms")
        dialog = self.notifier.dialog
        if dialog is not None and hasattr(alarms, "select_alarm"):
            alarms.select_alarm(dialog.alarm.alarm_id)

    def _drop_alarm_note(self) -> None:
        """Clear the status line if it still shows the alarm dialogs' note (any other message stays)."""
        note, self._alarm_note = self._alarm_note, ""
        feedback = getattr(self.screens.views.get("alarms"), "feedback", None)
        if note and feedback is not None and shiboken6.isValid(feedback) and feedback.text() == note:
            feedback.setText("")

    def _queue_note(self, text: str) -> None:
        alarms = self.screens.views.get("alarms")
        feedback = getattr(alarms, "feedback", None)
        if feedback is not None:
            feedback.setText(text)

    # ---- log-in session, role-gated actions on alarms and cases, the 监督工作 view -------------------------
    def _init_supervision(self, controller, session, client) -> None:
        self.client = client
        self.session = session or ConsoleSession(controller, client)
        self.actions = SupervisionActions(controller, self.session, client)

    def _supervision_view(self, controller):
        return SupervisionView(controller, self.actions)

    def _attach_supervision(self) -> None:
        alarms = self.screens.views.get("alarms")
        if alarms is not None and hasattr(alarms, "table"):
            self.alarm_bar = self.actions.attach_alarm_queue(alarms)
            alarms.sig_ack_dialog_opened.connect(self.actions.attach_dialog)
        self.drilldown_panel = self.actions.attach_drilldown(self.drilldown)

    def check_audit(self) -> str | None:
        """Verify the audit trail now; a failure shows the red banner on every screen that has banners."""
        text = banner_text(self.client.Session)
        self.show_audit_problem(text)
        return text

    def watch_audit(self, every_s: float = AUDIT_CHECK_S) -> None:
        """Verify the audit trail now and every ``every_s`` seconds on the worker pool (a long log must not
        stall the walls); a trail altered while the console runs turns the banner on without a restart."""
        self._audit_timer = QTimer()
        self._audit_timer.setInterval(int(every_s * 1000))
        self._audit_timer.timeout.connect(self._request_audit_check)
        self._audit_timer.start()
        self._request_audit_check()

    def _request_audit_check(self) -> None:
        Session = self.client.Session
        self.controller.run_request(
            lambda: banner_text(Session),
            self.show_audit_problem,
            lambda exc: log.warning("audit trail not verified: %s", exc),
        )

    def show_audit_problem(self, text: str | None) -> None:
        for view in self.screens.views.values():
            banners = getattr(view, "banners", None)
            if banners is not None and hasattr(banners, "audit"):
                banners.audit.set_problem(text)

    def _window_of(self, view_name: str):
        view = self.screens.views.get(view_name)
        for win in self.screens.windows().values():
            if view is not None and win.tabs.indexOf(view) >= 0:
                return win
        return None

    def _alarm_window(self):
        return self._window_of("alarms") or next(iter(self.screens.windows().values()), None)

    def _bring_forward(self, view_name: str) -> None:
        win = self._window_of(view_name)
        if win is not None:
            win.tabs.setCurrentWidget(self.screens.views[view_name])
            win.note_interaction()  # an operator is working here: hold the carousel
            raise_window(win)

    def open_unit(self, unit_id: int) -> None:
        self.drilldown.show_unit(unit_id, new_visit=True)
        self._bring_forward("drilldown")

    def open_case(self, case_id: int) -> None:
        self.drilldown.show_case(case_id, new_visit=True)
        self._bring_forward("drilldown")

    def show(self) -> None:
        self.screens.show()

    def save(self) -> None:
        self.screens.save_geometry()

    def render(self, outdir) -> list[Path]:
        paths = self.screens.render_all(outdir)
        paths += self._render_statistics_pages(outdir)
        for name, dialog in (("alarm-dialog", self.notifier.dialog), ("alarm-flood", self.notifier.flood)):
            if dialog is not None and dialog.isVisible():
                path = Path(outdir) / f"{name}.png"
                dialog.grab().save(str(path))
                paths.append(path)
        for p in paths:
            print(p)
        return paths
