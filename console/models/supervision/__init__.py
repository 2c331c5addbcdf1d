"""The supervision workflows' reads and writes: every query of ``console.supervision`` and of the windows'
``SupervisionClient``, one module per kind of row.

The workflows decide (roles, validation, state transitions, deadlines, what is audited) and are handed a
session by their caller; they pass it here and never build a query themselves.  ``Session`` and
``SessionFactory`` are re-exported so they can name the types they are handed without importing SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker as SessionFactory

__all__ = ["Session", "SessionFactory"]
