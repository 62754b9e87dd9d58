"""Does the console look the same in real tmux with and without its output writer?

Run: .venv/bin/python bench/tmux_same_screen.py [--size 200x50] [--colorterm truecolor|none] [--no-color]

Starts `assign-tui demo` twice, each in its own tmux server, once with
ASSIGN_TUI_PLAIN_OUTPUT=1 (every frame as Textual writes it: the reference) and
once through `ScreenWriter`; sends both the same keys (next pages, scrolls, PgDn,
the detail, the messages, back) and compares the screens after each step, cell
by cell as they look (tests/tui/terminal_model.py). Each is read through a
second tmux attached to it whose terminal has no `bce` (screen-256color), so the
first draws every cell: `capture-pane` does not report cells erased at the end
of a line, and its codes differ in the foreground of blanks, which no one sees.
Prints one line per step and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.tui.terminal_model import TerminalModel  # noqa: E402

BIN = Path(sys.executable).parent / "assign-tui"
INNER = "set -g status off\nset -g default-terminal tmux-256color\n" \
        "set -as terminal-features ',screen-256color:RGB'\nset -g escape-time 10\n"
OUTER = "set -g status off\nset -g default-terminal screen-256color\n"
STEPS = [("start", [])] + [(f"] {i + 1}", ["]"]) for i in range(3)] + [
    ("j x30", ["j"] * 30), ("PgDn", ["PageDown"]), ("k x5", ["k"] * 5), ("[", ["["]),
    ("detail", ["Enter"]), ("detail space", ["Space"]), ("back", ["Escape"]), ("G", ["G"]),
    ("detail", ["Enter"]), ("messages", ["m"]), ("back", ["Escape"]), ("back", ["Escape"]),
    ("g", ["g"])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="200x50")
    parser.add_argument("--colorterm", default="truecolor", help="COLORTERM (none: 256 colours)")
    parser.add_argument("--no-color", action="store_true", help="run both with NO_COLOR=1")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    tmp = Path(tempfile.mkdtemp(prefix="tmux-same-screen-"))
    (tmp / "inner.conf").write_text(INNER)
    (tmp / "outer.conf").write_text(OUTER)
    env = {k: v for k, v in os.environ.items() if k != "TMUX"}

    def tmux(server: str, *command: str, conf: str | None = None) -> str:
        socket = f"same-screen-{os.getpid()}-{server}"
        config = ["-f", str(tmp / conf)] if conf else []
        return subprocess.run(["tmux", "-L", socket, *config, *command], capture_output=True,
                              text=True, env=env).stdout

    names = ("plain", "writer")
    for name in names:
        home = tmp / name
        plain = " ASSIGN_TUI_PLAIN_OUTPUT=1" if name == "plain" else ""
        plain += " NO_COLOR=1" if args.no_color else ""
        command = (f"env HOME={home} XDG_CONFIG_HOME={home}/c XDG_DATA_HOME={home}/d "
                   f"XDG_STATE_HOME={home}/s COLORTERM={args.colorterm}{plain} {BIN} demo")
        tmux(f"in-{name}", "new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height),
             command, conf="inner.conf")
        tmux(f"out-{name}", "new-session", "-d", "-s", "view", "-x", str(width), "-y",
             str(height), f"env -u TMUX tmux -L same-screen-{os.getpid()}-in-{name} attach -t app",
             conf="outer.conf")
    time.sleep(8)

    def look(text: str) -> list[list[tuple[str, object]]]:
        model = TerminalModel(width, height + 1)
        model.feed(text.replace("\n", "\r\n"))
        return model.visible()  # type: ignore[return-value]

    failures = 0
    try:
        for label, keys in STEPS:
            for key in keys:
                for name in names:
                    tmux(f"in-{name}", "send-keys", "-t", "app", key)
                time.sleep(0.15)
            time.sleep(2.5)
            screens = [look(tmux(f"out-{name}", "capture-pane", "-p", "-e", "-N", "-t", "view"))
                       for name in names]
            differ = [(y, x) for y in range(height) for x in range(width)
                      if screens[0][y][x] != screens[1][y][x]]
            failures += bool(differ)
            print(f"{label:14} {'same' if not differ else f'DIFFERENT in {len(differ)} cells, first {differ[:3]}'}")
    finally:
        for name in names:
            tmux(f"out-{name}", "kill-server")
            tmux(f"in-{name}", "kill-server")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
