"""CEL's operators as the specification defines them.

cel-python raises where the spec answers: `2 == 2.0` and `null == "x"` are
errors there, but `true` and `false` in CEL. These functions take known
values (never `Unknown` or `CelError`, except `equals`, whose answer can be
unknown inside lists and maps) and raise `Fail` for an error.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from celpy import celtypes

from assign_tui.routing.model import ReasonKind
from assign_tui.routing.values import FALSE, TRUE, Fail, Unknown, article, type_name

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
UINT_MAX = 2**64 - 1
NUMERIC = frozenset({"int", "uint", "double"})
ORDERED = frozenset({"string", "bytes", "bool", "timestamp", "duration"})
MAX_DURATION_NANOS = 2**63 - 1
"""cel-go's durations are Go's: int64 nanoseconds, about 292 years either way."""


def no_overload(op: str, *values: Any) -> Fail:
    kinds = " and ".join(type_name(v) for v in values)
    return Fail(ReasonKind.NO_OVERLOAD, f"no operator {op} for {kinds}")


def equals(a: Any, b: Any) -> Any:
    """Heterogeneous equality: different types are unequal, numbers compare by value."""
    if isinstance(a, Unknown):
        return a.merge(b) if isinstance(b, Unknown) else a
    if isinstance(b, Unknown):
        return b
    ta, tb = type_name(a), type_name(b)
    if ta in NUMERIC and tb in NUMERIC:
        x, y = _numbers(a, b)
        return TRUE if x == y else FALSE
    if ta != tb:
        return FALSE
    if ta == "list":
        if len(a) != len(b):
            return FALSE
        return _all_equal(zip(a, b, strict=True))
    if ta == "map":
        if len(a) != len(b):
            return FALSE
        pairs = []
        for key, value in a.items():
            found, other = map_lookup(b, key)
            if not found:
                return FALSE
            pairs.append((value, other))
        return _all_equal(pairs)
    if ta == "double":
        return TRUE if float(a) == float(b) else FALSE
    return TRUE if a == b else FALSE


def _all_equal(pairs: Any) -> Any:
    unknown: Unknown | None = None
    for x, y in pairs:
        same = equals(x, y)
        if same is FALSE:
            return FALSE
        if isinstance(same, Unknown):
            unknown = same if unknown is None else unknown.merge(same)
    return unknown if unknown is not None else TRUE


def _number(value: Any) -> int | float:
    return float(value) if type_name(value) == "double" else int(value)


def _numbers(a: Any, b: Any) -> tuple[int | float, int | float]:
    """Integers compare exactly; against a double, as doubles (cel-go's lossy rule)."""
    x, y = _number(a), _number(b)
    if isinstance(x, float) or isinstance(y, float):
        return float(x), float(y)
    return x, y


def compare(op: str, a: Any, b: Any) -> Any:
    """`<`, `<=`, `>`, `>=`: numbers across types, otherwise the same type only."""
    ta, tb = type_name(a), type_name(b)
    if ta in NUMERIC and tb in NUMERIC:
        x, y = _numbers(a, b)
    elif ta == tb and ta in ORDERED:
        x, y = a, b
    else:
        raise no_overload(op, a, b)
    if op == "<":
        result = x < y
    elif op == "<=":
        result = x <= y
    elif op == ">":
        result = x > y
    else:
        result = x >= y
    return TRUE if result else FALSE


def make_int(value: int) -> celtypes.IntType:
    if not INT_MIN <= value <= INT_MAX:
        raise Fail(ReasonKind.OUT_OF_RANGE, "integer overflow")
    return celtypes.IntType(value)


def make_uint(value: int) -> celtypes.UintType:
    if not 0 <= value <= UINT_MAX:
        raise Fail(ReasonKind.OUT_OF_RANGE, "unsigned integer overflow")
    return celtypes.UintType(value)


def make_timestamp(value: datetime.datetime) -> celtypes.TimestampType:
    if isinstance(value, celtypes.TimestampType):
        return value
    return celtypes.TimestampType(value)


def make_duration(value: datetime.timedelta) -> celtypes.DurationType:
    micros = (value.days * 86400 + value.seconds) * 10**6 + value.microseconds
    if abs(micros) * 1000 > MAX_DURATION_NANOS:
        raise Fail(ReasonKind.OUT_OF_RANGE, "duration out of range")
    return celtypes.DurationType(value)


def arithmetic(op: str, a: Any, b: Any) -> Any:
    """`+ - * / %` for the overloads CEL declares, with int64/uint64 overflow checks."""
    ta, tb = type_name(a), type_name(b)
    try:
        if ta == tb == "int":
            return make_int(_int_op(op, int(a), int(b)))
        if ta == tb == "uint":
            return make_uint(_uint_op(op, int(a), int(b)))
        if ta == tb == "double" and op in "+-*/":
            return celtypes.DoubleType(_float_op(op, float(a), float(b)))
        if op == "+":
            if ta == tb and ta in ("string", "bytes", "list"):
                return type(a)(a + b) if ta != "list" else celtypes.ListType([*a, *b])
            if ta == "timestamp" and tb == "duration":
                return make_timestamp(datetime.datetime.__add__(a, b))
            if ta == "duration" and tb == "timestamp":
                return make_timestamp(datetime.datetime.__add__(b, a))
            if ta == tb == "duration":
                return make_duration(datetime.timedelta.__add__(a, b))
        if op == "-":
            if ta == tb == "timestamp":
                return make_duration(datetime.datetime.__sub__(a, b))
            if ta == "timestamp" and tb == "duration":
                return make_timestamp(datetime.datetime.__sub__(a, b))
            if ta == tb == "duration":
                return make_duration(datetime.timedelta.__sub__(a, b))
    except OverflowError:
        raise Fail(ReasonKind.OUT_OF_RANGE, "timestamp out of range") from None
    raise no_overload(op, a, b)


_BY_ZERO = {"/": "division by zero", "%": "modulus by zero"}


def _int_op(op: str, x: int, y: int) -> int:
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if y == 0:
        raise Fail(ReasonKind.DIVISION_BY_ZERO, _BY_ZERO[op])
    quotient = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
    return quotient if op == "/" else x - quotient * y


def _uint_op(op: str, x: int, y: int) -> int:
    if op in "/%" and y == 0:
        raise Fail(ReasonKind.DIVISION_BY_ZERO, _BY_ZERO[op])
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    return x // y if op == "/" else x % y


def _float_op(op: str, x: float, y: float) -> float:
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if y == 0.0:
        if x == 0.0 or math.isnan(x):
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


def negate(a: Any) -> Any:
    kind = type_name(a)
    if kind == "int":
        return make_int(-int(a))
    if kind == "double":
        return celtypes.DoubleType(-float(a))
    raise Fail(ReasonKind.NO_OVERLOAD, f"no operator - for {kind}")


KEY_TYPES = frozenset({"int", "uint", "bool", "string"})


def map_lookup(mapping: Any, key: Any) -> tuple[bool, Any]:
    """Find a key the way CEL does: `{1: x}[1u]` and `{1: x}[1.0]` find `x`, `{1: x}[true]` not."""
    if type_name(key) not in KEY_TYPES and type_name(key) != "double":
        raise Fail(ReasonKind.NO_OVERLOAD, f"a map key cannot be {article(type_name(key))}")
    found: tuple[bool, Any] = mapping.find(key)
    return found


def contains(container: Any, item: Any) -> Any:
    """`item in container` for lists (by equality) and maps (by key)."""
    kind = type_name(container)
    if kind == "map":
        if type_name(item) not in KEY_TYPES | {"double"}:
            return FALSE
        return TRUE if map_lookup(container, item)[0] else FALSE
    if kind == "list":
        unknown: Unknown | None = None
        for element in container:
            same = equals(element, item)
            if same is TRUE:
                return TRUE
            if isinstance(same, Unknown):
                unknown = same if unknown is None else unknown.merge(same)
        return unknown if unknown is not None else FALSE
    raise no_overload("in", item, container)
