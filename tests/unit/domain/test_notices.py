"""The notices' pure parts: quiet hours (wrapping midnight), the retry schedule, the Chinese words."""

import datetime as dt

from console.domain.notices import MAX_ATTEMPTS, alarm_notice, quiet_until, retry_delay, yellow_notice


def test_quiet_hours():
    at = dt.datetime(2025, 10, 13, 23, 0)
    assert quiet_until(at, dt.time(22), dt.time(7)) == dt.datetime(2025, 10, 14, 7, 0)
    assert quiet_until(at.replace(hour=6), dt.time(22), dt.time(7)) == dt.datetime(2025, 10, 13, 7, 0)
    assert quiet_until(at.replace(hour=7), dt.time(22), dt.time(7)) is None  # the end is not quiet
    assert quiet_until(at.replace(hour=12), dt.time(22), dt.time(7)) is None
    assert quiet_until(at.replace(hour=12), dt.time(12), dt.time(14)) == dt.datetime(2025, 10, 13, 14, 0)
    assert quiet_until(at, None, None) is None
    assert quiet_until(at, dt.time(8), dt.time(8)) is None  # an empty window is no window


def test_retry_doubles_up_to_an_hour():
    assert [retry_delay(k).total_seconds() for k in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert retry_delay(MAX_ATTEMPTS).total_seconds() == 3600


def test_words():
    subject, body = alarm_notice(
        "民政局", "R1", "婚姻登记", "promised_overdue", "red", "超过承诺时限", dt.datetime(2025, 10, 13)
    )
    assert subject.startswith("【电子监察预警】民政局：办件 R1 红色预警（") and "超过承诺时限" in body
    subject, body = yellow_notice("民政局", "Y1", "婚姻登记", dt.date(2025, 10, 13), 1)
    assert "即将超期（黄灯）" in subject and "剩余 1 个工作日" in body and body.endswith("行政审批电子监察中心")
    assert "今日为最后一个办理日" in body  # 1 left is the due day itself, not one more day after today
    _subject, body = yellow_notice("民政局", "Y2", "婚姻登记", dt.date(2025, 10, 14), 2)
    assert "剩余 2 个工作日（含今日）" in body
