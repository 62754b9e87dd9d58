"""What a crash leaves behind: a short note on the terminal and a private report file.

Textual's own crash screen is a Rich traceback with every frame's local
variables: the modal, the assignment the server sent, a member's form data,
the token. That lands in the terminal's scrollback and any screen share. Here
the terminal gets what failed and where (type, message, file and line) and
the path of a report written to the state directory, readable by the
operator only (0600), where every local variable is named with its type and
never its value.
"""

from __future__ import annotations

import linecache
import os
import platform
import sys
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from rich.text import Text

from assign_tui import __version__
from assign_tui.tui.format import safe

__all__ = ["crash_directory", "crash_notice", "report_text", "write_report"]

MESSAGE_LIMIT = 300
"""Characters of an exception's message shown or written (one line)."""


def crash_directory() -> Path:
    """Where reports go: the platform's state directory for the app (XDG_STATE_HOME on Linux)."""
    from platformdirs import user_state_path

    return user_state_path("assign-tui") / "crashes"


def _original(error: BaseException) -> BaseException:
    """The error a worker raised, rather than Textual's `WorkerFailed` around it."""
    from textual.worker import WorkerFailed

    return error.error if isinstance(error, WorkerFailed) else error


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and the exceptions it was raised from or during, oldest first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return chain[::-1]


def _frames(tb: TracebackType | None) -> Iterator[tuple[str, int, str, dict[str, object]]]:
    for frame, line in traceback.walk_tb(tb):
        yield frame.f_code.co_filename, line, frame.f_code.co_name, frame.f_locals


def _headline(error: BaseException) -> str:
    message = safe(str(error), single_line=True, limit=MESSAGE_LIMIT)
    return f"{type(error).__qualname__}: {message}" if message else type(error).__qualname__


def _short(filename: str) -> str:
    """A frame's file without the install prefix: assign_tui/tui/app.py, textual/screen.py."""
    parts = Path(filename).parts
    for anchor in ("site-packages", "src"):
        if anchor in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(anchor) :])
    return filename


def report_text(error: BaseException, now: datetime | None = None) -> str:
    """The full report: versions, then each traceback with locals named by type only."""
    import textual

    error = _original(error)
    moment = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        "assign-tui crash report",
        f"when: {moment}",
        (
            f"assign-tui {__version__} · textual {textual.__version__} · "
            f"python {platform.python_version()} · {sys.platform}"
        ),
        "Local variables are listed with their types; their values are never written.",
        "",
    ]
    for index, link in enumerate(_chain(error)):
        if index:
            lines += ["", "During or because of the above, this was raised:", ""]
        lines.append("Traceback (most recent call last):")
        for filename, line, function, local_values in _frames(link.__traceback__):
            lines.append(f'  File "{filename}", line {line}, in {function}')
            source = linecache.getline(filename, line).strip()
            if source:
                lines.append(f"    {source}")
            if local_values:
                types = ", ".join(
                    f"{name}: {type(value).__qualname__}"
                    for name, value in sorted(local_values.items())
                )
                lines.append(f"    locals: {types}")
        lines.append(_headline(link))
    return "\n".join(lines) + "\n"


def write_report(error: BaseException, directory: Path | None = None) -> Path:
    """Write the report to a new file only the operator can read; its path. Raises OSError."""
    directory = directory or crash_directory()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = report_text(error).encode("utf-8", "replace")
    for attempt in range(100):
        path = directory / f"crash-{stamp}-{os.getpid()}-{attempt}.txt"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as file:
            file.write(text)
        return path
    raise FileExistsError(f"no free report name in {directory}")


def _where(error: BaseException) -> list[str]:
    """The innermost frame, and the innermost of the console's own code when that differs."""
    frames = [(_short(f), line, fn) for f, line, fn, _ in _frames(error.__traceback__)]
    if not frames:
        return []
    where = [f"at {frames[-1][0]}:{frames[-1][1]} in {frames[-1][2]}"]
    ours = [frame for frame in frames if frame[0].startswith("assign_tui/")]
    if ours and ours[-1] != frames[-1]:
        where.append(f"from {ours[-1][0]}:{ours[-1][1]} in {ours[-1][2]}")
    return where


def crash_notice(error: BaseException, directory: Path | None = None) -> Text:
    """Write the report; what the terminal shows instead of Textual's traceback."""
    original = _original(error)
    try:
        saved = f"The full report (variables by type only) is in {write_report(error, directory)}"
    except OSError as problem:
        saved = f"No report was written: {safe(str(problem), single_line=True)}"
    text = Text("assign-tui stopped on an unexpected error (a bug in the console).\n", style="bold")
    text.append(f"  {_headline(original)}\n")
    for line in _where(original):
        text.append(f"  {line}\n")
    text.append(f"{saved}\nPlease attach it to a bug report.")
    return text
