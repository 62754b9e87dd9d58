"""Copy to the operator's own clipboard, in the form their terminal will take, and say honestly
what happened.

OSC 52 asks the terminal to set its clipboard; no terminal answers, so the
console can never confirm that the text landed: it says it was sent. Inside
tmux a plain OSC 52 is taken only when `set-clipboard` is `on` (the default,
`external`, ignores it), and tmux 3.3 drops the passthrough-wrapped form unless
`allow-passthrough` is on. So inside tmux the console asks tmux for those two
options (once, off the UI thread) and, unless `set-clipboard` is `on`, hands the
text to tmux itself (`load-buffer -w -`): tmux keeps it in its paste buffer
(which the console can confirm) and passes it on to the outer terminal when its
`set-clipboard` allows. The text travels as base64 or on tmux's stdin, never raw
to the terminal or on a command line.
"""

from __future__ import annotations

import base64
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["CopyResult", "TmuxClipboard", "copy_route", "osc52", "tmux_clipboard"]

#: How long a tmux command may take before the console gives up on it.
TMUX_TIMEOUT = 3.0


def osc52(text: str, *, tmux: bool | None = None) -> str:
    """The escape sequence that puts `text` on the clipboard (`tmux`: wrapped for passthrough)."""
    payload = base64.b64encode(text.encode("utf-8", "replace")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if tmux if tmux is not None else bool(os.environ.get("TMUX")):
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


@dataclass(frozen=True, slots=True)
class TmuxClipboard:
    """The tmux options that decide what happens to a copy (None: not asked / not known)."""

    set_clipboard: str | None
    """`on`, `external` or `off`."""
    allow_passthrough: bool
    """True also on tmux before 3.3, which has no such option and always passes through."""


@dataclass(frozen=True, slots=True)
class CopyResult:
    """What to write to the terminal, and what to tell the operator."""

    sequence: str
    """Escape sequence(s) for the terminal ("" when tmux was handed the text instead)."""
    message: str
    confirmed: bool = False
    """True only when something the console can check (tmux's paste buffer) holds the text."""
    failed: bool = False


def _tmux(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["tmux", *args], input=stdin, capture_output=True, timeout=TMUX_TIMEOUT, check=False
    )


@lru_cache(maxsize=4)
def tmux_clipboard(socket: str) -> TmuxClipboard | None:
    """Ask the tmux server at `socket` (the TMUX variable) for its options; None when it cannot.

    Cached per server: two short commands, once per run. Blocks, so call it off the UI thread.
    """
    del socket  # the key of the cache: tmux itself finds the server through TMUX
    try:
        clipboard = _tmux("show-options", "-gv", "set-clipboard")
        passthrough = _tmux("show-options", "-gv", "allow-passthrough")
    except (OSError, subprocess.SubprocessError):
        return None
    if clipboard.returncode != 0:
        return None
    setting = clipboard.stdout.decode("utf-8", "replace").strip()
    # Before 3.3 the option does not exist (an error) and passthrough is always allowed.
    allowed = passthrough.returncode != 0 or passthrough.stdout.strip() in (b"on", b"all")
    return TmuxClipboard(setting, allowed)


def _load_buffer(text: str, *, forward: bool) -> str | None:
    """Hand `text` to tmux's paste buffer (and the outer terminal when `forward`); None if done."""
    args = ["load-buffer", *(["-w"] if forward else []), "-"]
    try:
        done = _tmux(*args, stdin=text.encode("utf-8", "replace"))
    except (OSError, subprocess.SubprocessError) as error:
        return type(error).__name__
    if done.returncode == 0:
        return None
    return done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"


def copy_route(text: str, what: str, tmux: TmuxClipboard | None, in_tmux: bool) -> CopyResult:
    """Decide how to copy `text` and what to say. Runs tmux commands: call it off the UI thread."""
    sent = f"Sent {what} to the terminal's clipboard (cannot confirm)"
    if not in_tmux:
        return CopyResult(osc52(text, tmux=False), sent)
    if tmux is None:  # tmux did not answer: try both forms, promise nothing
        return CopyResult(osc52(text, tmux=False) + osc52(text, tmux=True), sent)
    if tmux.set_clipboard == "on":
        return CopyResult(osc52(text, tmux=False), sent)
    wrapped = osc52(text, tmux=True) if tmux.allow_passthrough else ""
    forward = tmux.set_clipboard == "external"
    problem = _load_buffer(text, forward=forward)
    if problem is not None:
        if wrapped:
            return CopyResult(wrapped, sent)
        return CopyResult(
            "",
            f"Could not copy {what}: tmux refused it ({problem}). "
            "Run `tmux set -g set-clipboard on`, then press y again.",
            failed=True,
        )
    if forward or wrapped:
        return CopyResult(
            wrapped, f"Copied {what} to tmux's paste buffer; sent to the terminal's clipboard "
            "(cannot confirm)", confirmed=True,
        )
    return CopyResult(
        "", f"Copied {what} to tmux's paste buffer only (tmux's set-clipboard is off)",
        confirmed=True,
    )
