"""The console as it is installed: every package listed, and a built wheel that carries what the console loads
at run time (Alembic migrations, layouts, translations, the alarm sound) and finds it without the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.support import ROOT
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


def _source_packages() -> set[str]:
    """Every folder under console/ that holds Python code, as a dotted package name."""
    return {
        ".".join(d.relative_to(ROOT).parts)
        for d in [ROOT / "console", *(ROOT / "console").rglob("*")]
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
    }


def test_every_console_package_is_listed_for_setuptools():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    source = _source_packages()
    assert "console.models.migrations.versions" in source
    assert source - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {p for p in listed if p.split(".")[0] == "console"} - source == set(), "listed but not in console/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The wheel built from a copy of the sources (a stale build/ in the checkout cannot leak into it),
    and that wheel installed into a bare folder."""
    work = tmp_path_factory.mktemp("packaging")
    src = work / "src"
    shutil.copytree(ROOT / "console", src / "console", ignore=SKIP)
    shutil.copytree(ROOT / "resources", src / "resources", ignore=SKIP)
    shutil.copy(ROOT / "pyproject.toml", src)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "wheel"), str(src)],
        check=True,
        cwd=work,
        timeout=120,
    )
    [wheel] = (work / "wheel").glob("supervision_console-*.whl")
    target = work / "installed"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, cwd=work, timeout=120
    )
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    return src, names, target


def test_wheel_carries_code_migrations_and_resources(built):
    src, names, _ = built
    migrations = "console/models/migrations/"
    assert {migrations + "env.py", migrations + "script.py.mako"} <= names
    versions = {migrations + "versions/" + p.name for p in (src / migrations / "versions").glob("*.py")}
    assert len(versions) >= 3 and versions <= names
    resources = {
        "console_resources/" + p.relative_to(src / "resources").as_posix()
        for p in (src / "resources").rglob("*")
        if p.is_file()
    }
    assert {
        "console_resources/layouts/default.toml",
        "console_resources/i18n/console_en.qm",
        "console_resources/i18n/supervision_en.qm",
        "console_resources/sounds/alarm.wav",
    } <= resources
    assert resources - names == set()
    code = {p.relative_to(src).as_posix() for p in (src / "console").rglob("*.py")}
    assert code - names == set()


def test_installed_copy_finds_its_resources_without_the_checkout(built):
    _, _, target = built
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import console.resources as r\n"
        "print(r.__file__); print(r.resources_dir())\n"
        "for parts in (('layouts', 'default.toml'), ('i18n', 'console_en.qm'), ('sounds', 'alarm.wav')):\n"
        "    assert r.resource(*parts).is_file(), parts\n"
    )
    # -I -S: no site-packages (so no editable install pointing back here), no PYTHONPATH, no current folder
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", probe, str(target)],
        check=False,
        cwd=target.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    module, resources = map(Path, out.stdout.split())
    assert module.is_relative_to(target)
    assert resources == target / "console_resources"
