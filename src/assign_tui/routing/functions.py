"""CEL's standard functions and methods, with the spec's conversions and errors."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import re2
from celpy import celtypes

from assign_tui.routing.model import ReasonKind
from assign_tui.routing.operators import (
    INT_MIN,
    make_duration,
    make_int,
    make_uint,
)
from assign_tui.routing.values import FALSE, TRUE, CelType, Fail, type_name

_INT_TEXT = re.compile(r"[+-]?\d+\Z")
_FLOAT_TEXT = re.compile(
    r"[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)\Z", re.I
)
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?([Zz]|[+-]\d\d:\d\d)\Z"
)
_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS = {
    "ns": Fraction(1, 10**9),
    "us": Fraction(1, 10**6),
    "µs": Fraction(1, 10**6),
    "ms": Fraction(1, 1000),
    "s": Fraction(1),
    "m": Fraction(60),
    "h": Fraction(3600),
}
_BOOL_TEXT = {
    "true": True,
    "True": True,
    "TRUE": True,
    "t": True,
    "1": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "f": False,
    "0": False,
}


def _bad(name: str, value: Any, why: str = "") -> Fail:
    detail = f": {why}" if why else ""
    return Fail(ReasonKind.BAD_VALUE, f"{name}() cannot convert this {type_name(value)}{detail}")


def _nanoseconds() -> Fail:
    """Times here are Python's, microsecond-precise: finer ones are declined, never rounded."""
    return Fail(ReasonKind.UNSUPPORTED_FUNCTION, "a time finer than a microsecond")


def _overload(name: str, *values: Any) -> Fail:
    kinds = ", ".join(type_name(v) for v in values)
    return Fail(ReasonKind.NO_OVERLOAD, f"no function {name}({kinds})")


def to_int(value: Any) -> Any:
    kind = type_name(value)
    if kind in ("int", "uint"):
        return make_int(int(value))
    if kind == "double":
        if math.isnan(value) or not INT_MIN < value < 2.0**63:
            raise Fail(ReasonKind.OUT_OF_RANGE, "int() of a double out of range")
        return make_int(int(value))
    if kind == "string":
        if not _INT_TEXT.match(value):
            raise _bad("int", value, "not an integer")
        return make_int(int(value))
    if kind == "timestamp":
        return make_int(math.floor(value.timestamp()))
    raise _overload("int", value)


def to_uint(value: Any) -> Any:
    kind = type_name(value)
    if kind in ("int", "uint"):
        return make_uint(int(value))
    if kind == "double":
        if math.isnan(value) or not 0 <= value < 2.0**64:
            raise Fail(ReasonKind.OUT_OF_RANGE, "uint() of a double out of range")
        return make_uint(int(value))
    if kind == "string":
        if not _INT_TEXT.match(value):
            raise _bad("uint", value, "not an integer")
        return make_uint(int(value))
    raise _overload("uint", value)


def to_double(value: Any) -> Any:
    kind = type_name(value)
    if kind in ("int", "uint", "double"):
        return celtypes.DoubleType(float(value))
    if kind == "string":
        if not _FLOAT_TEXT.match(value):
            raise _bad("double", value, "not a number")
        return celtypes.DoubleType(float(value))
    raise _overload("double", value)


def to_string(value: Any) -> Any:
    kind = type_name(value)
    if kind == "string":
        return value
    if kind in ("int", "uint"):
        return celtypes.StringType(str(int(value)))
    if kind == "double":
        return celtypes.StringType(format_double(float(value)))
    if kind == "bool":
        return celtypes.StringType("true" if value else "false")
    if kind == "bytes":
        try:
            return celtypes.StringType(bytes(value).decode("utf-8"))
        except UnicodeDecodeError:
            raise _bad("string", value, "not UTF-8") from None
    if kind == "timestamp":
        return celtypes.StringType(format_timestamp(value))
    if kind == "duration":
        return celtypes.StringType(format_duration(value))
    raise _overload("string", value)


def format_double(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def format_timestamp(value: datetime.datetime) -> str:
    utc = value.astimezone(datetime.UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += "." + f"{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def format_duration(value: datetime.timedelta) -> str:
    micros = (value.days * 86400 + value.seconds) * 10**6 + value.microseconds
    seconds = Fraction(micros, 10**6)
    if seconds.denominator == 1:
        return f"{seconds.numerator}s"
    return f"{float(seconds)!r}s"


def to_bytes(value: Any) -> Any:
    kind = type_name(value)
    if kind == "bytes":
        return value
    if kind == "string":
        return celtypes.BytesType(value.encode("utf-8"))
    raise _overload("bytes", value)


def to_bool(value: Any) -> Any:
    kind = type_name(value)
    if kind == "bool":
        return value
    if kind == "string":
        if value not in _BOOL_TEXT:
            raise _bad("bool", value, "not a boolean")
        return TRUE if _BOOL_TEXT[value] else FALSE
    raise _overload("bool", value)


def to_timestamp(value: Any) -> Any:
    kind = type_name(value)
    if kind == "timestamp":
        return value
    if kind == "int":
        try:
            return celtypes.TimestampType(datetime.datetime.fromtimestamp(int(value), datetime.UTC))
        except (OverflowError, ValueError, OSError):
            raise Fail(ReasonKind.OUT_OF_RANGE, "timestamp out of range") from None
    if kind == "string":
        return parse_timestamp(value)
    raise _overload("timestamp", value)


def parse_timestamp(text: str) -> Any:
    match = _TIMESTAMP.match(text)
    if not match:
        raise _bad("timestamp", text, "not an RFC 3339 time")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        if zone in ("Z", "z"):
            tz = datetime.UTC
        else:
            sign = -1 if zone[0] == "-" else 1
            tz = datetime.timezone(
                sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:]))
            )
        digits = (fraction or "0").ljust(9, "0")
        if digits[6:] != "000":
            raise _nanoseconds()
        micros = int(digits[:6])
        local = datetime.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tzinfo=tz
        )
        return celtypes.TimestampType(local.astimezone(datetime.UTC))
    except (ValueError, OverflowError):
        raise _bad("timestamp", text, "no such time") from None


def to_duration(value: Any) -> Any:
    kind = type_name(value)
    if kind == "duration":
        return value
    if kind == "string":
        return parse_duration(value)
    raise _overload("duration", value)


def parse_duration(text: str) -> Any:
    body = text[1:] if text[:1] in "+-" else text
    sign = -1 if text[:1] == "-" else 1
    if body == "0":
        return make_duration(datetime.timedelta(0))
    parts = _DURATION_PART.findall(body)
    if not parts or "".join(n + u for n, u in parts) != body:
        raise _bad("duration", text, "not a duration like 24h or 90m")
    seconds = sum((Fraction(n) * _DURATION_UNITS[u] for n, u in parts), Fraction(0))
    if (seconds * 10**6).denominator != 1:
        raise _nanoseconds()
    micros = int(seconds * 10**6)
    try:
        return make_duration(sign * datetime.timedelta(microseconds=micros))
    except OverflowError:
        raise Fail(ReasonKind.OUT_OF_RANGE, "duration out of range") from None


def size(value: Any) -> Any:
    if type_name(value) in ("string", "bytes", "list", "map"):
        return celtypes.IntType(len(value))
    raise _overload("size", value)


def matches(text: Any, pattern: Any) -> Any:
    if type_name(text) != "string" or type_name(pattern) != "string":
        raise _overload("matches", text, pattern)
    try:
        return TRUE if re2.search(pattern, text) is not None else FALSE
    except re2.error:
        raise Fail(ReasonKind.BAD_VALUE, "matches() got an invalid regular expression") from None


def _string_test(name: str, test: Callable[[str, str], bool]) -> Callable[..., Any]:
    def method(text: Any, other: Any) -> Any:
        if type_name(text) != "string" or type_name(other) != "string":
            raise _overload(name, text, other)
        return TRUE if test(text, other) else FALSE

    return method


def _time_getter(name: str) -> Callable[..., Any]:
    def method(value: Any, *zone: Any) -> Any:
        kind = type_name(value)
        if kind == "timestamp" and len(zone) <= 1 and all(type_name(z) == "string" for z in zone):
            try:
                return celtypes.IntType(getattr(celtypes.TimestampType, name)(value, *zone))
            except Exception:
                raise Fail(ReasonKind.BAD_VALUE, f"{name}() got an unknown time zone") from None
        if kind == "duration" and not zone and name in _DURATION_GETTERS:
            return celtypes.IntType(_duration_part(name, value))
        raise _overload(name, value, *zone)

    return method


def _duration_part(name: str, value: datetime.timedelta) -> int:
    """Whole hours, minutes or seconds; milliseconds is the part below one second."""
    micros = (value.days * 86400 + value.seconds) * 10**6 + value.microseconds
    sign, micros = (-1 if micros < 0 else 1), abs(micros)
    if name == "getMilliseconds":
        return sign * (micros // 1000 % 1000)
    return sign * (micros // {"getHours": 3600, "getMinutes": 60, "getSeconds": 1}[name] // 10**6)


_DURATION_GETTERS = {"getHours", "getMinutes", "getSeconds", "getMilliseconds"}
_TIME_GETTERS = (
    "getFullYear",
    "getMonth",
    "getDate",
    "getDayOfMonth",
    "getDayOfWeek",
    "getDayOfYear",
    *_DURATION_GETTERS,
)

GLOBAL_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "int": to_int,
    "uint": to_uint,
    "double": to_double,
    "string": to_string,
    "bytes": to_bytes,
    "bool": to_bool,
    "timestamp": to_timestamp,
    "duration": to_duration,
    "size": size,
    "matches": matches,
    "dyn": lambda value: value,
    "type": lambda value: CelType(_TYPE_OF.get(type_name(value), type_name(value))),
}
METHODS: dict[str, Callable[..., Any]] = {
    "size": size,
    "matches": matches,
    "contains": _string_test("contains", lambda s, t: t in s),
    "startsWith": _string_test("startsWith", str.startswith),
    "endsWith": _string_test("endsWith", str.endswith),
    **{name: _time_getter(name) for name in _TIME_GETTERS},
}
MACROS = frozenset({"has", "all", "exists", "exists_one", "map", "filter"})
TYPE_IDENTS = frozenset(
    {"int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"}
)
_TYPE_OF: dict[str, str] = {
    "null": "null_type",
    "timestamp": "google.protobuf.Timestamp",
    "duration": "google.protobuf.Duration",
}
