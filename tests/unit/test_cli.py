"""Every sub-command is registered by name in console.cli.build_parser, and each one reaches a handler.

The registrations are plain imports and calls (no module names in strings), so a sub-command whose module
is missing fails at import; this test fails when one is dropped from the parser or loses its handler.
"""

from __future__ import annotations

import argparse

from console.cli import build_parser

COMMANDS = {
    "timer",
    "db",
    "calendar",
    "ingest",
    "simulate",
    "user",
    "audit",
    "audit-limits",
    "contacts",  # notices to the units (console/services/notices_cli.py)
    "report",
    "grant-console-role",
    "grant-engine-role",
    "engine",
    "status",
    "rules",
    "feeds",
}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _leaves(name: str, parser: argparse.ArgumentParser):
    subs = _subcommands(parser)
    if not subs:
        yield name, parser
    for sub_name, sub in subs.items():
        yield from _leaves(f"{name} {sub_name}", sub)


def test_every_subcommand_is_registered():
    assert set(_subcommands(build_parser())) == COMMANDS


def test_every_subcommand_has_a_handler():
    top = build_parser()
    for name, sub in _subcommands(top).items():
        for leaf, parser in _leaves(name, sub):
            # the handler is set on the command or on the sub-command's own parser
            assert callable(parser.get_default("func") or sub.get_default("func")), leaf


def test_a_replay_moment_is_in_the_past_within_the_calendar_in_the_centres_time(capsys):
    import datetime as dt

    import pytest

    p = build_parser()
    assert p.parse_args(["--at", "2026-11-20T10:00"]).replay_at == dt.datetime(2026, 11, 20, 10, 0)
    # an offset is converted to the centre's time (Asia/Shanghai by default): 02:00 UTC is 10:00 there
    assert p.parse_args(["--at", "2026-11-20T02:00+00:00"]).replay_at == dt.datetime(2026, 11, 20, 10, 0)
    for bad, words in (("2999-01-01T10:00", "尚未到来"), ("1970-01-01T00:00", "超出日历范围"), ("25:00", "not a date")):
        with pytest.raises(SystemExit):
            p.parse_args(["--at", bad])
        assert words in capsys.readouterr().err


def test_the_systemd_unit_starts_the_engine_with_arguments_the_cli_takes():
    import configparser
    import shlex
    from pathlib import Path

    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read(Path(__file__).resolve().parents[2] / "resources" / "systemd" / "supervision-engine.service")
    argv = shlex.split(unit["Service"]["ExecStart"])
    assert argv[1] == "main.py" and argv[2] == "engine"
    args = build_parser().parse_args(argv[2:])
    assert args.interval == 3 and args.name == "engine@%H"
    assert unit["Service"]["Restart"] == "always"
    # python main.py engine exits 2 when it cannot run (a login refused the lease): said once, not every 2 s
    assert unit["Service"]["RestartPreventExitStatus"] == "2"
