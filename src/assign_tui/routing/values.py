"""CEL values: the snapshot converted once, plus the two non-values an evaluation can meet.

Values are cel-python's `celtypes`. Beside them:

- `Unknown` stands for what the preview cannot see. It is bound in place of
  each redacted map and keeps its identity through every operation, so a
  result that depends on it says so instead of pretending to be false.
- `CelError` is an evaluation error as a value (CEL's logical operators
  absorb errors when the other side decides). Its message is built here,
  never copied from cel-python, whose error text can dump the whole activation.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from celpy import celtypes

from assign_tui.routing.celmap import CelMap
from assign_tui.routing.model import ReasonKind

REDACTED_MAPS: tuple[str, ...] = ("form_data", "data")
"""Keys of `member` that the snapshot blanks out on purpose (PHI)."""


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value the preview cannot know; `needs` says what it would take, in order."""

    needs: tuple[tuple[ReasonKind, str], ...]

    def merge(self, other: Unknown) -> Unknown:
        if other is self:
            return self
        extra = tuple(n for n in other.needs if n not in self.needs)
        return Unknown(self.needs + extra) if extra else self

    def select(self, key: str | int) -> Unknown:
        """The unknown one level further down, so reasons name the exact path."""
        if len(self.needs) == 1 and self.needs[0][0] is ReasonKind.REDACTED:
            return Unknown(((ReasonKind.REDACTED, join_path(self.needs[0][1], key)),))
        return self


@dataclass(frozen=True, slots=True)
class CelError:
    """An evaluation error carried as a value; `message` is ours, short and safe to show."""

    kind: ReasonKind
    message: str


class Fail(Exception):
    """Raised inside operators and functions; the evaluator turns it into a `CelError`."""

    def __init__(self, kind: ReasonKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class CelType:
    """A CEL type as a value (`type(1) == int`)."""

    name: str


_IDENT = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*\Z")


def join_path(base: str, key: Any) -> str:
    if isinstance(key, str) and _IDENT.match(key):
        return f"{base}.{key}"
    return f"{base}[{display(key)}]"


def article(kind: str) -> str:
    """ "a map", "an int", "null": a type name in a sentence."""
    return "null" if kind == "null" else ("an " if kind[0] in "aeiou" else "a ") + kind


def type_name(value: Any) -> str:
    """CEL's name for the type of a value (bool before int: BoolType subclasses int)."""
    name = _TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "map"
    return type(value).__name__


_TYPE_NAMES: dict[type, str] = {
    celtypes.BoolType: "bool",
    celtypes.IntType: "int",
    celtypes.UintType: "uint",
    celtypes.DoubleType: "double",
    celtypes.StringType: "string",
    celtypes.BytesType: "bytes",
    celtypes.ListType: "list",
    celtypes.MapType: "map",
    CelMap: "map",
    celtypes.TimestampType: "timestamp",
    celtypes.DurationType: "duration",
    CelType: "type",
    type(None): "null",
}

TRUE = celtypes.BoolType(True)
FALSE = celtypes.BoolType(False)


def to_cel(value: Any) -> Any:
    """Context data (JSON-like Python or cel-python values) to the engine's values, once.

    Decided by type, never by truthiness: every boolean becomes the `TRUE` or
    `FALSE` singleton the evaluator tests by identity (a `BoolType(False)` from
    the caller used to count as true in `x && true`), and every map a `CelMap`.
    """
    if value is None:
        return None
    if isinstance(value, bool) or type(value) is celtypes.BoolType:
        return TRUE if value else FALSE
    if type(value) in _PASS_THROUGH:
        return value
    if isinstance(value, int):
        return celtypes.IntType(value)
    if isinstance(value, float):
        return celtypes.DoubleType(value)
    if isinstance(value, str):
        return celtypes.StringType(value)
    if isinstance(value, Mapping):
        return CelMap((to_cel(k), to_cel(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return celtypes.ListType([to_cel(v) for v in value])
    if isinstance(value, bytes):
        return celtypes.BytesType(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return celtypes.TimestampType(value)
    if isinstance(value, datetime.timedelta):
        return celtypes.DurationType(value)
    raise TypeError(f"cannot use a {type(value).__name__} in a CEL context")


_PASS_THROUGH = frozenset(
    {
        celtypes.IntType,
        celtypes.UintType,
        celtypes.DoubleType,
        celtypes.StringType,
        celtypes.BytesType,
        celtypes.TimestampType,
        celtypes.DurationType,
        CelType,
    }
)


class NoOutput(CelMap):
    """`tasks.X.output` of a task that has produced nothing yet: an empty map that knows X.

    Reading a key from it is the error `NOT_YET` ("the intake task has no
    output yet"), which decides BLOCKED rather than INVALID: the server
    answers the same way (docs/routing.md, "Missing output").
    """

    __slots__ = ("task",)

    def __init__(self, task: str) -> None:
        super().__init__()
        self.task = task


def _mark_missing_outputs(tasks: Any) -> Any:
    if not isinstance(tasks, CelMap):
        return tasks
    for key in list(tasks):
        task = tasks[key]
        if not isinstance(task, CelMap):
            continue
        output = task.find(_OUTPUT)[1]
        if type_name(output) == "map" and len(output) == 0:
            tasks = tasks.replacing(key, task.replacing(_OUTPUT, NoOutput(str(key))))
    return tasks


_OUTPUT = celtypes.StringType("output")


def activation(context: Mapping[str, Any], *, redact: bool) -> dict[str, Any]:
    """The variables of one evaluation; with `redact`, the member's PHI maps become `Unknown`.

    A name bound with dots (`a.b.c`) is a variable of its own in CEL; one
    under `member.` is dropped, so the member's data is reached only through
    `member` and its redaction cannot be side-stepped.
    """
    variables = {
        str(name): to_cel(value)
        for name, value in context.items()
        if not str(name).startswith("member.")
    }
    if "tasks" in variables:
        variables["tasks"] = _mark_missing_outputs(variables["tasks"])
    if redact:
        member = variables.get("member")
        if isinstance(member, CelMap):
            for key in REDACTED_MAPS:
                hidden = Unknown(((ReasonKind.REDACTED, f"member.{key}"),))
                member = member.replacing(celtypes.StringType(key), hidden)
            variables["member"] = member
    return variables


def is_redacted(path: str) -> bool:
    """Whether the path is one of the member's PHI maps or lies inside one."""
    return any(
        path == f"member.{key}" or path.startswith((f"member.{key}.", f"member.{key}["))
        for key in REDACTED_MAPS
    )


def holds_redacted(path: str) -> bool:
    """Whether the value at the path contains a PHI map (`member` holds `member.form_data`)."""
    return path == "member"


def display(value: Any, limit: int = 40) -> str:
    """A value as CEL source would spell it, shortened for one line of text."""
    text = _display(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _display(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool) or type(value) is celtypes.BoolType:
        return "true" if value else "false"
    if isinstance(value, celtypes.UintType):
        return f"{int(value)}u"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bytes):
        return "b" + _display(value.decode("utf-8", "replace"))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_display(k)}: {_display(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_display(v) for v in value) + "]"
    if isinstance(value, datetime.datetime):
        return f'timestamp("{value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")}")'
    if isinstance(value, datetime.timedelta):
        return f'duration("{value.total_seconds():g}s")'
    if isinstance(value, CelType):
        return value.name
    return type(value).__name__
