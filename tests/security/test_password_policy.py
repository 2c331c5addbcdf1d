"""Passwords (等级保护 2.0, identification and authentication): the report had eight spaces, ``password`` and
``12345678`` accepted for an administrator; length alone is not a policy."""

from __future__ import annotations

import pytest

from console.domain.passwords import password_problem
from console.supervision import auth
from console.supervision.errors import SupervisionError

ADMIN = auth.Actor("admin", "administrator", "desk-1")


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("        ", "空格"),
        ("password", "最常见"),
        ("Password1", "最常见"),
        ("12345678", "最常见"),
        ("87654321", "最常见"),
        ("qwertyui", "简单"),
        ("abababab", "简单"),
        ("zhangsanfeng", "两类字符"),
        ("1357924680", "两类字符"),
        ("short1", "至少 8"),
        ("wang.zhiban", "用户名"),
    ],
)
def test_trivial_and_common_passwords_are_refused(password, why):
    problem = password_problem(password, 8, "wang.zhiban")
    print(f"PASSWORD {password!r} -> {problem}")
    assert problem and why in problem


@pytest.mark.parametrize("password", ["Wang-zhiban-26", "监察2026春季", "correct horse 7"])
def test_reasonable_passwords_pass(password):
    assert password_problem(password, 8, "wang.zhiban") is None


@pytest.mark.parametrize("password", ["        ", "password", "12345678"])
def test_the_report_s_administrator_passwords_are_refused_by_add_operator(Session, password):
    with Session.begin() as s, pytest.raises(SupervisionError):
        auth.add_operator(s, ADMIN, "root", "administrator", password)
    with Session.begin() as s:
        auth.add_operator(s, ADMIN, "root", "administrator", "Root-admin-2026")
    with Session.begin() as s, pytest.raises(SupervisionError, match="最常见"):
        auth.set_password(s, ADMIN, "root", "password1")
