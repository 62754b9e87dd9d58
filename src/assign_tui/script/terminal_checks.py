"""The terminal half of `assign-tui doctor`: what the console needs from the terminal and tmux.

Each check reads an environment mapping and, inside tmux, asks tmux itself for
its options, so the answer is the running server's, not a guess from a file.
See docs/terminals.md for why each setting matters.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Check", "terminal_checks", "terminal_size", "tmux_option"]

MIN_COLUMNS, MIN_ROWS = 80, 24
MAX_ESCAPE_TIME_MS = 50
_NO_COLOUR_TERMS = {"dumb", "vt52", "vt100", "vt102", "unknown"}


@dataclass(frozen=True)
class Check:
    """One line of the report. `ok` None: not applicable here, or not checked because a check
    it depends on failed (that one fails the report)."""

    name: str
    ok: bool | None
    detail: str
    fix: str = ""


def terminal_size() -> tuple[int, int] | None:
    """Columns and rows of the controlling terminal, or None when there is none."""
    for fd in (1, 2, 0):
        try:
            size = os.get_terminal_size(fd)
        except OSError:
            continue
        return size.columns, size.lines
    return None


def tmux_option(flags: str, name: str) -> str | None:
    """`tmux show-options -<flags>v NAME` of the tmux server in $TMUX; None when it fails."""
    if shutil.which("tmux") is None:
        return None
    try:
        done = subprocess.run(["tmux", "show-options", f"-{flags}v", name], capture_output=True,
                              text=True, timeout=5, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _term(env: Mapping[str, str]) -> Check:
    term = env.get("TERM", "")
    if not term or term == "dumb":
        return Check("TERM", False, f"TERM is {term or 'not set'}: no cursor movement",
                     "export TERM=xterm-256color (or what your terminal emulates)")
    return Check("TERM", True, term)


def _colours(env: Mapping[str, str]) -> Check:
    term = env.get("TERM", "")
    if env.get("NO_COLOR"):
        return Check("colours", True, "NO_COLOR is set: greys only (nothing relies on colour)")
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return Check("colours", True, "truecolor (COLORTERM)")
    if "256color" in term:
        return Check("colours", True, "256 colours")
    if not term or term in _NO_COLOUR_TERMS:
        return Check("colours", False, f"none with TERM={term or '(unset)'}",
                     "export TERM=xterm-256color")
    return Check("colours", True, f"16 colours (TERM={term}; a -256color TERM gives more)")


def _size(size: tuple[int, int] | None) -> Check:
    if size is None:
        return Check("size", False, "not a terminal",
                     "run assign-tui doctor in the terminal you run the console in")
    columns, rows = size
    if columns < MIN_COLUMNS or rows < MIN_ROWS:
        return Check("size", False, f"{columns}x{rows}",
                     f"make the window at least {MIN_COLUMNS}x{MIN_ROWS}")
    return Check("size", True, f"{columns}x{rows}")


def _locale(env: Mapping[str, str]) -> Check:
    name, value = next(((n, env[n]) for n in ("LC_ALL", "LC_CTYPE", "LANG") if env.get(n)),
                       ("LANG", ""))
    if "utf-8" in value.lower() or "utf8" in value.lower():
        return Check("UTF-8 locale", True, f"{name}={value}")
    return Check("UTF-8 locale", False, f"{name}={value or '(unset)'}: symbols and names garble",
                 "export LANG=C.UTF-8 (or your language's .UTF-8 locale)")


def _escdelay(env: Mapping[str, str]) -> Check:
    value = env.get("ESCDELAY")
    if value is None:
        return Check("ESCDELAY", True, "unset: Esc waits 100 ms for the rest of a key")
    if not value.strip().isdigit():
        return Check("ESCDELAY", False, f"{value!r} is not a number of milliseconds",
                     "export ESCDELAY=100 (raise it to 300 over slow links), or unset it")
    return Check("ESCDELAY", True, f"{int(value)} ms")


def _tmux(option: Callable[[str, str], str | None]) -> list[Check]:
    escape = option("s", "escape-time")
    clipboard = option("s", "set-clipboard")
    passthrough = option("gw", "allow-passthrough")
    checks = []
    if escape is None or not escape.isdigit():
        checks.append(Check("tmux escape-time", False, "tmux did not answer",
                            "is tmux on PATH and the server in $TMUX running?"))
    elif int(escape) > MAX_ESCAPE_TIME_MS:
        checks.append(Check("tmux escape-time", False, f"{escape} ms: every Esc waits that long",
                            "tmux set -sg escape-time 25 (and in ~/.tmux.conf)"))
    else:
        checks.append(Check("tmux escape-time", True, f"{escape} ms"))
    # y's routes (tui/clipboard.py, docs/terminals.md): with set-clipboard on or external
    # tmux takes the text itself; only with off does y need the passthrough-wrapped form.
    passes = passthrough in ("on", "all") or (passthrough is None and escape is not None)
    passes_detail = passthrough or "no such option: this tmux (before 3.3) always passes it"
    if clipboard in ("on", "external"):
        checks.append(Check("tmux set-clipboard", True, clipboard))
        checks.append(Check("tmux allow-passthrough", None,
                            f"{passthrough or 'not set'}: not needed, set-clipboard is {clipboard}"))
    elif clipboard == "off" and passes:
        checks.append(Check("tmux set-clipboard", True,
                            "off: y reaches your clipboard through passthrough"))
        checks.append(Check("tmux allow-passthrough", True, passes_detail))
    else:
        checks.append(Check("tmux set-clipboard", False,
                            f"{clipboard or 'unknown'}: y cannot reach your clipboard",
                            "tmux set -s set-clipboard on (and in ~/.tmux.conf)"))
        checks.append(Check("tmux allow-passthrough", None,
                            f"{passthrough or 'unknown'}: not needed once set-clipboard is on"))
    return checks


def terminal_checks(env: Mapping[str, str] | None = None) -> list[Check]:
    """TERM, colours, size, UTF-8 locale, ESCDELAY, and inside tmux the options `y` and Esc need."""
    env = os.environ if env is None else env
    checks = [_term(env), _colours(env), _size(terminal_size()), _locale(env), _escdelay(env)]
    if env.get("TMUX"):
        checks.extend(_tmux(tmux_option))
    else:
        checks.append(Check("tmux", None, "not inside tmux"))
    return checks
