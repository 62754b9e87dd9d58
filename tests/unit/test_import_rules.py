"""The core never imports textual: `api`, `routing`, `sandbox` and `config` stay UI-free.

Checked twice: by importing each package in a fresh interpreter (catches
indirect imports) and by reading the source (catches imports hidden in
functions that the first check never runs).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import assign_tui

PACKAGE_ROOT = Path(assign_tui.__file__).parent
CORE = ["api", "routing", "sandbox", "config"]
FORBIDDEN = ("textual", "assign_tui.tui")


def _is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def _sources(name: str) -> list[Path]:
    package = PACKAGE_ROOT / name
    if package.is_dir():
        return sorted(package.rglob("*.py"))
    module = PACKAGE_ROOT / f"{name}.py"
    return [module] if module.exists() else []


def _imported_modules(source: str, module: str, *, is_package: bool) -> list[tuple[int, str]]:
    """Absolute names of every import in `source` (the text of `module`), relative ones resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found.append((node.lineno, name))
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
    return found


def _file_imports(path: Path) -> list[tuple[int, str]]:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    is_package = path.name == "__init__.py"
    module = ".".join(parts[:-1] if is_package else parts)
    return _imported_modules(path.read_text(encoding="utf-8"), module, is_package=is_package)


@pytest.mark.parametrize("name", CORE)
def test_importing_core_package_loads_no_textual(name: str) -> None:
    code = (
        "import sys\n"
        f"import assign_tui.{name}\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')"
        " or m.startswith('assign_tui.tui'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"assign_tui.{name} imports {done.stdout.strip()}"


@pytest.mark.parametrize("name", CORE)
def test_core_source_never_imports_textual(name: str) -> None:
    offences = [
        f"{path.relative_to(PACKAGE_ROOT)}:{line}: {module}"
        for path in _sources(name)
        for line, module in _file_imports(path)
        if _is_forbidden(module)
    ]
    assert offences == []


def test_the_source_check_catches_direct_nested_and_relative_imports() -> None:
    source = (
        "import json\n"
        "from textual.app import App\n"
        "def later():\n"
        "    import textual.widgets\n"
        "from ..tui import app\n"
        "from . import models\n"
    )
    modules = [m for _, m in _imported_modules(source, "assign_tui.api.client", is_package=False)]
    flagged = sorted(m for m in modules if _is_forbidden(m))
    assert flagged == [
        "assign_tui.tui",
        "assign_tui.tui.app",
        "textual.app",
        "textual.app.App",
        "textual.widgets",
    ]
    assert "assign_tui.api.models" in modules
    assert not _is_forbidden("textualize") and not _is_forbidden("assign_tui.tuition")


def test_the_source_check_reads_the_real_files() -> None:
    modules = [m for _, m in _file_imports(PACKAGE_ROOT / "config" / "__init__.py")]
    assert "assign_tui.config.errors" in modules
