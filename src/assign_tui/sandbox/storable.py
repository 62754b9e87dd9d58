"""What the sandbox agrees to store: every value it accepts must read back.

A write that stores a value no later read can answer breaks the workspace
for everyone (issue 12): so request bodies are parsed strictly here (finite
numbers, valid Unicode) and the fields with room for surprises (timestamps,
metadata) are checked against the limits below before anything is written.
The limits are documented in docs/sandbox.md.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi.exceptions import RequestValidationError

#: A request body larger than this is 413 (a real server's default, nginx's is 1 MiB).
MAX_BODY_BYTES = 1024 * 1024
#: A body whose next bytes do not arrive within this is 408.
BODY_TIMEOUT_SECONDS = 10.0
#: `metadata` at most this deep (objects and lists inside it) and this big as JSON.
METADATA_MAX_DEPTH = 32
METADATA_MAX_BYTES = 64 * 1024

#: RFC 3339 date-time: date, `T`, time, optional fraction, and a zone (`Z` or an offset).
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII)


@dataclass(frozen=True)
class Limits:
    """The request limits of one sandbox; tests may lower them on `SandboxState`."""

    max_body_bytes: int = MAX_BODY_BYTES
    body_timeout: float = BODY_TIMEOUT_SECONDS


class _NotStorable:
    """Stands in for a JSON value the sandbox refuses, until its place is known."""

    def __init__(self, message: str) -> None:
        self.message = message


def _constant(name: str) -> _NotStorable:
    return _NotStorable(f"{name} is not a number: JSON numbers must be finite")


def _float(text: str) -> float | _NotStorable:
    value = float(text)
    if math.isfinite(value):
        return value
    return _NotStorable(f"{text} is too large: JSON numbers must be finite")


def readable(text: str) -> str:
    """`text` with any lone surrogate written as `\\udXXX` (safe to answer and to log)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _unicode_problem(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        return f"not valid Unicode: a lone surrogate \\u{code:04x} at character {error.start}"
    return None


def _find_unstorable(value: Any) -> tuple[tuple[str | int, ...], str] | None:
    """The place and reason of the first value that cannot be stored, or None."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, _NotStorable):
            return path, item.message
        if isinstance(item, str):
            if problem := _unicode_problem(item):
                return path, problem
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                if problem := _unicode_problem(key):
                    return (*path, readable(key)), f"a key is {problem}"
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in reversed(list(enumerate(item))))
    return None


def _body_error(loc: tuple[str | int, ...], message: str, kind: str,
                **ctx: str) -> RequestValidationError:
    error: dict[str, Any] = {"loc": ("body", *loc), "msg": message, "type": kind}
    if ctx:
        error["ctx"] = ctx
    return RequestValidationError([error])


def parse_json_body(raw: bytes) -> Any:
    """The body as JSON, or a 422 naming the field that holds what cannot be stored.

    Stricter than `json.loads`: UTF-8 only, no `NaN`/`Infinity` (nor `1e999`),
    no lone surrogates (`"\\ud800"`) in strings or keys.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _body_error((), f"the body is not UTF-8 (byte {error.start})", "unicode") from None
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float)
    except json.JSONDecodeError as error:
        raise _body_error((error.pos,), "JSON decode error", "json_invalid",
                          error=error.msg) from None
    except RecursionError:
        raise _body_error((), "nested too deeply", "json_invalid") from None
    except ValueError as error:  # an integer of more than 4300 digits
        raise _body_error((), f"not storable: {error}", "json_invalid") from None
    if found := _find_unstorable(value):
        path, message = found
        kind = "unicode" if "Unicode" in message else "finite_number"
        if len(path) > 1:  # the field is the place (the console marks it), the rest is said
            message = f"{_json_path(path)}: {message}"
        raise _body_error(path[:1], message, kind)
    return value


def _json_path(path: tuple[str | int, ...]) -> str:
    """`metadata.score[1]`: where in a field the value sits."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}"
                   for part in path).lstrip(".")


def check_metadata(value: dict[str, Any]) -> dict[str, Any]:
    """`metadata` within `METADATA_MAX_DEPTH` levels and `METADATA_MAX_BYTES` as JSON."""
    stack: list[tuple[int, Any]] = [(1, value)]
    while stack:
        depth, item = stack.pop()
        if depth > METADATA_MAX_DEPTH:
            raise ValueError(f"metadata is nested more than {METADATA_MAX_DEPTH} levels deep")
        if isinstance(item, dict):
            stack.extend((depth + 1, child) for child in item.values())
        elif isinstance(item, list):
            stack.extend((depth + 1, child) for child in item)
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > METADATA_MAX_BYTES:
        raise ValueError(f"metadata is {size} bytes as JSON; at most {METADATA_MAX_BYTES}")
    return value


def check_timestamp(value: Any) -> datetime:
    """An RFC 3339 date-time string with a zone, within years 1-9999 once moved to UTC."""
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("use an RFC 3339 date-time with a zone, e.g. 2026-12-01T09:30:00Z")
    try:
        moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value} is not a real date and time") from None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value} is outside years 1-9999 in UTC") from None
