"""Put the views on the control room's monitors, from a TOML layout (resources/layouts/*.toml).

Layout format::

    [layout]
    name = "default"                # QSettings key prefix for window placement

    [[screen]]
    name = "wall-left"              # window id (PNG name, settings key)
    match = "wall-left"             # QScreen.name() to look for (optional)
    index = 0                       # else: the index-th monitor, left to right (optional)
    mode = "fullscreen"             # fullscreen (wall) | windowed (desk)
    views = ["departments"]         # departments | districts | charts | alarms | drilldown | red_next | supervision
    carousel_s = 0                  # rotate this screen's views every N s (0: never)
    idle_s = 30                     # ... but not while the operator touched this window in the last N s
    fallback = "desk"               # where this screen's views go when its monitor is missing (optional)

    [[video]]                       # video of the service windows: a view named by ``id`` (list it in views)
    id = "video-hall"               # must start with "video-"
    title = "一楼大厅"               # its tab title
    columns = 3                     # grid columns (0 or absent: as square as the count allows)
    tiles = [{ name = "1号窗口", url = "rtsp://10.1.1.21/live" }, { name = "2号窗口", url = "/srv/rec/2.mp4" }]

A layout screen is placed on the monitor whose name equals ``match``; failing that on monitor ``index``
(monitors sorted by position, left to right, top to bottom: QGuiApplication.screens() is in no useful order);
failing that it is *missing* and its views become tabs on its ``fallback`` window (or the first present
window).  Monitors plugged in or out (screenAdded/screenRemoved) re-home the views: the **same widget objects**
are reparented, so their state (selection, scroll, drill-down) survives.  Windowed placement is remembered
with QSettings (saveGeometry/restoreGeometry per layout screen).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget

from console.resources import resource
from console.widgets import style
from console.widgets.alarm_dialog import AlarmDialog, FloodDialog
from console.widgets.banner import ReplayBanner

log = logging.getLogger(__name__)

VIEW_NAMES = ("departments", "districts", "charts", "alarms", "drilldown", "supervision", "red_next")
LAYOUT_DIR = resource("layouts")


def screen_title(name: str) -> str:
    """A layout screen's name as the operator reads it (the default layout's names; others as written)."""
    titles = {
        "wall-left": QCoreApplication.translate("ScreenManager", "左侧大屏"),
        "wall-center": QCoreApplication.translate("ScreenManager", "中央大屏"),
        "wall-right": QCoreApplication.translate("ScreenManager", "右侧大屏"),
        "desk": QCoreApplication.translate("ScreenManager", "值班台"),
        "main": QCoreApplication.translate("ScreenManager", "监察台"),
    }
    return titles.get(name, name)


_VIDEO_TITLES: dict[str, str] = {}  # the loaded layouts' video views: id → title


def view_title(name: str) -> str:
    if name in _VIDEO_TITLES:
        return _VIDEO_TITLES[name]
    titles = {
        "departments": QCoreApplication.translate("ScreenManager", "市级部门"),
        "districts": QCoreApplication.translate("ScreenManager", "区（市）县"),
        "charts": QCoreApplication.translate("ScreenManager", "统计图表"),
        "alarms": QCoreApplication.translate("ScreenManager", "报警队列"),
        "drilldown": QCoreApplication.translate("ScreenManager", "单位明细"),
        "supervision": QCoreApplication.translate("ScreenManager", "监督工作"),
        "red_next": QCoreApplication.translate("ScreenManager", "即将转红"),
    }
    return titles.get(name, name)


# ---- the layout file ------------------------------------------------------------------------------------------
class LayoutError(ValueError):
    pass


@dataclass(frozen=True)
class ScreenSpec:
    name: str
    views: tuple[str, ...]
    match: str | None = None
    index: int | None = None
    mode: str = "fullscreen"
    carousel_s: float = 0.0
    idle_s: float = 30.0
    fallback: str | None = None


@dataclass(frozen=True)
class VideoSpec:
    """A grid of video tiles (console/widgets/video.py), placed like any view under its ``id``."""

    id: str
    title: str
    tiles: tuple[tuple[str, str], ...]  # (window name, stream URL or file)
    columns: int = 0


def _videos(data: Mapping) -> tuple[VideoSpec, ...]:
    out = []
    for i, raw in enumerate(data.get("video", [])):
        vid = raw.get("id")
        if not isinstance(vid, str) or not vid.startswith("video-"):
            raise LayoutError(f"video #{i + 1}: an id starting with 'video-' is required")
        tiles = []
        for t in raw.get("tiles", []):
            if not isinstance(t, Mapping) or not t.get("name") or not t.get("url"):
                raise LayoutError(f"video {vid!r}: every tile needs a name and a url")
            tiles.append((str(t["name"]), str(t["url"])))
        if not tiles:
            raise LayoutError(f"video {vid!r}: at least one tile")
        columns = raw.get("columns", 0)
        if not isinstance(columns, int) or columns < 0:
            raise LayoutError(f"video {vid!r}: columns must be an integer ≥ 0")
        out.append(VideoSpec(vid, str(raw.get("title", vid)), tuple(tiles), columns))
    if len({v.id for v in out}) != len(out):
        raise LayoutError("video ids must be unique")
    return tuple(out)


@dataclass(frozen=True)
class Layout:
    name: str
    screens: tuple[ScreenSpec, ...] = field(default_factory=tuple)
    videos: tuple[VideoSpec, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(cls, data: Mapping) -> Layout:
        meta = data.get("layout", {})
        name = str(meta.get("name", "layout"))
        videos = _videos(data)
        known = (*VIEW_NAMES, *(v.id for v in videos))
        specs = []
        seen_views: dict[str, str] = {}
        for i, raw in enumerate(data.get("screen", [])):
            sname = raw.get("name")
            if not sname or not isinstance(sname, str):
                raise LayoutError(f"screen #{i + 1}: a name is required")
            views = tuple(raw.get("views", ()))
            for v in views:
                if v not in known:
                    raise LayoutError(f"screen {sname!r}: unknown view {v!r} (known: {', '.join(known)})")
                if v in seen_views:
                    raise LayoutError(f"view {v!r} is on both {seen_views[v]!r} and {sname!r}: a widget lives once")
                seen_views[v] = sname
            mode = raw.get("mode", "fullscreen")
            if mode not in ("fullscreen", "windowed"):
                raise LayoutError(f"screen {sname!r}: mode must be fullscreen or windowed, not {mode!r}")
            index = raw.get("index")
            if index is not None and (not isinstance(index, int) or index < 0):
                raise LayoutError(f"screen {sname!r}: index must be an integer ≥ 0")
            carousel = float(raw.get("carousel_s", 0))
            idle = float(raw.get("idle_s", 30))
            if carousel < 0 or idle < 0:
                raise LayoutError(f"screen {sname!r}: carousel_s and idle_s must be ≥ 0")
            specs.append(ScreenSpec(sname, views, raw.get("match"), index, mode, carousel, idle, raw.get("fallback")))
        names = [s.name for s in specs]
        if len(set(names)) != len(names):
            raise LayoutError("screen names must be unique")
        if not specs:
            raise LayoutError("a layout needs at least one [[screen]]")
        for s in specs:
            if s.fallback is not None and s.fallback not in names:
                raise LayoutError(f"screen {s.name!r}: fallback {s.fallback!r} is not a screen of this layout")
        return cls(name, tuple(specs), videos)


def load_layout(path: str | Path) -> Layout:
    """Read a layout TOML file; a bare name ("default") is looked up in resources/layouts/."""
    p = Path(path)
    if not p.suffix and not p.exists():
        p = LAYOUT_DIR / f"{p.name}.toml"
    with open(p, "rb") as fh:
        return Layout.from_dict(tomllib.load(fh))


# ---- placement ------------------------------------------------------------------------------------------------
def ordered_screens() -> list[QScreen]:
    """Monitors left to right, then top to bottom (the index a layout's ``index`` refers to)."""
    return sorted(QGuiApplication.screens(), key=lambda s: (s.geometry().x(), s.geometry().y(), s.name()))


def assign_screens(layout: Layout, screens: list[QScreen]) -> dict[str, QScreen | None]:
    """Layout screen name → monitor (None: missing).  Names first, then indices, each monitor used once."""
    out: dict[str, QScreen | None] = {s.name: None for s in layout.screens}
    used: set[int] = set()
    by_name = {s.name(): s for s in screens}
    for spec in layout.screens:
        scr = by_name.get(spec.match) if spec.match else None
        if scr is not None and id(scr) not in used:
            out[spec.name] = scr
            used.add(id(scr))
    for spec in layout.screens:
        if out[spec.name] is None and spec.index is not None and spec.index < len(screens):
            scr = screens[spec.index]
            if id(scr) not in used:
                out[spec.name] = scr
                used.add(id(scr))
    return out


class ScreenWindow(QWidget):
    """A top-level window for one layout screen: its views (and any guests) as tabs, with an optional carousel.

    F11 switches full screen on and off, Esc (when no view uses it) leaves full screen: a one-monitor console
    starts full screen and must be left from the keyboard.  Alt+1…9 show a tab.  F9 (``sig_bring_back_alarms``)
    asks for the alarm dialogs set aside; Ctrl+L (``sig_lock_requested``) locks the console.  The close button
    asks ``close_handler()`` (ControlRoom: the session decides whether the console may quit); without one the
    window just closes.
    """

    #: the operator switched tab, or the carousel did (index)
    sig_view_changed = Signal(int)
    #: F9: show the alarm dialogs set aside again
    sig_bring_back_alarms = Signal()
    #: Ctrl+L: lock the console (锁定)
    sig_lock_requested = Signal()

    def __init__(self, spec: ScreenSpec, clock: Callable[[], float] = time.monotonic):
        super().__init__(None)
        self.spec = spec
        self.clock = clock
        self.setObjectName(spec.name)
        self.setWindowTitle(
            QCoreApplication.translate("ScreenManager", "行政审批电子监察") + f" — {screen_title(spec.name)}"
        )
        self.close_handler: Callable[[], object] | None = None
        keys = [
            ("F11", self.toggle_full_screen),
            ("F9", self.sig_bring_back_alarms),
            ("Ctrl+L", self.sig_lock_requested),
        ]
        # Alt+1…9: the n-th tab, with the focus in it (one monitor: every view is a tab, reached from the keyboard)
        keys += [(f"Alt+{n}", lambda n=n: self.show_tab(n - 1)) for n in range(1, 10)]
        for key, slot in keys:
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setFont(style.cjk_font(18))
        self.tabs.currentChanged.connect(self.sig_view_changed)
        self.replay_banner = ReplayBanner(self)  # replay (回放): above every view of the window
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.replay_banner)
        lay.addWidget(self.tabs)
        self.screen_assigned: QScreen | None = None
        self.last_interaction = -1e18
        self.carousel = QTimer(self)
        self.carousel.timeout.connect(self.carousel_tick)
        if spec.carousel_s > 0:
            self.carousel.start(int(spec.carousel_s * 1000))

    def set_replay(self, at: dt.datetime | None) -> None:
        """Mark the window as a replay of ``at`` (banner and title), or as live with ``None``."""
        if at == self.replay_banner.at:
            return
        self.replay_banner.set_replay(at)
        title = QCoreApplication.translate("ScreenManager", "行政审批电子监察") + f" — {screen_title(self.spec.name)}"
        if at is not None:
            mark = QCoreApplication.translate("ReplayBanner", "回放 {at}").format(at=at.strftime("%Y-%m-%d %H:%M"))
            title = f"【{mark}】{title}"
        self.setWindowTitle(title)

    # views ----------------------------------------------------------------------------------------------------
    def view_names(self) -> list[str]:
        return [self.tabs.widget(i).property("view_name") for i in range(self.tabs.count())]

    def add_view(self, name: str, widget: QWidget, guest_of: str | None = None) -> None:
        i = self.tabs.addTab(widget, view_title(name))  # reparents the same object
        if guest_of is not None:  # the operator reads the view's name; where it would live is a detail
            self.tabs.setTabToolTip(
                i,
                QCoreApplication.translate("ScreenManager", "原属屏幕“{screen}”（该显示器未连接）").format(
                    screen=screen_title(guest_of)
                ),
            )
        self._update_tabbar()

    def show_tab(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)
            self.note_interaction()
            self.tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    # full screen, closing -----------------------------------------------------------------------------------
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self.showFullScreen()

    def leave_full_screen(self) -> None:
        """A window, 80 % of the monitor, centred: a wall placed full screen has no smaller size of its own to
        go back to (its normal geometry is the whole monitor)."""
        self.showNormal()
        scr = self.screen()
        if scr is not None:
            avail = scr.availableGeometry()
            if self.width() >= avail.width() or self.height() >= avail.height():
                w, h = int(avail.width() * 0.8), int(avail.height() * 0.8)
                self.setGeometry(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2, w, h)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            # an alarm dialog in front of this window goes aside first (F9 brings it back): with the keys in the
            # window (after Alt+N from the dialog) Esc took the window out of full screen under the dialog
            aside = [d for kind in (AlarmDialog, FloodDialog) for d in self.findChildren(kind) if d.isVisible()]
            for d in aside:
                d.set_aside()
            if aside or self.isFullScreen():
                if not aside:
                    self.leave_full_screen()
                event.accept()
                return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        if self.close_handler is None:
            super().closeEvent(event)
            return
        event.ignore()  # the handler quits the whole console (or shows why it may not)
        self.close_handler()

    def take_view(self, widget: QWidget) -> None:
        i = self.tabs.indexOf(widget)
        if i >= 0:
            self.tabs.removeTab(i)  # does not delete the widget
        self._update_tabbar()

    def _update_tabbar(self) -> None:
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)

    # carousel -------------------------------------------------------------------------------------------------
    def note_interaction(self) -> None:
        self.last_interaction = self.clock()

    def carousel_paused(self) -> bool:
        return self.clock() - self.last_interaction < self.spec.idle_s

    def carousel_tick(self) -> bool:
        """Show the next view unless the operator is busy here; returns True if it rotated."""
        n = self.tabs.count()
        if n < 2 or self.carousel_paused():
            return False
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % n)
        return True


class _InteractionFilter(QObject):
    """Application-wide: mouse and keyboard input within a ScreenWindow pauses that window's carousel."""

    TYPES = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.KeyPress,
            QEvent.Type.Wheel,
            QEvent.Type.MouseMove,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, manager: ScreenManager):
        super().__init__(manager)
        self.manager = manager

    def eventFilter(self, obj, event) -> bool:
        if event.type() in self.TYPES and isinstance(obj, QWidget):
            win = obj.window()
            if isinstance(win, ScreenWindow):
                win.note_interaction()
        return False


class ScreenManager(QObject):
    """Creates each view once (``view_factories[name](controller)``) and hosts it on the right monitor.

    ``layout``: a :class:`Layout`, or a path / layout name for :func:`load_layout`.
    ``settings``: where window geometry is remembered (default QSettings of the application).
    """

    #: the views were re-homed after a monitor change: {window name: [view names]}
    sig_rehomed = Signal(object)

    def __init__(
        self,
        controller,
        layout: Layout | str | Path,
        view_factories: Mapping[str, Callable[[object], QWidget]],
        settings: QSettings | None = None,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(parent)
        self.controller = controller
        self.layout = layout if isinstance(layout, Layout) else load_layout(layout)
        _VIDEO_TITLES.update({v.id: v.title for v in self.layout.videos})
        self.settings = settings if settings is not None else QSettings()
        self.clock = clock
        self.views: dict[str, QWidget] = {}
        for spec in self.layout.screens:
            for name in spec.views:
                factory = view_factories.get(name)
                if factory is None:
                    log.warning("layout %s names view %r but no factory provides it", self.layout.name, name)
                    w: QWidget = QLabel(
                        QCoreApplication.translate("ScreenManager", "此视图未提供：{name}").format(
                            name=view_title(name)
                        )
                    )
                    w.setAlignment(Qt.AlignmentFlag.AlignCenter)
                else:
                    w = factory(controller)
                w.setProperty("view_name", name)
                self.views[name] = w
        self._windows: dict[str, ScreenWindow] = {}
        self._replay_at: dt.datetime | None = None
        sig = getattr(controller, "sig_snapshot", None)
        if sig is not None:
            sig.connect(self._on_snapshot)
        self.assignment: dict[str, QScreen | None] = {}
        self._shown = False
        self._filter = _InteractionFilter(self)
        app = QApplication.instance()
        app.installEventFilter(self._filter)
        app.screenAdded.connect(self._on_screens_changed)
        app.screenRemoved.connect(self._on_screens_changed)
        self.rehome()

    def _on_snapshot(self, snap) -> None:
        """Replay (回放) or live, as the data shown says: every window's banner and title follow each snapshot."""
        at = getattr(snap, "replay_at", None)
        self._replay_at = at
        for win in self._windows.values():
            win.set_replay(at)

    # ---- public -------------------------------------------------------------------------------------------
    def windows(self) -> dict[str, ScreenWindow]:
        """Window per present layout screen, by layout screen name: only those whose Qt object still lives (a
        timer of a room whose windows were destroyed — the idle lock — must find none, not a deleted one)."""
        return {n: w for n, w in self._windows.items() if shiboken6.isValid(w) and shiboken6.isValid(w.tabs)}

    def show(self) -> None:
        self._shown = True
        for name, win in self._windows.items():
            self._place(win, self.assignment.get(name))

    def describe(self) -> dict[str, dict]:
        """Window → monitor and views, for logs and tests."""
        out = {}
        for name, win in self._windows.items():
            scr = self.assignment.get(name)
            handle = win.windowHandle()
            out[name] = {
                "screen": scr.name() if scr else None,
                "window_screen": handle.screen().name() if handle and handle.screen() else None,
                "mode": win.spec.mode,
                "fullscreen": win.isFullScreen(),
                "views": win.view_names(),
                "geometry": [win.geometry().x(), win.geometry().y(), win.geometry().width(), win.geometry().height()],
            }
        return out

    def render_all(self, outdir: str | Path) -> list[Path]:
        """Save each screen window's picture to ``outdir/<screen>.png`` and, for a window holding several views
        as tabs (one monitor: all of them), each view's to ``outdir/<screen>-<view>.png`` with its tab shown."""
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, win in self._windows.items():
            if not win.isVisible():
                scr = self.assignment.get(name)
                geo = scr.geometry() if scr else None
                win.resize(geo.size() if geo else win.size().expandedTo(win.minimumSizeHint()))
            paths.append(self._grab(win, outdir / f"{name}.png"))
            if win.tabs.count() > 1:
                current = win.tabs.currentIndex()
                for i, view in enumerate(win.view_names()):
                    win.tabs.setCurrentIndex(i)
                    paths.append(self._grab(win, outdir / f"{name}-{view}.png"))
                win.tabs.setCurrentIndex(current)
        return paths

    def _grab(self, win: ScreenWindow, path: Path) -> Path:
        for v in self.views.values():
            flush = getattr(getattr(v, "charts", None), "flush", None)
            if callable(flush):
                flush()
        QApplication.processEvents()
        # a tab never shown lays out on its first paint (pyqtgraph sizes its axes to the tick text it drew):
        # paint once, let the layout settle, then take the picture
        win.grab()
        QApplication.processEvents()
        if not win.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        return path

    def save_geometry(self) -> None:
        for name, win in self._windows.items():
            self.settings.setValue(self._key(name), win.saveGeometry())
        self.settings.sync()

    def close(self) -> None:
        self.save_geometry()
        for win in self._windows.values():
            win.close()

    # ---- re-homing ------------------------------------------------------------------------------------------
    def _on_screens_changed(self, _screen=None) -> None:
        # screenRemoved arrives while the dying QScreen is still listed; decide after Qt has updated the list
        QTimer.singleShot(0, self.rehome)

    def rehome(self) -> None:
        """(Re)assign layout screens to monitors and move views to their windows, keeping the widgets."""
        self.assignment = assign_screens(self.layout, ordered_screens())
        present = [s for s in self.layout.screens if self.assignment[s.name] is not None]
        if not present:  # no monitor matched at all: the first layout screen takes the primary monitor
            first = self.layout.screens[0]
            self.assignment[first.name] = QGuiApplication.primaryScreen()
            present = [first]
        present_names = {s.name for s in present}
        # windows for present screens
        for spec in present:
            if spec.name not in self._windows:
                win = ScreenWindow(spec, self.clock)
                win.set_replay(self._replay_at)
                self._windows[spec.name] = win
        # where each view goes
        target: dict[str, tuple[str, str | None]] = {}
        for spec in self.layout.screens:
            if spec.name in present_names:
                host, guest_of = spec.name, None
            else:
                host = spec.fallback if spec.fallback in present_names else present[0].name
                guest_of = spec.name
            for v in spec.views:
                target[v] = (host, guest_of)
        for v, (host, guest_of) in target.items():
            widget = self.views[v]
            win = self._windows[host]
            current = widget.window() if widget.parent() is not None else None
            if current is win and widget.property("guest_of") == guest_of:
                continue
            if isinstance(current, ScreenWindow):
                current.take_view(widget)
            widget.setProperty("guest_of", guest_of)
            win.add_view(v, widget, guest_of)
        # keep each window's tab order as the layout says: own views first, then guests
        for name in list(self._windows):
            if name not in present_names:
                win = self._windows.pop(name)
                self.settings.setValue(self._key(name), win.saveGeometry())
                win.hide()
                win.deleteLater()
        if self._shown:
            for name, win in self._windows.items():
                self._place(win, self.assignment[name])
        self.sig_rehomed.emit({n: w.view_names() for n, w in self._windows.items()})

    def _key(self, name: str) -> str:
        return f"screens/{self.layout.name}/{name}/geometry"

    def _place(self, win: ScreenWindow, scr: QScreen | None) -> None:
        if scr is None:
            return
        win.screen_assigned = scr
        if win.windowHandle() is None:
            win.winId()  # create the native window so it can be moved to a monitor
        win.windowHandle().setScreen(scr)
        geo = scr.geometry()
        if win.spec.mode == "fullscreen":
            win.setGeometry(geo)
            win.showFullScreen()
            return
        saved = self.settings.value(self._key(win.spec.name))
        restored = isinstance(saved, (QByteArray, bytes)) and win.restoreGeometry(saved)
        if not restored or not geo.intersects(win.frameGeometry()):
            avail = scr.availableGeometry()
            w, h = int(avail.width() * 0.8), int(avail.height() * 0.8)
            win.setGeometry(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2, w, h)
        win.showNormal()
