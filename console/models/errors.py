"""What a database failure looks like to the rooms above, which catch it without importing SQLAlchemy."""
from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

#: every error the database room raises for a failed statement or connection (``except DB_ERRORS``)
DB_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError,)
