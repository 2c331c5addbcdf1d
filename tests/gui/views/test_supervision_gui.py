"""Supervision work through the real windows (pytest-qt) on real rows, SQLite and PostgreSQL: log-in and the idle lock,
rectification ordered from an alarm and verified, an operator's 记录问责 refused, a complaint held open until
四不放过 is complete, a wrong limit found by 时限清理 and corrected so the drill-down's due date moves.

Every database call runs on the controller's worker pool; the tests wait with waitSignal/waitUntil.
"""

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select
from sqlalchemy import text as sql

from console.domain import catalogue
from console.models import repository as repo
from console.models.schema import Alarm, Item, Unit
from console.models.supervision_schema import Complaint, Rectification, Sanction
from console.services.poller import Backend
from console.services.supervision_client import SupervisionClient
from console.shell.app import ControlRoom
from console.shell.controller import ConsoleController
from console.shell.session import ConsoleSession
from console.supervision import auth
from console.supervision.errors import PermissionDenied
from console.widgets.alarm_dialog import AlarmDialog
from console.widgets.supervision_dialogs import (
    AcceptanceDialog,
    ComplaintDialog,
    ConditionDialog,
    LimitChangeDialog,
    RectificationDialog,
    SanctionDialog,
    TextDialog,
    VerifyDialog,
)
from tests.support.factories import Clock, add_case

# ControlRoom.open_case lifts the drill-down's window, which the offscreen platform cannot do (and says so)
pytestmark = pytest.mark.qt_log_ignore("does not support raise", extend=True)

T = dt.datetime
NOW = T(2025, 10, 10, 9, 0)  # a Friday
PASSWORDS = {"admin": "admin-pass-1", "li.jianchao": "super-pass-1", "wang.zhiban": "oper-pass-1"}
WAIT = 20000


@pytest.fixture
def world(Session, cal):
    """Catalogue, three operators, one overdue case at D01 with its red alarm."""
    with Session.begin() as s:
        repo.sync_catalogue(s, catalogue.units(), catalogue.items())
        cli = auth.command_line_actor()
        auth.add_operator(s, cli, "admin", "administrator", PASSWORDS["admin"], "赵管理")
        auth.add_operator(s, cli, "li.jianchao", "supervisor", PASSWORDS["li.jianchao"], "李监察")
        auth.add_operator(s, cli, "wang.zhiban", "operator", PASSWORDS["wang.zhiban"], "王值班")
        case_id = add_case(s, "510100-GUI-1", "D01", T(2025, 9, 22, 9), cal=cal)
        a = Alarm(
            case_id=case_id,
            rule="promised_overdue",
            subject="",
            level="red",
            raised_at=T(2025, 9, 30, 9),
            raised_by="wall-1",
            message="超过承诺时限",
            status="open",
        )
        s.add(a)
        s.flush()
        alarm_id = a.id
    return Session, case_id, alarm_id


@pytest.fixture
def console(qtbot, tmp_path, engine, world):
    """A console on the 'single' layout, its session started (the log-in dialog shown)."""
    Session = world[0]
    clock = Clock(NOW)
    backend = Backend(engine, "desk-1", clock=clock, max_backoff_s=0.2)
    ctl = ConsoleController(backend, "desk-1")
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    settings.setValue("alarms/operator", "")
    client = SupervisionClient(Session, "desk-1", now=clock)
    session = ConsoleSession(ctl, client, idle_lock_minutes=10)
    room = ControlRoom(ctl, settings, "single", session=session, client=client)
    room.show()
    for w in room.screens.windows().values():
        qtbot.addWidget(w)
    session.start()
    qtbot.addWidget(session.login_dialog)
    qtbot.waitUntil(lambda: room.actions.units is not None, timeout=WAIT)
    yield room
    session.stop()
    ctl.stop()
    for d in (room.notifier.dialog, room.notifier.flood):  # no alarm modal may outlive this test
        if d is not None:
            d.close_quietly()
    shiboken6.delete(room.notifier)  # nor its re-alert timer
    room.screens.close()


def log_in(qtbot, room, username, password=None):
    d = room.session.show_login() if not room.session.login_dialog.isVisible() else room.session.login_dialog
    assert d.isVisible()
    d.username.setText(username)
    d.password.setText(password or PASSWORDS[username])
    with qtbot.waitSignal(room.session.sig_changed, timeout=WAIT):
        qtbot.mouseClick(d.login_button, Qt.MouseButton.LeftButton)
    assert room.session.actor.username == username and not d.isVisible()
    return room.session.actor


def poll(qtbot, room):
    with qtbot.waitSignal(room.controller.sig_snapshot, timeout=WAIT) as b:
        room.controller.poll_soon()
    return b.args[0]


def closed(dialog) -> bool:
    """A form dialog closes on success (and is then deleted)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def submit(qtbot, room, dialog, done=None):
    """Press OK on a form dialog and wait until its write finished (closed, or an error shown)."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog) or dialog.error.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: room.controller.pending_requests() == 0, timeout=WAIT)
    if done is not None:
        qtbot.waitUntil(done, timeout=WAIT)


def last_dialog(qtbot, room, kind):
    qtbot.waitUntil(
        lambda: isinstance(room.actions.last_dialog, kind) and not closed(room.actions.last_dialog), timeout=WAIT
    )
    return room.actions.last_dialog


def show_tab(qtbot, room, tab):
    view = room.screens.views["supervision"]
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        if view.tabs.currentWidget() is tab:
            tab.reload()
        else:
            view.tabs.setCurrentWidget(tab)
    return view


# ---- rectification --------------------------------------------------------------------------------------------


def test_supervisor_orders_rectification_from_the_alarm_and_verifies_it(qtbot, console, world):
    room = console
    Session, case_id, alarm_id = world
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    qtbot.waitUntil(lambda: room.notifier.dialog is not None and room.notifier.dialog.isVisible(), timeout=WAIT)
    alarm_dialog = room.notifier.dialog
    # acknowledgements are made by whoever is logged in: the name is filled in and cannot be typed over
    assert alarm_dialog.fields.operator.text() == "李监察" and alarm_dialog.fields.operator.isReadOnly()

    # 下达整改 from the red-alarm modal
    rect_button = alarm_dialog.action_buttons["rectify"]
    assert rect_button.isEnabled()
    qtbot.mouseClick(rect_button, Qt.MouseButton.LeftButton)
    d = last_dialog(qtbot, room, RectificationDialog)
    assert d.unit.currentText().startswith(room.actions.unit_name(d.unit.currentData()))
    d.person.setText("张伟")
    d.days.setValue(3)
    d.instructions.setPlainText("说明超时原因，立即办结")
    submit(qtbot, room, d)
    assert closed(d)
    with Session() as s:
        r = s.scalars(select(Rectification)).one()
        assert (r.alarm_id, r.case_id, r.status, r.ordered_by, r.deadline_days) == (
            alarm_id,
            case_id,
            "ordered",
            "li.jianchao",
            3,
        )
        assert r.due_date == dt.date(2025, 10, 14)  # Sat 10-11 is a make-up working day
        rid = r.id

    # the unit's answer and the supervisor's verification, in 监督工作 › 整改
    view = room.screens.views["supervision"]
    tab = view.rectifications
    show_tab(qtbot, room, tab)
    tab.select(rid)
    assert tab.table.item(tab.table.currentRow(), 0).text().startswith("● 剩")  # its own countdown light
    assert not tab.verify_button.isEnabled()  # nothing to verify before the answer
    qtbot.mouseClick(tab.answer_button, Qt.MouseButton.LeftButton)
    d = last_dialog(qtbot, room, TextDialog)
    d.text.setPlainText("已于10月13日办结，承办人作出书面说明")
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    tab.select(rid)
    assert tab.current().status == "answered" and tab.verify_button.isEnabled()
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    d = last_dialog(qtbot, room, VerifyDialog)
    d.text.setPlainText("电话核实，已办结")
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    with Session() as s:
        r = s.get(Rectification, rid)
        assert (r.status, r.verified_by, r.answer_text) == (
            "verified",
            "li.jianchao",
            "已于10月13日办结，承办人作出书面说明",
        )
    tab.select(rid)
    assert tab.current().status == "verified" and not tab.answer_button.isEnabled()

    # the case page of the drill-down shows it
    panel = room.drilldown_panel
    with qtbot.waitSignal(panel.sig_loaded, timeout=WAIT):
        room.open_case(case_id)
    qtbot.waitUntil(lambda: "已验证" in panel.rects.text(), timeout=WAIT)


# ---- accountability ---------------------------------------------------------------------------------------------


def test_operator_cannot_record_a_sanction(qtbot, console, world):
    room = console
    Session, case_id, alarm_id = world
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    queue = room.screens.views["alarms"]
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT)
    queue.table.selectRow(0)
    bar = room.alarm_bar
    assert bar.current_alarm().alarm_id == alarm_id
    for b in (bar.sanction_button, bar.rectify_button, bar.cancel_button):
        assert not b.isEnabled() and "监察员" in b.toolTip()
    menu = bar.menu()
    acts = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert not acts["sanction"].isEnabled() and "监察员" in acts["sanction"].toolTip()
    qtbot.waitUntil(lambda: room.notifier.dialog is not None, timeout=WAIT)
    assert not room.notifier.dialog.action_buttons["sanction"].isEnabled()
    assert room.notifier.dialog.fields.operator.text() == "王值班"

    # forced past the disabled button: the back end refuses and the dialog says so
    d = bar.sanction()
    assert isinstance(d, SanctionDialog)
    d.kind.setCurrentText("口头警告")
    d.body.setText("市监察局")
    submit(qtbot, room, d)
    assert d.isVisible() and "operator" in d.error.text() and "sanction" in d.error.text()
    with pytest.raises(PermissionDenied):
        room.client.record_sanction(
            room.session.actor,
            kind="口头警告",
            decided_on=dt.date(2025, 10, 10),
            deciding_body="市监察局",
            person_name="张伟",
            person_role="承办人",
        )
    with Session() as s:
        assert s.scalars(select(Sanction)).all() == []
    d.reject()

    # a supervisor records it from the case page; the case and unit pages show the record
    room.session.lock()
    log_in(qtbot, room, "li.jianchao")
    panel = room.drilldown_panel
    with qtbot.waitSignal(panel.sig_loaded, timeout=WAIT):
        room.open_case(case_id)
    qtbot.waitUntil(lambda: panel.sanction_button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(panel.sanction_button, Qt.MouseButton.LeftButton)
    d = last_dialog(qtbot, room, SanctionDialog)
    assert d.person.text() == "张伟" and d.person_role.currentText() == "承办人"
    d.kind.setCurrentText("书面检讨")
    d.body.setText("市监察局")
    d.text.setPlainText("无正当理由超过承诺时限")
    with qtbot.waitSignal(panel.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    assert [r[1] for r in panel.rows()] == ["书面检讨"] and panel.rows()[0][6] == "本案"
    with Session() as s:
        unit_id = s.execute(select(Unit.id).where(Unit.code == "D01")).scalar_one()
    with qtbot.waitSignal(panel.sig_loaded, timeout=WAIT):
        room.open_unit(unit_id)
    assert panel.kind == "unit" and "问责记录" in panel.title.text()
    assert [(r[1], r[2]) for r in panel.rows()] == [("书面检讨", "张伟")]


def test_the_logged_in_name_acknowledges_in_this_consoles_dialogs_only(qtbot, console, world, tmp_path):
    room = console
    log_in(qtbot, room, "wang.zhiban")
    poll(qtbot, room)
    queue = room.screens.views["alarms"]
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT)
    queue.table.selectRow(0)
    queue.acknowledge_selected()
    d = queue.ack_dialog
    assert d.fields.operator.text() == "王值班" and d.fields.operator.isReadOnly()
    room.session.lock()
    log_in(qtbot, room, "li.jianchao")  # another operator takes over while the dialog is open
    assert d.fields.operator.text() == "李监察" and d.fields.operator.isReadOnly()
    d.reject()
    # an alarm dialog this console's notifier did not open is left as it is: no application-wide filter
    foreign = AlarmDialog(queue.model.alarm(0), QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(foreign)
    foreign.show()
    qtbot.waitExposed(foreign)
    assert foreign.action_buttons == {} and not foreign.fields.operator.isReadOnly()


# ---- complaints ----------------------------------------------------------------------------------------------


def test_complaint_refuses_to_close_until_four_conditions(qtbot, console, world):
    room = console
    Session = world[0]
    log_in(qtbot, room, "li.jianchao")
    view = room.screens.views["supervision"]
    tab = view.complaints
    show_tab(qtbot, room, tab)
    d = tab.register()
    assert isinstance(d, ComplaintDialog)
    d.channel.setCurrentText("电话")
    d.complainant.setText("刘女士")
    d.unit.setCurrentIndex(d.unit.findData(room.client.units()[0].unit_id))
    d.summary.setPlainText("窗口人员推诿，材料齐全仍不予受理")
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    with Session() as s:
        cid = s.scalars(select(Complaint.id)).one()
    tab.select(cid)
    assert tab.current().light == "normal" or tab.current().stage == "acceptance"
    qtbot.mouseClick(tab.accept_button, Qt.MouseButton.LeftButton)
    d = last_dialog(qtbot, room, AcceptanceDialog)
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    tab.select(cid)
    qtbot.mouseClick(tab.reply_button, Qt.MouseButton.LeftButton)
    d = last_dialog(qtbot, room, TextDialog)
    d.text.setPlainText("经核查属实，已责令窗口当日受理并致歉")
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        submit(qtbot, room, d)
    tab.select(cid)
    assert tab.current().status == "replied"

    # the close button says what is missing, and the back end refuses
    assert "缺 4 项" in tab.close_button.text() and "问题不查清不放过" in tab.close_button.toolTip()
    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "不能办结" in tab.close_error.text(), timeout=WAIT)
    assert "责任不追究不放过" in tab.close_error.text()
    with Session() as s:
        assert s.get(Complaint, cid).status == "replied"

    evidence = {
        "facts_established": "调查笔录",
        "problem_solved": "已受理办结",
        "rectification_done": "窗口整改报告",
        "responsibility_pursued": "对窗口人员口头警告",
    }
    for n, (code, text) in enumerate(evidence.items(), 1):
        tab.select(cid)
        qtbot.mouseClick(tab.cond_buttons[code], Qt.MouseButton.LeftButton)
        d = last_dialog(qtbot, room, ConditionDialog)
        d.evidence.setPlainText(text)
        with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
            submit(qtbot, room, d)
        tab.select(cid)
        assert len(tab.current().missing) == 4 - n
    assert tab.close_button.text() == "办结"
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    with Session() as s:
        c = s.get(Complaint, cid)
        assert (c.status, c.closed_by) == ("closed", "li.jianchao")


# ---- time-limit audit ------------------------------------------------------------------------------------------


def test_wrong_limit_found_and_corrected_moves_the_due_date_in_the_drilldown(qtbot, console, world, cal):
    room = console
    Session = world[0]
    with Session.begin() as s:
        item = s.execute(select(Item).where(Item.code == "D02-001")).scalar_one()
        item.promised_days, item.statutory_days = 30, 20  # promised above statutory: a setting error
        wrong = add_case(
            s, "510100-GUI-2", "D02", T(2025, 10, 9, 10), cal=cal, promised=30, statutory=20, item_code="D02-001"
        )
    old_due, new_due = cal.add(dt.date(2025, 10, 9), 30), cal.add(dt.date(2025, 10, 9), 10)

    log_in(qtbot, room, "li.jianchao")
    view = room.screens.views["supervision"]
    tab = view.limits
    show_tab(qtbot, room, tab)
    found = [(f.item_code, f.check) for f in tab.rows]
    assert ("D02-001", "promised_above_statutory") in found
    assert tab.select_item("D02-001")
    assert not tab.change_button.isEnabled() and "管理员" in tab.change_button.toolTip()

    with qtbot.waitSignal(room.drilldown.case.sig_loaded, timeout=WAIT):
        room.open_case(wrong)
    assert room.drilldown.case.promised.text() == old_due.isoformat()

    room.session.lock()
    log_in(qtbot, room, "admin")
    tab.select_item("D02-001")
    assert tab.change_button.isEnabled()
    qtbot.mouseClick(tab.change_button, Qt.MouseButton.LeftButton)
    d = last_dialog(qtbot, room, LimitChangeDialog)
    assert d.promised.value() == 30 and "在办 1 件" in d.context.text()
    d.promised.setValue(10)
    d.reason.setPlainText("系统设置错误：承诺时限误设为30日")
    with qtbot.waitSignal(room.actions.sig_changed, timeout=WAIT):
        submit(qtbot, room, d)
    assert "其中 1 件期限已重新计算" in tab.result.text()
    qtbot.waitUntil(lambda: tab.controller.pending_requests() == 0, timeout=WAIT)
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        tab.reload()
    assert ("D02-001", "promised_above_statutory") not in [(f.item_code, f.check) for f in tab.rows]

    with qtbot.waitSignal(room.drilldown.case.sig_loaded, timeout=WAIT):
        room.open_case(wrong)
    assert room.drilldown.case.promised.text() == new_due.isoformat()


# ---- log-in --------------------------------------------------------------------------------------------------------


def test_five_failed_logins_lock_the_account_and_say_until_when(qtbot, console, world):
    room = console
    d = room.session.login_dialog
    assert d.isVisible() and d.windowModality() == Qt.WindowModality.ApplicationModal
    assert d.demo_box.isHidden()  # passwords are shown on the dialog in demo mode only
    for i in range(5):
        d.username.setText("wang.zhiban")
        d.password.setText(f"wrong-{i}")
        qtbot.mouseClick(d.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: d.login_button.isEnabled() and bool(d.error.text()), timeout=WAIT)
        if i < 4:
            assert "用户名或密码错误" in d.error.text()
    assert "锁定至" in d.error.text() and "09:15" in d.error.text()
    assert d.locked_until == NOW + dt.timedelta(minutes=15)
    # even the right password is refused now
    d.password.setText(PASSWORDS["wang.zhiban"])
    d.error.clear()
    qtbot.mouseClick(d.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.login_button.isEnabled() and bool(d.error.text()), timeout=WAIT)
    assert "锁定至" in d.error.text() and room.session.actor is None and d.isVisible()

    # the administrator sees the lock in 值班员 and unlocks
    log_in(qtbot, room, "admin")
    tab = room.screens.views["supervision"].operators
    show_tab(qtbot, room, tab)
    tab.select("wang.zhiban")
    assert "锁定至 09:15" in tab.table.item(tab.table.currentRow(), 3).text()
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        qtbot.mouseClick(tab.unlock_button, Qt.MouseButton.LeftButton)
    tab.select("wang.zhiban")
    assert tab.table.item(tab.table.currentRow(), 3).text() == "正常"


def test_idle_lock_shows_the_login_again_while_the_walls_update(qtbot, console, world):
    room = console
    session = room.session
    log_in(qtbot, room, "wang.zhiban")
    assert not session.blocking
    session.set_idle_timeout_ms(300)
    with qtbot.waitSignal(session.sig_locked, timeout=WAIT):
        pass
    d = session.login_dialog
    assert session.locked and session.blocking and d.isVisible()
    assert "已锁定" in d.subtitle.text() and d.username.text() == "wang.zhiban"
    snap = poll(qtbot, room)  # the walls keep updating behind the lock
    assert snap.ok and room.screens.views["departments"].isVisible()
    # input to the windows behind is swallowed while locked
    lock_button = room.screens.views["supervision"].lock_button
    with qtbot.assertNotEmitted(session.sig_locked):
        qtbot.mouseClick(lock_button, Qt.MouseButton.LeftButton)
    session.set_idle_timeout_ms(600_000)
    log_in(qtbot, room, "wang.zhiban")
    assert not session.locked and not session.blocking


def test_the_drilldown_panels_actions_are_off_during_a_replay(qtbot, console, world):
    """As the queue's row: a replayed case page is looked at, never acted on; back to live, the actions return."""
    room = console
    case_id = world[1]
    log_in(qtbot, room, "li.jianchao")
    poll(qtbot, room)
    panel = room.drilldown_panel
    with qtbot.waitSignal(panel.sig_loaded, timeout=WAIT):
        room.open_case(case_id)
    buttons = (panel.rectify_button, panel.cancel_button, panel.sanction_button)
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in buttons), timeout=WAIT)

    with qtbot.waitSignal(room.controller.sig_snapshot, timeout=WAIT) as b:
        room.controller.set_replay(NOW - dt.timedelta(hours=1))
    assert b.args[0].replay_at == NOW - dt.timedelta(hours=1)
    for btn in buttons:
        assert not btn.isEnabled() and "回放" in btn.toolTip(), btn.objectName()
    assert panel.sanction() is None and panel.rectify() is None and panel.cancel() is None  # nor by a shortcut

    with qtbot.waitSignal(room.controller.sig_snapshot, timeout=WAIT) as b:
        room.controller.set_replay(None)
    assert b.args[0].replay_at is None
    assert all(btn.isEnabled() for btn in buttons)


def test_text_written_around_the_forms_cannot_reverse_what_the_desk_shows(qtbot, console, world):
    """The forms and the ingest refuse bidirectional controls; a row written by SQL (a supervisor's login can)
    reached the 投诉 table raw, and U+202E showed the summary reversed.  Shown, such a character is its escape."""
    from console.domain.roles import Actor
    from console.supervision.complaints import register_complaint

    room = console
    Session = world[0]
    sup = Actor("li.jianchao", "supervisor", "desk-1", "李监察")
    with Session.begin() as s:
        c = register_complaint(
            s, sup, room.client.calendar(s), channel="电话", complainant="刘女士", summary="临时",
            against_unit_id=room.client.units()[0].unit_id,
            registered_at=NOW,
        )  # fmt: skip
        s.execute(
            sql("UPDATE complaints SET summary = :v, complainant = :n WHERE id = :i"),
            {"v": "退款\u202e0001 元\u202c已到账", "n": "刘\u2066女士", "i": c.id},
        )
    log_in(qtbot, room, "li.jianchao")
    tab = room.screens.views["supervision"].complaints
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT):
        show_tab(qtbot, room, tab)
    tab.select(c.id)
    cells = [tab.table.item(r, k).text() for r in range(tab.table.rowCount()) for k in range(tab.table.columnCount())]
    shown = [*cells, *(w.text() for w in tab.findChildren(QLabel))]
    assert any("退款\\u202e0001 元\\u202c已到账" in t for t in cells), cells
    assert not [t for t in shown if set(t) & {"\u202e", "\u202c", "\u2066"}]
