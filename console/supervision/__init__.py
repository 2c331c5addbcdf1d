"""Supervision work after a red light (Qt-free): log-in and roles, rectification, alarm cancellation,
sanctions, complaints under 四不放过, the time-limit audit and period reports.

Every write function takes an ``Actor`` (who, role, console), checks the role with ``actor.require`` and
writes an audit-log row with before/after in the caller's transaction.  The rows are read and written by
``console.models.supervision``, on the session the caller hands in: no workflow builds a query.
"""
