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
    "report",
    "grant-console-role",
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
