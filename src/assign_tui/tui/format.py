"""Turning server data into inert, readable text.

Everything the server sends passes through `safe()` before it reaches a
widget: no Rich or Textual markup is interpreted (callers build `Text` or
`Content` objects, never markup strings), and no control character reaches the
terminal. Control characters become visible stand-ins so an operator can still
see that something odd was sent.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from rich.text import Text

from assign_tui.routing.model import MEMBER_VALUE_MASK

__all__ = [
    "PRIORITY_STYLE",
    "STATUS_STYLE",
    "badge",
    "clip",
    "relative_time",
    "safe",
    "short_time",
]

# C0 controls (but tab and newline), DEL, C1 controls, bidi embeddings,
# overrides and isolates, and lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\ud800-\udfff]"
)


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "␡"
    return "\ufffd"


#: Caps for server text shown in full on a screen (names; notes, descriptions, instructions):
#: a hostile or broken server can send megabytes, which would freeze the rendering.
NAME_LIMIT = 300
TEXT_LIMIT = 20_000


def safe(text: object, *, single_line: bool = False, limit: int | None = None) -> str:
    """`text` with every control character replaced by a visible stand-in.

    With `limit`, at most that many characters, then a note of how many were left out.
    """
    value = text if isinstance(text, str) else "" if text is None else str(text)
    if limit is not None and len(value) > limit:
        value = f"{value[:limit]} … ({len(value) - limit:,} more characters)"
    value = _UNSAFE.sub(_stand_in, value)
    if single_line:
        value = value.replace("\t", " ").replace("\n", "⏎ ")
    return value


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


STATUS_STYLE = {
    "pending": ("○", "status-pending"),
    "active": ("●", "status-active"),
    "paused": ("‖", "status-paused"),
    "completed": ("✓", "status-completed"),
    "cancelled": ("✗", "status-cancelled"),
    "failed": ("!", "status-failed"),
    "skipped": ("»", "status-skipped"),
}

PRIORITY_STYLE = {
    "low": ("↓", "priority-low"),
    "normal": ("·", "priority-normal"),
    "high": ("↑", "priority-high"),
    "urgent": ("‼", "priority-urgent"),
}

# Rich styles for table cells (CSS classes cannot style DataTable cells).
_CELL_STYLES = {
    "status-pending": "",
    "status-active": "bold green",
    "status-paused": "yellow",
    "status-completed": "dim",
    "status-cancelled": "dim red",
    "status-failed": "bold red",
    "status-skipped": "dim",
    "priority-low": "dim",
    "priority-normal": "",
    "priority-high": "bold yellow",
    "priority-urgent": "bold red",
}


def badge(value: str, table: dict[str, tuple[str, str]]) -> Text:
    """A status or priority as symbol + word: coloured, and readable without colour."""
    symbol, style_name = table.get(value, ("?", ""))
    return Text(f"{symbol} {safe(value, single_line=True)}", style=_CELL_STYLES.get(style_name, ""))


def relative_time(moment: datetime | None, now: datetime) -> str:
    """'5m ago', 'in 3d': short enough for a table column."""
    if moment is None:
        return "—"
    seconds = (moment - now).total_seconds()
    future = seconds > 0
    seconds = abs(seconds)
    for size, unit in ((86400 * 365, "y"), (86400 * 30, "mo"), (86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            amount = f"{int(seconds // size)}{unit}"
            break
    else:
        return "just now" if seconds < 30 else ("in <1m" if future else "<1m ago")
    return f"in {amount}" if future else f"{amount} ago"


def short_time(moment: datetime | None) -> str:
    """An absolute UTC time as the operator reads it: 2026-11-29 07:00 UTC."""
    if moment is None:
        return "—"
    moment = moment.astimezone(UTC)
    return f"{moment.year:04d}-{moment:%m-%d %H:%M} UTC"  # %Y writes year 999 as "999"


def utc_now() -> datetime:
    return datetime.now(UTC)


#: What privacy mode shows instead of a private value (see tui/privacy.py).
MASK = MEMBER_VALUE_MASK
