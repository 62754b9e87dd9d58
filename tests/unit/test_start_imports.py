"""What the console's start leaves for later: modules its first frame does not need.

Each is milliseconds of the start (docs/performance.md) that an innocent-looking
import would bring back. The check runs `assign-tui`'s real path in a fresh
interpreter up to `app.run()`, which is replaced by an import of the list screen
(the first frame's) and a look at `sys.modules`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WORKSPACE = "6f1c2a9e-0b7d-4c1e-9a51-3f0d2b8c7e11"

#: importlib.metadata: pydantic's plugin lookup (assign_tui/pydantic_plugins.py);
#: TextArea: forms only (tui/typed_ahead.py); httpx: the client, made after the first page.
LATER = ("importlib.metadata", "textual.widgets._text_area", "httpx")

_START = f"""\
import sys
import textual.app
import assign_tui.api.first_page as first_page

first_page.FirstPage = lambda settings: None  # no request: nothing listens

def run(self, *, mouse=True):
    import assign_tui.tui.screens.assignment_list
    print(",".join(name for name in {LATER!r} if name in sys.modules))

textual.app.App.run = run
import assign_tui.cli as cli
raise SystemExit(cli.main([]))
"""


def test_the_start_imports_nothing_the_first_frame_does_not_need(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSIGN_TUI_")}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        ASSIGN_TUI_BASE_URL="http://127.0.0.1:9",
        ASSIGN_TUI_WORKSPACE=WORKSPACE,
        ASSIGN_TUI_TOKEN="t0ken",
    )
    done = subprocess.run(
        [sys.executable, "-c", _START], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
