"""Where the console's resource files are (layouts, translations, sounds, stylesheet, report templates).

In a source checkout they are the top-level ``resources/`` folder; an installed wheel ships the same folder as
the package ``console_resources`` (see ``pyproject.toml``); a PyInstaller bundle unpacks it to
``sys._MEIPASS/resources``.
"""
from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("console_resources")))


def resource(*parts: str) -> Path:
    """A path under the resources folder, e.g. ``resource("layouts", "default.toml")``."""
    return resources_dir().joinpath(*parts)
