"""Alarms raised as columns (repository.raise_alarm_groups, the day change's path): the same occurrences, levels,
messages and moments as raise_alarms, on both engines."""

import datetime as dt

from sqlalchemy import select, update

from console.models import repository as repo
from console.models.schema import Alarm, RuleLevel
from tests.support.poller_world import world  # noqa: F401  (fixture)

AT = dt.datetime(2025, 10, 1)


def alarms(Session):
    with Session() as s:
        return sorted(
            (a.case_id, a.rule, a.subject, a.occurrence, a.level, a.message, a.raised_at, a.raised_by, a.status)
            for a in s.scalars(select(Alarm))
        )


def test_groups_raise_once_per_case_and_again_after_clearing(world):  # noqa: F811
    Session, ids, _ = world
    groups = [
        repo.AlarmGroup("promised_overdue", "red", "已超过承诺时限（09-28）", "", AT),
        repo.AlarmGroup("step_overdue", "red", "环节「承办」超时", "CB", None),
    ]
    cases = [ids["red"], ids["yellow"], ids["blue"]]
    with Session.begin() as s:
        s.execute(update(RuleLevel).where(RuleLevel.rule == "step_overdue").values(level="yellow"))
    with Session.begin() as s:
        assert repo.raise_alarm_groups(s, groups, cases, [0, 0, 1], "engine-1", recurring=True) == 3
    first = alarms(Session)
    assert [(c, r, subj, occ, lv, msg, by, st) for c, r, subj, occ, lv, msg, _, by, st in first] == sorted(
        [
            (ids["red"], "promised_overdue", "", 1, "red", "已超过承诺时限（09-28）", "engine-1", "open"),
            (ids["yellow"], "promised_overdue", "", 1, "red", "已超过承诺时限（09-28）", "engine-1", "open"),
            (ids["blue"], "step_overdue", "CB", 1, "yellow", "环节「承办」超时", "engine-1", "open"),  # rule_levels
        ]
    )
    assert {a[6] for a in first if a[1] == "promised_overdue"} == {AT}  # the group's moment
    with Session.begin() as s:  # still active: nothing new
        assert repo.raise_alarm_groups(s, groups, cases, [0, 0, 1], "engine-2", recurring=True) == 0
    with Session.begin() as s:
        s.execute(update(Alarm).where(Alarm.case_id == ids["red"]).values(cleared_at=AT))
    with Session.begin() as s:  # a fact of history (recurring=False) is raised once ever
        assert repo.raise_alarm_groups(s, groups, cases, [0, 0, 1], "engine-2") == 0
    with Session.begin() as s:  # a condition that came back after clearing is a new occurrence
        assert repo.raise_alarm_groups(s, groups, cases, [0, 0, 1], "engine-2", recurring=True) == 1
    again = [a for a in alarms(Session) if a[0] == ids["red"]]
    assert [(a[3], a[7]) for a in again] == [(1, "engine-1"), (2, "engine-2")]
    with Session.begin() as s:
        assert repo.raise_alarm_groups(s, groups, [], [], "engine-2") == 0
