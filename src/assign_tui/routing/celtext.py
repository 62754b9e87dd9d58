"""Engine values written back as CEL source that parses to exactly the same value.

A residual folds the values the preview can see into its text, so the text
must mean the same thing to the server: `1u` stays a uint, `2.0` a double,
a string keeps every character (control characters escaped, so no terminal
escape sequence ever reaches the screen), a time keeps its microseconds.
A value with no faithful spelling raises `NotSpellable`; the caller then
gives up on the residual rather than approximate it.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from typing import Any

from assign_tui.routing.functions import TYPE_IDENTS, format_timestamp
from assign_tui.routing.values import CelType, type_name

TERNARY, OR, AND, RELATION, ADDITION, MULTIPLICATION, UNARY, MEMBER = range(8)
"""Precedence levels of CEL's grammar, loosest first; `MEMBER` covers primaries too."""


class NotSpellable(Exception):
    """The value has no exact CEL literal (an error, an unknown, a surrogate, a message type)."""


def spell(value: Any) -> tuple[str, int]:
    """The literal for a known value, and its precedence (a negative number is unary)."""
    kind = type_name(value)
    if kind == "null":
        return "null", MEMBER
    if kind == "bool":
        return ("true" if value else "false"), MEMBER
    if kind == "int":
        return str(int(value)), (UNARY if value < 0 else MEMBER)
    if kind == "uint":
        return f"{int(value)}u", MEMBER
    if kind == "double":
        return _double(float(value))
    if kind == "string":
        return _string(str(value)), MEMBER
    if kind == "bytes":
        return "b" + _bytes(bytes(value)), MEMBER
    if kind == "list":
        return "[" + ", ".join(spell(item)[0] for item in value) + "]", MEMBER
    if kind == "map" and isinstance(value, Mapping):
        pairs = (f"{spell(k)[0]}: {spell(v)[0]}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}", MEMBER
    if kind == "timestamp":
        return f'timestamp("{format_timestamp(value)}")', MEMBER
    if kind == "duration":
        return f'duration("{_seconds(value)}s")', MEMBER
    if kind == "type" and isinstance(value, CelType) and value.name in TYPE_IDENTS:
        return value.name, MEMBER
    raise NotSpellable(kind)


def _double(value: float) -> tuple[str, int]:
    if math.isnan(value):
        return 'double("NaN")', MEMBER
    if math.isinf(value):
        return ('double("Infinity")' if value > 0 else 'double("-Infinity")'), MEMBER
    text = repr(value)
    if "." not in text and "e" not in text:
        text += ".0"
    return text, (UNARY if text.startswith("-") else MEMBER)


def _string(text: str) -> str:
    out = ['"']
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            raise NotSpellable("a lone surrogate")
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char.isprintable() or char == " ":
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _bytes(data: bytes) -> str:
    out = ['"']
    for byte in data:
        char = chr(byte)
        if char in '\\"':
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    out.append('"')
    return "".join(out)


def _seconds(value: datetime.timedelta) -> str:
    """Exact seconds, microseconds included: `90s`, `-1.5s`, `0.000001s`."""
    micros = (value.days * 86400 + value.seconds) * 10**6 + value.microseconds
    sign, micros = ("-" if micros < 0 else ""), abs(micros)
    whole, fraction = divmod(micros, 10**6)
    return f"{sign}{whole}" + (f".{fraction:06d}".rstrip("0") if fraction else "")


def wrap(text: str, precedence: int, needed: int) -> str:
    """Parenthesise `text` when it binds more loosely than its position needs."""
    return text if precedence >= needed else f"({text})"
