"""Copy to the operator's own clipboard with OSC 52, through SSH and tmux.

The payload is base64, so nothing from the server reaches the terminal raw.
Inside tmux the sequence is wrapped in tmux's passthrough DCS so it reaches the
outer terminal even where `set-clipboard` is off.
"""

from __future__ import annotations

import base64
import os


def osc52(text: str, *, tmux: bool | None = None) -> str:
    """The escape sequence that puts `text` on the clipboard."""
    payload = base64.b64encode(text.encode("utf-8", "replace")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if tmux if tmux is not None else bool(os.environ.get("TMUX")):
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence
