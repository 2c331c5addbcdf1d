"""The real console on a real X display with a window manager (Xvfb + openbox), driven by real key events.

Each test leaves its screenshots in test-artifacts/desktop/<test>/ (look at them).  What is checked here is
what Qt's offscreen platform cannot show: which window is on top and has the focus, whether a dialog blocks
what it should not, whether the process really ends.
"""

from __future__ import annotations

import re
import signal

import pytest
from PIL import Image

from tests.support.desktop import ALARM, ARTIFACTS, LOGIN, MAIN, DesktopConsole, wait_for

ACK = "确认告警"
FLOOD = "告警洪流"


def logged_in_with_alarm(c):
    """Log in as the demo operator; the pending red alarm comes forward with the focus."""
    c.log_in()
    c.window(ALARM)
    wait_for("the alarm dialog to have the focus", lambda: c.active_title() == ALARM)


def tile_share(path, top: int = 240) -> float:
    """Share of the picture below the header that is tile-coloured (saturated): an empty wall is ~0."""
    img = Image.open(path).convert("RGB")
    w, h = img.size
    box = img.crop((0, top, w, h)).resize((w // 8, (h - top) // 8))
    px = list(box.get_flattened_data()) if hasattr(box, "get_flattened_data") else list(box.getdata())
    return sum(1 for r, g, b in px if max(r, g, b) - min(r, g, b) > 70) / len(px)


def test_first_launch_log_in_stays_above_the_pending_alarm(start_console):
    c = start_console({"alarms/realert_ms": 1500})
    login, alarm = c.window(LOGIN, timeout=60), c.window(ALARM)
    wait_for("the log-in above the alarm dialog", lambda: c.above(login, alarm), timeout=5)
    c.shot("first-launch")
    assert c.active_title() == LOGIN
    # the re-alert timer fires (twice) meanwhile: the alarm flashes behind, the log-in stays on top
    wait_for("two re-alerts", lambda: c.log_text().count("re-alerted behind the log-in") >= 2)
    c.shot("after-re-alerts")
    assert c.above(login, alarm) and c.active_title() == LOGIN


def test_log_in_then_acknowledge_from_the_keyboard(start_console):
    c = start_console()
    logged_in_with_alarm(c)
    before = c.open_red_alarms()
    c.shot("alarm-after-log-in")
    c.key("Return")  # 确认 is the default button; the logged-in operator is the one who acknowledges
    wait_for("one red alarm acknowledged", lambda: c.acknowledged(before) >= 1)
    c.shot("acknowledged")
    who = c.query("SELECT operator, console FROM alarm_acks ORDER BY id DESC LIMIT 1")[0]
    assert who[1] == "desktop-test" and who[0]
    # the terminal is for the operator: no scheduler chatter every 3 s (two INFO lines per poll before)
    assert "apscheduler" not in c.log_text()


def test_open_case_from_the_alarm_brings_it_in_front(start_console):
    c = start_console()
    logged_in_with_alarm(c)
    c.key("ctrl+Return")  # 查看办件
    c.gone(ALARM)
    wait_for("the main window to have the focus", lambda: c.active_title() == MAIN)
    c.shot("case-in-front")
    c.key("Return")  # used to reopen the same case from the dialog that kept the focus
    assert not c.windows(ALARM)
    c.key("F9")  # the alarm set aside comes back
    c.window(ALARM)
    wait_for("the alarm dialog to have the focus", lambda: c.active_title() == ALARM)
    c.shot("alarm-back")


def test_queue_reachable_with_an_alarm_pending(start_console):
    c = start_console()
    logged_in_with_alarm(c)
    before = c.open_red_alarms()
    c.key("Escape")  # set aside: the alarm waits in the queue
    c.gone(ALARM)
    c.key("alt+4")  # 报警队列, the keyboard in its table
    c.shot("queue")
    c.key("ctrl+a", "space")
    c.window(ACK)
    c.shot("acknowledge-all")
    c.key("Return")
    # every red the console held when the queue took the keys (a red raised meanwhile by the live traffic
    # may not have reached its queue yet: at least the two of the seeded demo)
    wait_for("the queue's red alarms acknowledged", lambda: c.acknowledged(before) >= 2)
    c.shot("after-acknowledge-all")


def test_queue_reachable_by_mouse_while_the_alarm_dialog_shows(start_console):
    """No setting aside: a click on the main window (the wall's title, left of the dialog) takes the focus
    there while the alarm dialog stays up; the queue then takes the keys (it was blocked by a modal)."""
    c = start_console()
    logged_in_with_alarm(c)
    c.x.run("xdotool", "mousemove", "120", "120", "click", "1", check=True)
    wait_for("the main window to have the focus", lambda: c.active_title() == MAIN)
    assert c.windows(ALARM)  # still showing
    c.key("alt+4", "ctrl+a", "space")
    c.window(ACK)
    c.shot("queue-with-alarm-up")
    c.key("Escape")
    c.gone(ACK)


def test_one_alarm_after_a_busy_start_is_no_flood(start_console):
    """Fourteen reds at start fold into the flood summary; once it is acknowledged, the next single red opens
    the ordinary dialog (it used to open "告警洪流：1 条")."""
    c = start_console(seed=lambda c: c.raise_red_alarms(10, "F"))
    c.log_in()
    c.window(FLOOD)
    wait_for("the flood summary to have the focus", lambda: c.active_title() == FLOOD)
    c.shot("flood-at-start")
    c.key("Return")  # 全部确认
    before = {r[0] for r in c.query("SELECT id FROM alarms WHERE raised_by = 'desktop-test'")}  # the ten seeded
    wait_for("the flood acknowledged", lambda: c.acknowledged(before) == len(before))

    def quiet() -> bool:
        """No alarm window up; one that is (reds the demo's live traffic raised meanwhile) is acknowledged."""
        for title in (FLOOD, ALARM):
            if c.windows(title):
                wait_for(f"{title} to have the focus", lambda t=title: c.active_title() == t)
                c.key("Return")  # 全部确认 / 确认
                return False
        return True

    wait_for("no alarm window left", quiet, timeout=40)
    c.raise_red_alarms(1, "ONE")
    one = {r[0] for r in c.query("SELECT id FROM alarms WHERE subject = 'ONE0'")}
    wait_for("the new red presented", lambda: c.windows(ALARM) or c.windows(FLOOD))
    c.shot("one-more-alarm")
    if c.windows(FLOOD):  # only a red of the live traffic arriving with it may make a summary: never of one
        pending = c.query("SELECT count(*) FROM alarms WHERE status = 'open' AND level = 'red'")[0][0]
        assert pending >= 2, "a flood summary of a single alarm"
    else:
        assert c.acknowledged(one) == 0 and c.windows(ALARM)


def test_every_tab_of_the_one_monitor_layout_shows_its_tiles(start_console):
    c = start_console()
    logged_in_with_alarm(c)
    c.key("Escape")
    c.gone(ALARM)
    names = ["departments", "charts", "districts", "alarms", "drilldown", "supervision"]
    shots = {}
    for n, name in enumerate(names, 1):
        c.key(f"alt+{n}")
        shots[name] = c.shot(f"tab-{n}-{name}")
    for wall in ("departments", "districts"):
        # a wall is tiles from edge to edge; the 区（市）县 wall used to stay empty (tiles built while hidden)
        assert tile_share(shots[wall]) > 0.4, wall
    assert tile_share(shots["charts"]) > 0.02


def test_the_lock_stays_above_an_alarm_coming_back(start_console):
    # the re-alert 4 s after the alarm is set aside: with 1.5 s it could come back before the check saw it go
    # (two CI runs ended with no lock taken, while the test passed alone)
    c = start_console({"alarms/realert_ms": 4000})
    logged_in_with_alarm(c)
    c.key("Escape")  # set aside; the re-alert brings it back by itself
    c.gone(ALARM)
    c.key("ctrl+l")
    login = c.window(LOGIN)
    wait_for("a re-alert behind the lock", lambda: "re-alerted behind the log-in" in c.log_text(), timeout=20)
    alarm = c.window(ALARM)
    wait_for("the lock above the alarm", lambda: c.above(login, alarm), timeout=5)
    c.shot("alarm-behind-the-lock")
    assert c.active_title() == LOGIN


def test_quit_from_the_lock_dialog_needs_a_log_in(start_console):
    c = start_console()
    logged_in_with_alarm(c)
    c.key("Escape")
    c.gone(ALARM)
    c.key("ctrl+l")  # 锁定
    c.window(LOGIN)
    wait_for("the lock dialog to have the focus", lambda: c.active_title() == LOGIN)
    c.shot("locked")
    c.key("Tab", "space")  # 退出监察台 without the password: refused, says why
    c.shot("quit-refused")
    assert c.proc.poll() is None
    c.type("oper-demo-2025")
    c.key("Tab", "space")
    assert c.wait_exit() == 0
    rows = c.query("SELECT actor, after FROM audit_log WHERE action = 'console.quit'")
    assert rows and rows[-1][0] == "operator" and "lock_dialog" in rows[-1][1]


def test_closing_the_window_quits_a_logged_in_console(start_console):
    c = start_console()
    logged_in_with_alarm(c)
    c.key("Escape")  # an alarm pending no longer vetoes closing (its dialog refused to close before)
    c.gone(ALARM)
    wait_for("the main window to have the focus", lambda: c.active_title() == MAIN)
    c.key("alt+F4")  # the window manager's close
    assert c.wait_exit() == 0
    rows = c.query("SELECT actor, after FROM audit_log WHERE action = 'console.quit'")
    assert rows and rows[-1][0] == "operator" and "window" in rows[-1][1]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signals_end_the_console_cleanly(start_console, sig):
    c = start_console()
    c.window(LOGIN, timeout=60)
    c.send(sig)
    assert c.wait_exit() == 0
    assert f"{sig.name} received" in c.log_text()
    rows = c.query("SELECT after FROM audit_log WHERE action = 'console.quit'")
    assert rows and sig.name in rows[-1][0]


def test_ctrl_c_while_the_demo_is_prepared_ends_in_words(xsession, tmp_path, request):
    """Before the event loop runs (the first start writes ten days of history) Ctrl+C ends the console with a
    sentence, not a Python traceback."""
    c = DesktopConsole(xsession, tmp_path / "home", ARTIFACTS / request.node.name)
    try:
        # the history is being written (its progress lines; the progress dialog was not always found on CI's
        # display within the 19 s the first start takes, while the console ran on, so the log is the trigger)
        wait_for("the demo history under way", lambda: re.search(r"^history: \d+/\d+ records", c.log_text(), re.M), 90)
        c.send(signal.SIGINT)
        assert c.wait_exit(60) == 130
        log = c.log_text()
        assert "演示数据准备已中断" in log and "Traceback" not in log
    finally:
        c.close()


def test_window_fits_a_1366x768_laptop_and_leaves_full_screen(start_console):
    c = start_console()
    logged_in_with_alarm(c)
    c.key("Escape")
    c.gone(ALARM)
    main = c.window(MAIN)
    assert c.geometry(main) == (1920, 1080)
    c.key("F11")
    wait_for("the window to leave full screen", lambda: c.geometry(main) != (1920, 1080))
    c.x.run("xdotool", "windowsize", main, "1366", "768", check=True)
    wait_for("the window at 1366×768", lambda: c.geometry(main) == (1366, 768))
    for n in (1, 2, 3):
        c.key(f"alt+{n}")
        c.shot(f"1366-tab-{n}")
