"""No pydantic plugin sees assign-tui's data (assign_tui/pydantic_plugins.py).

Each test runs a fresh interpreter with a fake plugin installed next to assign-tui:
a distribution on PYTHONPATH registering it under the `pydantic` entry point group,
as logfire does. The plugin writes to a file when it is imported and each time
pydantic builds a validator with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

WORKSPACE = "6f1c2a9e-0b7d-4c1e-9a51-3f0d2b8c7e11"

_PLUGIN = """\
import os

def _record(line):
    with open(os.environ["PLUGIN_RECORD"], "a") as out:
        out.write(line + "\\n")

_record("loaded")

class Recorder:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        _record(f"validator {path.name}")
        return None, None, None

plugin = Recorder()
"""

#: A page of member data validated as the list does.
_PAGE = """\
from assign_tui.api.models import Assignment, Page
Page[Assignment].model_validate({"items": [{
    "id": 1, "workflowId": 2, "memberId": 3, "memberName": "Rosa Diaz",
    "status": "active", "createdAt": "2026-11-29T07:00:00Z",
    "updatedAt": "2026-11-29T07:00:00Z"}]})
"""

#: The console's path up to the app, then a page of member data validated as the
#: list does; the app (it needs a terminal) and the early request are replaced.
_CONSOLE = f"""\
PAGE = {_PAGE!r}
import os, sys, types
import assign_tui.api.first_page
import assign_tui.cli as cli

assign_tui.api.first_page.FirstPage = lambda settings: None

before = dict(os.environ)
module = types.ModuleType("assign_tui.tui.app")
class App:
    return_code = 0
    def __init__(self, settings, **kwargs): pass
    def run(self, mouse=True):
        exec(PAGE)
module.AssignApp = App
sys.modules["assign_tui.tui.app"] = module
assert cli.main(["--config", sys.argv[1]]) == 0
assert dict(os.environ) == before, "the environment changed"
"""


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which pydantic finds the recording plugin."""
    site = tmp_path / "site"
    info = site / "fake_pydantic_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-pydantic-plugin\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text("[pydantic]\nrecorder = fake_plugin:plugin\n")
    (site / "fake_plugin.py").write_text(_PLUGIN)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSIGN_TUI_", "PYDANTIC_"))}
    env.update(
        PYTHONPATH=str(site),
        PLUGIN_RECORD=str(tmp_path / "record.txt"),
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        ASSIGN_TUI_TOKEN="t0ken",
    )
    return env


def _run(code: str, env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def _record(env: dict[str, str]) -> list[str]:
    path = Path(env["PLUGIN_RECORD"])
    return path.read_text().splitlines() if path.exists() else []


def test_the_fake_plugin_is_found_by_pydantic_alone(plugin_env: dict[str, str]) -> None:
    """Without the console's start, pydantic loads it: the test below can fail."""
    _run(_PAGE, plugin_env)
    record = _record(plugin_env)
    assert record[0] == "loaded"
    assert "validator Page[Assignment]" in record


def test_the_console_loads_no_plugin_and_keeps_the_environment(
    plugin_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[profiles.work]\nbase_url = "https://a.example.com"\nworkspace = "{WORKSPACE}"\n'
        "[profiles.work.views.mine_urgent]\nmine = true\nsort = \"priority\"\n"
    )
    config.chmod(0o600)
    _run(_CONSOLE, plugin_env, str(config))
    assert _record(plugin_env) == []
