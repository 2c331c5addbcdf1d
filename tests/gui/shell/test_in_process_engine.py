"""When the console starts a supervision engine inside itself: on SQLite by default, never for a replay."""

import argparse
import datetime as dt

from sqlalchemy import create_engine

from console.shell.app import _in_process_engine


def args(**kw):
    return argparse.Namespace(**{"in_process_engine": None, "replay_at": None, **kw})


def test_sqlite_yes_postgresql_no_and_the_choice_given():
    lite = create_engine("sqlite://")
    pg = create_engine("postgresql+psycopg://u@127.0.0.1:1/x")  # never connected: only its dialect is read
    assert _in_process_engine(args(), lite) is True
    assert _in_process_engine(args(), pg) is False
    assert _in_process_engine(args(in_process_engine="yes"), pg) is True
    assert _in_process_engine(args(in_process_engine="no"), lite) is False


def test_a_replay_never_runs_an_engine():
    at = dt.datetime(2026, 11, 20, 10, 0)
    assert _in_process_engine(args(replay_at=at), create_engine("sqlite://")) is False
    assert _in_process_engine(args(replay_at=at, in_process_engine="yes"), create_engine("sqlite://")) is False
