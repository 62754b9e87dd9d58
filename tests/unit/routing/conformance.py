"""Running the CEL specification's conformance cases through the engine, without redaction."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import textproto
from celpy import celtypes

from assign_tui.routing.celmap import CelMap
from assign_tui.routing.hint import evaluate
from assign_tui.routing.model import ReasonKind
from assign_tui.routing.values import FALSE, TRUE, CelError, CelType, Unknown, type_name

DATA = Path(__file__).parents[2] / "cel_spec"
NOT_FOR_CONDITIONS = (
    "TestAllTypes",
    "google.protobuf",
    "cel.expr",
    "NestedTestAllTypes",
    "proto2",
    "proto3",
)
UNDECIDED_KINDS = {ReasonKind.UNSUPPORTED_FUNCTION, ReasonKind.UNSUPPORTED_SYNTAX}


class NotApplicable(Exception):
    """A case about protobuf messages or containers, which task conditions never meet."""


@dataclass(frozen=True)
class Case:
    name: str
    expr: str
    bindings: dict[str, Any]
    expected: Any
    expects_error: bool


class Inexact:
    """An expected time finer than a microsecond: no value the engine gives can match it."""


_WRAPPERS = {
    "Int32Value": celtypes.IntType,
    "Int64Value": celtypes.IntType,
    "UInt32Value": celtypes.UintType,
    "UInt64Value": celtypes.UintType,
    "FloatValue": lambda raw: celtypes.DoubleType(float(raw)),
    "DoubleValue": lambda raw: celtypes.DoubleType(float(raw)),
    "BoolValue": lambda raw: TRUE if raw == "true" else FALSE,
    "StringValue": lambda raw: celtypes.StringType(raw.decode("utf-8")),
    "BytesValue": celtypes.BytesType,
}
"""protobuf's wrapper types, which a JSON context holds as plain values."""


def _value(message: dict[str, list[Any]]) -> Any:
    ((kind, [raw]),) = message.items()
    if kind == "int64_value":
        return celtypes.IntType(int(raw))
    if kind == "uint64_value":
        return celtypes.UintType(int(raw))
    if kind == "double_value":
        return celtypes.DoubleType(float(raw))
    if kind == "string_value":
        return celtypes.StringType(raw.decode("utf-8"))
    if kind == "bytes_value":
        return celtypes.BytesType(raw)
    if kind == "bool_value":
        return TRUE if raw == "true" else FALSE
    if kind == "null_value":
        return None
    if kind == "list_value":
        return celtypes.ListType([_value(v) for v in raw.get("values", [])])
    if kind == "map_value":
        return CelMap((_value(e["key"][0]), _value(e["value"][0])) for e in raw.get("entries", []))
    if kind == "type_value":
        return CelType(raw.decode())
    if kind == "object_value":
        ((type_url, [fields]),) = raw.items()
        return _well_known(type_url.strip("[]").rsplit(".", 1)[-1], fields)
    raise NotApplicable(kind)


def _well_known(name: str, fields: dict[str, list[Any]]) -> Any:
    """The JSON-like protobuf types (`google.protobuf.*`), as a context would hold them."""
    if name not in _WRAPPERS and name not in _JSON_TYPES + _TIME_TYPES:
        raise NotApplicable(name)
    if name in _WRAPPERS:
        raw = fields.get("value", [b"" if name in ("StringValue", "BytesValue") else "0"])[0]
        return _WRAPPERS[name](raw if name != "BytesValue" else bytes(raw))
    if name == "Value":
        return _json(fields)
    if name == "Struct":
        return _json({"struct_value": [fields]})
    if name == "ListValue":
        return _json({"list_value": [fields]})
    seconds, nanos = int(fields.get("seconds", ["0"])[0]), int(fields.get("nanos", ["0"])[0])
    exact = datetime.timedelta(seconds=seconds, microseconds=nanos // 1000)
    if name == "Duration":
        return celtypes.DurationType(exact)
    return celtypes.TimestampType(datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + exact)


_JSON_TYPES = ("Value", "Struct", "ListValue")
_TIME_TYPES = ("Duration", "Timestamp")


def _json(message: dict[str, list[Any]]) -> Any:
    """A `google.protobuf.Value`: null, number, string, bool, struct or list."""
    if not message:
        return None
    ((kind, [raw]),) = message.items()
    if kind == "number_value":
        return celtypes.DoubleType(float(raw))
    if kind == "struct_value":
        return CelMap(
            (celtypes.StringType(f["key"][0].decode()), _json(f["value"][0]))
            for f in raw.get("fields", [])
        )
    if kind == "list_value":
        return celtypes.ListType([_json(v) for v in raw.get("values", [])])
    return _value(message)


def _has_nanoseconds(message: Any) -> bool:
    """Whether an expected value holds a time finer than a microsecond (which we decline)."""
    if isinstance(message, dict):
        nanos = message.get("nanos")
        if nanos and int(nanos[0]) % 1000:
            return True
        return any(_has_nanoseconds(item) for items in message.values() for item in items)
    return False


def load_cases() -> tuple[list[Case], list[str]]:
    """The applicable cases, and the names of those left out as not about task conditions."""
    cases, skipped = [], []
    for path in sorted(DATA.glob("*.textproto")):
        document = textproto.parse(path.read_text(encoding="utf-8"))
        for section in document.get("section", []):
            for test in section.get("test", []):
                name = f"{path.stem}/{section['name'][0].decode()}/{test['name'][0].decode()}"
                expr = test["expr"][0].decode("utf-8")
                try:
                    if "container" in test or any(word in expr for word in NOT_FOR_CONDITIONS):
                        raise NotApplicable("protobuf")
                    if "value" not in test and "eval_error" not in test:
                        raise NotApplicable("no expectation")
                    bindings = {
                        b["key"][0].decode(): _value(b["value"][0]["value"][0])
                        for b in test.get("bindings", [])
                    }
                    expected = _value(test["value"][0]) if "value" in test else None
                    if "value" in test and _has_nanoseconds(test["value"][0]):
                        expected = Inexact()
                except NotApplicable:
                    skipped.append(name)
                    continue
                cases.append(Case(name, expr, bindings, expected, "eval_error" in test))
    return cases, skipped


def same(actual: Any, expected: Any) -> bool:
    """Same CEL type and value; NaN equals NaN here; containers compared item by item."""
    if type_name(actual) != type_name(expected):
        return False
    kind = type_name(actual)
    if kind == "double":
        return (math.isnan(actual) and math.isnan(expected)) or float(actual) == float(expected)
    if kind == "list":
        return len(actual) == len(expected) and all(
            same(a, e) for a, e in zip(actual, expected, strict=True)
        )
    if kind == "map":
        return len(actual) == len(expected) and all(
            expected.find(k)[0] and same(v, expected.find(k)[1]) for k, v in actual.items()
        )
    return bool(actual == expected)


def run(case: Case) -> str:
    """ "pass", "fail" or "undecided" (the engine lacks a function or syntax and says so)."""
    try:
        result = evaluate(case.expr, case.bindings)
    except RecursionError:
        return "fail"
    if isinstance(result, CelError) and result.kind in UNDECIDED_KINDS:
        return "undecided"
    if isinstance(result, Unknown):
        return "undecided"
    if case.expects_error:
        return "pass" if isinstance(result, CelError) else "fail"
    return "pass" if not isinstance(result, CelError) and same(result, case.expected) else "fail"
