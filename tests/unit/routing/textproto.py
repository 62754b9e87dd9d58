"""Just enough of the protobuf text format to read the CEL conformance files.

Every field maps to a list of values (fields may repeat); a message is a dict.
Strings are returned as raw bytes, as the format defines them; callers decode.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(
    r"""\s+|\#[^\n]*
    |(?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
    |(?P<ext>\[[^\]]*\])
    |(?P<word>[-+]?[A-Za-z0-9_.+-]+)
    |(?P<punct>[:{}<>\[\],;])""",
    re.VERBOSE,
)
_ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_SIMPLE = {
    b"n": b"\n",
    b"t": b"\t",
    b"r": b"\r",
    b"a": b"\a",
    b"b": b"\b",
    b"f": b"\f",
    b"v": b"\v",
    b"\\": b"\\",
    b"'": b"'",
    b'"': b'"',
    b"?": b"?",
}


def _unescape(body: str) -> bytes:
    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1] == b"x":
            return bytes([int(code[1:], 16)])
        if code[:1] in b"01234567" and code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        if code[:1] in (b"u", b"U"):
            return chr(int(code[1:], 16)).encode("utf-8")
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, body.encode("utf-8"))


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ValueError(
                f"cannot read textproto at {position}: {text[position : position + 20]!r}"
            )
        position = match.end()
        kind = match.lastgroup
        if kind is not None:
            out.append((kind, match.group(kind)))
    return out


def parse(text: str) -> dict[str, list[Any]]:
    tokens = _tokens(text)
    message, end = _message(tokens, 0, None)
    assert end == len(tokens)
    return message


def _message(
    tokens: list[tuple[str, str]], i: int, close: str | None
) -> tuple[dict[str, list[Any]], int]:
    fields: dict[str, list[Any]] = {}
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "punct" and value == close:
            return fields, i + 1
        if kind == "punct" and value in ",;":
            i += 1
            continue
        name = value
        i += 1
        if tokens[i] == ("punct", ":"):
            i += 1
        kind, value = tokens[i]
        if kind == "punct" and value in "{<":
            item, i = _message(tokens, i + 1, "}" if value == "{" else ">")
            fields.setdefault(name, []).append(item)
        elif kind == "punct" and value == "[":
            i += 1
            while tokens[i] != ("punct", "]"):
                if tokens[i][1] != ",":
                    item, i = _scalar(tokens, i)
                    fields.setdefault(name, []).append(item)
                else:
                    i += 1
            i += 1
        else:
            item, i = _scalar(tokens, i)
            fields.setdefault(name, []).append(item)
    if close is not None:
        raise ValueError("unclosed message")
    return fields, i


def _scalar(tokens: list[tuple[str, str]], i: int) -> tuple[Any, int]:
    kind, value = tokens[i]
    if kind == "string":
        raw = b""
        while i < len(tokens) and tokens[i][0] == "string":
            raw += _unescape(tokens[i][1][1:-1])
            i += 1
        return raw, i
    return value, i + 1
