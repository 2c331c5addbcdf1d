"""Errors whose message is meant for the person at the console, as it is (Qt-free)."""
from __future__ import annotations


class UserError(ValueError):
    """An action refused for a reason the user can act on (bad input, a state that does not allow it)."""
