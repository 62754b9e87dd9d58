"""A real terminal for end-to-end tests: a tmux server of its own, driven by send-keys.

The console runs as operators run it: the installed `assign-tui` command in a
shell, in a pane of a fixed size, with a fresh HOME (so `demo` seeds its own
database). The screen is read with `capture-pane`; waits poll it with a
timeout, never a fixed sleep.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROMPT = "e2e$"
BIN = Path(sys.executable).parent
#: Starting `demo` imports FastAPI and seeds a database: slow on a loaded machine.
START_TIMEOUT = 60.0


def tmux_missing() -> str | None:
    """Why tmux tests cannot run here, or None."""
    if shutil.which("tmux") is None:
        return "tmux is not installed (.ci/run installs it; apt-get install tmux)"
    return None


def console_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a shell on a fresh machine: no profile, no token, own data dirs."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ASSIGN_TUI_", "TMUX", "PYTEST_", "TEXTUAL")) and k != "NO_COLOR"}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_STATE_HOME=str(home / ".local/state"),
               PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", LANG=env.get("LANG", "C.UTF-8"))
    env.update(extra)
    return env


class TmuxPane:
    """One detached tmux session of `size` running a plain shell whose prompt is `e2e$`."""

    def __init__(self, home: Path, size: tuple[int, int] = (80, 24), **env: str) -> None:
        # A short directory: a unix socket path must stay under about 100 bytes.
        self._dir = tempfile.mkdtemp(prefix="e2e-tmux-")
        self.socket = os.path.join(self._dir, "sock")
        self.env = console_env(home, **env)
        columns, rows = size
        shell = f"env PS1='{PROMPT} ' bash --norc --noprofile"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(columns), "-y", str(rows),
                  "-s", "e2e", shell)
        self.wait_for_prompt()

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-S", self.socket, *args], env=self.env,
                                capture_output=True, text=True, timeout=30, check=True)
        return result.stdout

    def run(self, command: str) -> None:
        """Type a command line into the shell."""
        self.tmux("send-keys", "-t", "e2e", "-l", command)
        self.tmux("send-keys", "-t", "e2e", "Enter")

    def keys(self, *keys: str) -> None:
        """tmux key names: "j", "Escape", "Enter", "C-q"..."""
        for key in keys:
            self.tmux("send-keys", "-t", "e2e", key)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def display(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "e2e", fmt).strip()

    def wait_for(self, text: str, timeout: float = 20.0, *, gone: bool = False) -> str:
        """The screen once `text` is on it (or, with `gone`, once it is not)."""
        state = "still on" if gone else "not on"
        return self.wait_until(lambda screen: (text in screen) != gone, f"{text!r} {state}",
                               timeout)

    def wait_until(self, ready: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        """The screen once `ready(screen)` holds; `what` names it in the failure."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ready(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} the screen after {timeout:.0f}s:\n{screen}")
            time.sleep(0.1)

    def wait_for_frame(self, text: str, timeout: float = 20.0) -> str:
        """The screen once `text` is on it in a whole frame: its first and last lines drawn.

        Textual paints a widget's region before the first full frame of a screen: the
        list's rows and its "page 1 of" line come some 20 ms (far more under load) before
        the header, the views bar and the key footer. The footer, the last line, is written
        last.
        """
        def whole(screen: str) -> bool:
            lines = screen.splitlines()
            return text in screen and bool(lines) and bool(lines[0].strip() and lines[-1].strip())

        return self.wait_until(whole, f"{text!r} in a whole frame not on", timeout)

    def wait_for_prompt(self, timeout: float = 20.0) -> str:
        """The screen once the shell's prompt is its last line with text (the console is gone)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            lines = [line for line in screen.splitlines() if line.strip()]
            if lines and lines[-1].strip() == PROMPT and self.display("#{alternate_on}") == "0":
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"no shell prompt after {timeout:.0f}s:\n{screen}")
            time.sleep(0.1)

    def modes(self) -> dict[str, str]:
        """What the console left switched on in the terminal."""
        names = ("alternate_on", "mouse_any_flag", "mouse_all_flag", "mouse_sgr_flag",
                 "mouse_button_flag", "mouse_standard_flag", "cursor_flag")
        values = self.display(" ".join(f"#{{{name}}}" for name in names)).split()
        return dict(zip(names, values, strict=True))

    def start_console(self, command: str = "assign-tui demo", *, marker: str = "page 1 of") -> str:
        """Run `command`; the screen once its first frame is whole, with `marker` on it."""
        self.run(command)
        return self.wait_for_frame(marker, START_TIMEOUT)

    def close(self) -> None:
        try:
            self.tmux("kill-server")
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(self._dir, ignore_errors=True)


def quoted(path: Path | str) -> str:
    return shlex.quote(str(path))
