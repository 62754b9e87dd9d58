"""String and bytes literals decoded exactly as the CEL language definition says.

cel-python's helpers keep `\\?`, `` \\` `` and `\\X41` as text and drop a raw
line feed inside `'''...'''`, so `'\\?' == '?'` came out false. This module
follows the escape table of the language definition (`doc/langdef.md`,
"String and Bytes Values") and cel-go's lexer:

- `\\a \\b \\f \\n \\r \\t \\v \\\\ \\' \\" \\` \\?`;
- `\\xHH` and `\\XHH`, `\\ooo` (first digit 0 to 3): a code point in a
  string, a byte in bytes;
- `\\uHHHH` and `\\UHHHHHHHH`: a code point (never a surrogate), strings only;
- a raw literal (`r'...'`) keeps every backslash; a single-quoted one holds
  no raw line feed or carriage return; a triple-quoted one keeps them.

Anything else after a backslash is a parse error, as in CEL.
"""

from __future__ import annotations

import re

_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "`": "`",
    "?": "?",
}
_ESCAPE = re.compile(
    r"""\\(?:
        (?P<simple>[abfnrtv\\'"`?])
      | [xX](?P<hex>[0-9a-fA-F]{2})
      | (?P<octal>[0-3][0-7]{2})
      | u(?P<u4>[0-9a-fA-F]{4})
      | U(?P<u8>[0-9a-fA-F]{8})
    )""",
    re.VERBOSE,
)
_PREFIX = re.compile(r"(?P<bytes>[bB]?)(?P<raw>[rR]?)(?P<quote>'''|\"\"\"|'|\")")


class BadLiteral(ValueError):
    """The literal is not valid CEL; the message says why, without echoing its text."""


def decode_literal(token: str) -> str | bytes:
    """The value of one string or bytes literal token, prefix and quotes included."""
    match = _PREFIX.match(token)
    if match is None or len(token) < match.end() + len(match["quote"]):
        raise BadLiteral("not a string literal")
    quote = match["quote"]
    if not token.endswith(quote):
        raise BadLiteral("the string is not closed")
    body = token[match.end() : len(token) - len(quote)]
    is_bytes, raw = bool(match["bytes"]), bool(match["raw"])
    if raw:
        _check_plain(body, quote)
        return _utf8(body) if is_bytes else body
    return _unescape(body, quote, is_bytes)


def _check_plain(text: str, quote: str) -> None:
    """Unescaped text holds no closing quote, nor a line break unless triple-quoted."""
    if quote in text or (len(quote) == 1 and ("\n" in text or "\r" in text)):
        raise BadLiteral("the string is not closed where it should be")


def _unescape(body: str, quote: str, is_bytes: bool) -> str | bytes:
    pieces: list[bytes] = []
    text: list[str] = []
    position = 0
    while True:
        slash = body.find("\\", position)
        chunk = body[position:] if slash < 0 else body[position:slash]
        _check_plain(chunk, quote)
        if is_bytes:
            pieces.append(_utf8(chunk))
        else:
            text.append(chunk)
        if slash < 0:
            break
        escape = _ESCAPE.match(body, slash)
        if escape is None:
            raise BadLiteral(f"invalid escape sequence at offset {slash}")
        if is_bytes:
            pieces.append(_escaped_byte(escape))
        else:
            text.append(_escaped_char(escape))
        position = escape.end()
    return b"".join(pieces) if is_bytes else "".join(text)


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadLiteral("the bytes literal holds an unpaired surrogate") from None


def _escaped_char(escape: re.Match[str]) -> str:
    if escape["simple"] is not None:
        return _SIMPLE[escape["simple"]]
    if escape["hex"] is not None:
        return chr(int(escape["hex"], 16))
    if escape["octal"] is not None:
        return chr(int(escape["octal"], 8))
    code = int(escape["u4"] or escape["u8"], 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise BadLiteral("invalid unicode code point")
    return chr(code)


def _escaped_byte(escape: re.Match[str]) -> bytes:
    if escape["simple"] is not None:
        return _SIMPLE[escape["simple"]].encode("ascii")
    if escape["hex"] is not None:
        return bytes([int(escape["hex"], 16)])
    if escape["octal"] is not None:
        return bytes([int(escape["octal"], 8)])
    raise BadLiteral("\\u and \\U escapes are not allowed in bytes literals")
