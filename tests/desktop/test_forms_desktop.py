"""A supervision form on a real X display while red alarms arrive and re-alert (Xvfb + openbox, real keys).

Whoever fills 下达整改通知 is not interrupted into losing the input: a flood arriving meanwhile and its re-alerts
(``alarms/realert_ms``) wait behind the form (sound, taskbar), and the form's 下达整改 writes its row.  The
form opened from the alarm dialog used to be that dialog's child: the flood folded (deleted) the dialog and
the form with it, the screen kept its stale picture, and 下达整改 did nothing.
"""

from __future__ import annotations

from tests.support.desktop import ALARM, wait_for

FLOOD = "告警洪流"
FORM = "下达整改通知"


def test_rectification_form_outlives_a_flood_and_its_re_alerts(start_console):
    c = start_console({"alarms/realert_ms": 2000})
    c.log_in("supervisor", "super-demo-2025")  # 下达整改 is a supervisor's action
    c.window(ALARM)
    wait_for("the alarm dialog to have the focus", lambda: c.active_title() == ALARM)
    # the note has the focus (the logged-in name is read-only): 静音 → 查看办件 → 确认 → 下达整改…
    c.key("Tab", "Tab", "Tab", "Tab", "space")
    form = c.window(FORM, timeout=10)
    wait_for("the form to have the focus", lambda: c.active_title() == FORM)
    c.shot("form-from-the-alarm")
    before = c.query("SELECT count(*) FROM rectifications")[0][0]
    c.raise_red_alarms(12, "F")  # a flood: the notifier folds the alarm dialog into the summary
    wait_for("two re-alerts behind the form", lambda: c.log_text().count("re-alerted behind a form") >= 2)
    c.shot("form-after-re-alerts")
    assert c.windows(FORM) == [form] and c.active_title() == FORM
    assert not c.windows(FLOOD)  # it waits for the form: nothing comes over it
    c.type("desk test")  # 整改要求 has the focus (unit and person come from the alarm)
    c.key("Tab", "space")  # 下达整改
    wait_for("the rectification written", lambda: c.query("SELECT count(*) FROM rectifications")[0][0] == before + 1)
    c.gone(FORM)
    last = c.query("SELECT instructions, ordered_by FROM rectifications ORDER BY id DESC LIMIT 1")[0]
    assert last == ("desk test", "supervisor")
    c.window(FLOOD)  # the form closed: the flood comes forward
    wait_for("the flood summary to have the focus", lambda: c.active_title() == FLOOD)
    c.shot("flood-after-the-form")
