"""Password policy (Qt-free, SQL-free): what 等级保护 2.0 asks of identification and authentication —
passwords of some complexity, not the commonest ones — checked before any account gets a password.

Rules: at least ``min_length`` characters (8 by default, the policy in ``meta`` may ask more); not only
blanks; characters of at least two classes (letters, digits, other); not the user name itself; not one of the
commonest passwords nor a keyboard walk or a repetition (compared case-insensitively).
"""

from __future__ import annotations

# The commonest passwords of published leak studies (SplashData/NordPass yearly lists, the CSDN and 12306
# leaks for Chinese users), lowercased; the length and class rules already refuse most of the rest.
COMMON = frozenset(
    [
        "password",
        "password1",
        "password12",
        "password123",
        "passw0rd",
        "p@ssw0rd",
        "p@ssword",
        "admin123",
        "admin1234",
        "administrator",
        "12345678",
        "123456789",
        "1234567890",
        "87654321",
        "11111111",
        "00000000",
        "88888888",
        "66666666",
        "12341234",
        "11223344",
        "123123123",
        "qwerty123",
        "qwertyuiop",
        "1qaz2wsx",
        "1q2w3e4r",
        "1q2w3e4r5t",
        "qwer1234",
        "asdf1234",
        "zxcvbnm123",
        "abc12345",
        "abcd1234",
        "a1234567",
        "a12345678",
        "aa123456",
        "abc123456",
        "iloveyou",
        "iloveyou1",
        "woaini1314",
        "5201314520",
        "woaini520",
        "qq123456",
        "sunshine1",
        "princess1",
        "welcome1",
        "welcome123",
        "letmein1",
        "monkey123",
        "dragon123",
        "football1",
        "baseball1",
        "superman1",
        "trustno1",
        "changeme",
        "changeme1",
        "test1234",
        "test12345",
        "root1234",
        "guest123",
        "user1234",
        "console1",
        "console123",
        "supervisor",
        "operator1",
        "zhangwei",
    ]
)

_WALKS = ("1234567890", "0987654321", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")


def _classes(password: str) -> int:
    letters = any(c.isalpha() for c in password)
    digits = any(c.isdigit() for c in password)
    other = any(not c.isalnum() for c in password)
    return letters + digits + other


def _trivial(lowered: str) -> bool:
    if len(set(lowered)) <= 2:  # aaaaaaaa, abababab
        return True
    return any(lowered in walk for walk in _WALKS)


def password_problem(password: str, min_length: int = 8, username: str = "") -> str | None:
    """Why ``password`` is refused, in words for the person choosing it; None if it is acceptable."""
    if len(password) < min_length:
        return f"密码至少 {min_length} 个字符"
    if not password.strip():
        return "密码不能全是空格"
    lowered = password.lower()
    if lowered in COMMON or lowered.rstrip("!.?") in COMMON:
        return "该密码是最常见的密码之一，请另选"
    if _trivial(lowered):
        return "密码过于简单（重复字符或键盘顺序），请另选"
    if username and username.strip().lower() == lowered:
        return "密码不能与用户名相同"
    if _classes(password) < 2:
        return "密码须包含至少两类字符（字母、数字、符号）"
    return None
