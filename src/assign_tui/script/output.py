"""What the script commands print: aligned tables for people, JSON, JSON lines and CSV for programs.

Every string from the server goes through `safe()` before it reaches a table or
a CSV cell, and the JSON escapes what a terminal would act on, so no server
text can move the cursor, set a title or reorder a line. Errors go to stderr.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Literal

from rich.cells import cell_len, set_cell_size

from assign_tui.api.errors import ApiError
from assign_tui.tui.format import PRIORITY_STYLE, STATUS_STYLE, safe

__all__ = [
    "Column",
    "Format",
    "Table",
    "csv_writer",
    "dumps",
    "print_error",
    "status_cell",
    "priority_cell",
    "use_colour",
]

Format = Literal["table", "json", "jsonl", "csv"]

# What JSON leaves raw and a terminal would act on: DEL, C1 controls (0x9b is CSI),
# bidi marks, embeddings, overrides and isolates, line and paragraph separators.
_TERMINAL_ACTIVE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# Cells a spreadsheet would run as a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_COLOURS = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33"}
_STATUS_COLOUR = {"active": "bold green", "paused": "yellow", "failed": "bold red",
                  "cancelled": "dim red", "completed": "dim", "skipped": "dim"}
_PRIORITY_COLOUR = {"high": "bold yellow", "urgent": "bold red", "low": "dim"}


def dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON text that is safe to print on a terminal and still the same JSON.

    Those characters can only occur inside strings, where `\\uXXXX` means the same.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent,
                      separators=None if indent else (",", ":"))
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def use_colour(stream: IO[str]) -> bool:
    """Colours only for a person at a terminal, and never with `NO_COLOR` (no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _paint(text: str, style: str, colour: bool) -> str:
    codes = ";".join(_COLOURS[word] for word in style.split() if word in _COLOURS)
    return f"\x1b[{codes}m{text}\x1b[0m" if colour and codes and text.strip() else text


@dataclass(frozen=True)
class Column:
    """A table column: its heading, the widest it may grow, and how to style a cell."""

    heading: str
    max_width: int = 40
    style: Callable[[str], str] = lambda _cell: ""


def status_cell(status: str) -> str:
    """Symbol and word, as on screen: readable without colour."""
    return f"{STATUS_STYLE.get(status, ('?', ''))[0]} {safe(status, single_line=True)}"


def priority_cell(priority: str) -> str:
    return f"{PRIORITY_STYLE.get(priority, ('?', ''))[0]} {safe(priority, single_line=True)}"


def status_style(cell: str) -> str:
    return _STATUS_COLOUR.get(cell.partition(" ")[2], "")


def priority_style(cell: str) -> str:
    return _PRIORITY_COLOUR.get(cell.partition(" ")[2], "")


def _fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    return set_cell_size(text, width - 1) + "…"


class Table:
    """An aligned table written a batch at a time.

    The first batch sets the column widths (each at most its `max_width`); later
    batches are clipped to them, so `ls --all` streams without holding every row.
    """

    def __init__(self, columns: Sequence[Column], out: IO[str] | None = None) -> None:
        self.columns = columns
        self.out = out or sys.stdout
        self.colour = use_colour(self.out)
        self.widths: list[int] | None = None

    def write(self, rows: Iterable[Sequence[object]]) -> None:
        cleaned = [[safe(cell, single_line=True) for cell in row] for row in rows]
        if self.widths is None:
            self.widths = [
                min(column.max_width, max([cell_len(column.heading)]
                                          + [cell_len(row[index]) for row in cleaned]))
                for index, column in enumerate(self.columns)
            ]
            self._line([column.heading for column in self.columns], heading=True)
        for row in cleaned:
            self._line(row)
        self.out.flush()

    def _line(self, cells: Sequence[str], *, heading: bool = False) -> None:
        assert self.widths is not None
        parts = []
        last = len(cells) - 1
        columns = zip(cells, self.widths, self.columns, strict=True)
        for index, (cell, width, column) in enumerate(columns):
            text = _fit(cell, width) if index < last or cell_len(cell) > width else cell
            parts.append(_paint(text, "bold" if heading else column.style(cell), self.colour))
        self.out.write("  ".join(parts).rstrip() + "\n")


def pairs(rows: Iterable[tuple[str, object]], out: IO[str] | None = None) -> None:
    """`name  value` lines for one object (get, current): names aligned, values made safe."""
    out = out or sys.stdout
    listed = [(name, safe(value if value is not None else "—")) for name, value in rows]
    width = max((len(name) for name, _ in listed), default=0)
    colour = use_colour(out)
    for name, value in listed:
        lines = value.split("\n")
        body = "\n".join([lines[0], *(f"{'':{width}}  {line}".rstrip() for line in lines[1:])])
        out.write(f"{_paint(name.ljust(width), 'bold', colour)}  {body}".rstrip(" ") + "\n")


def _csv_cell(value: object) -> object:
    if isinstance(value, str):
        value = safe(value)
        if value.startswith(_FORMULA_START):
            return "'" + value  # shown as text by a spreadsheet, never run
    return "" if value is None else value


def csv_writer(
    headings: Sequence[str], out: IO[str] | None = None
) -> Callable[[Iterable[Sequence[object]]], None]:
    """A function that writes rows as RFC 4180 CSV, after one heading row."""
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(headings)

    def write(rows: Iterable[Sequence[object]]) -> None:
        writer.writerows([_csv_cell(value) for value in row] for row in rows)

    return write


def error_object(error: ApiError | str, code: int, **extra: Any) -> dict[str, Any]:
    """An error as JSON: what `--json` prints on stderr."""
    if isinstance(error, ApiError):
        body: dict[str, Any] = {"type": type(error).__name__, "status": error.status,
                                "message": error.message}
        fields = getattr(error, "field_errors", None)
        if fields:
            body["fields"] = fields
    else:
        body = {"type": "UsageError" if code == 2 else "Error", "status": None, "message": error}
    return {**extra, "error": {**body, "exitCode": code}}


def print_error(error: ApiError | str, code: int, *, as_json: bool, **extra: Any) -> None:
    """One line on stderr: `assign-tui: <what happened>`, or the error as a JSON object."""
    if as_json:
        print(dumps(error_object(error, code, **extra)), file=sys.stderr)
        return
    message = error.message if isinstance(error, ApiError) else error
    prefix = "".join(f"{value}: " for value in extra.values())
    print(f"assign-tui: {safe(prefix + message, single_line=True)}", file=sys.stderr)
