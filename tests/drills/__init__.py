"""Helpers for the fault drills (tests/test_drill_*.py): a private PostgreSQL server, worker scripts, worlds."""
