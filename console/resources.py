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
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file():  # a source checkout (site-packages may hold another "resources")
        return root / "resources"
    import console_resources  # importable only where the wheel is installed

    return Path(console_resources.__file__).parent


def resource(*parts: str) -> Path:
    """A path under the resources folder, e.g. ``resource("layouts", "default.toml")``."""
    return resources_dir().joinpath(*parts)
