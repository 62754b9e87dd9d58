"""String and bytes literals, decoded by the language definition's escape table (issue 13).

Each escape is tried in every quoting (`'…'`, `"…"`, `'''…'''`, `\"\"\"…\"\"\"`), as a
string and as bytes, through the whole engine: the parser builds the literal and
`evaluate` returns it. cel-python's own helpers kept `\\?`, `` \\` `` and `\\X41`
as text and dropped a raw line feed in a triple-quoted string.
"""

from __future__ import annotations

import pytest
from routing_fixtures import SNAPSHOT

from assign_tui.routing import Outcome, ReasonKind, evaluate_condition, routing_hint
from assign_tui.routing.hint import evaluate
from assign_tui.routing.values import CelError

ESCAPES = [
    ("\\a", "\a"),
    ("\\b", "\b"),
    ("\\f", "\f"),
    ("\\n", "\n"),
    ("\\r", "\r"),
    ("\\t", "\t"),
    ("\\v", "\v"),
    ("\\\\", "\\"),
    ("\\'", "'"),
    ('\\"', '"'),
    ("\\`", "`"),
    ("\\?", "?"),
    ("\\x41", "A"),
    ("\\X41", "A"),
    ("\\x4b", "K"),
    ("\\XfF", "\xff"),
    ("\\101", "A"),
    ("\\000", "\0"),
    ("\\377", "\xff"),
]
UNICODE_ESCAPES = [("\\u00e9", "é"), ("\\u01aB", "\u01ab"), ("\\U0001F600", "\U0001f600")]
QUOTES = ["'", '"', "'''", '"""']


def _value(source: str) -> object:
    value = evaluate(source, {})
    assert not isinstance(value, CelError), value
    return value


@pytest.mark.parametrize("quote", QUOTES)
@pytest.mark.parametrize(("escape", "char"), ESCAPES + UNICODE_ESCAPES)
def test_string_escapes(quote: str, escape: str, char: str) -> None:
    assert _value(f"{quote}<{escape}>{quote}") == f"<{char}>"


@pytest.mark.parametrize("quote", QUOTES)
@pytest.mark.parametrize(("escape", "char"), ESCAPES)
def test_bytes_escapes_give_bytes(quote: str, escape: str, char: str) -> None:
    assert _value(f"b{quote}<{escape}>{quote}") == b"<" + bytes([ord(char)]) + b">"


@pytest.mark.parametrize("quote", QUOTES)
@pytest.mark.parametrize("escape", ["\\u00e9", "\\U0001F600"])
def test_bytes_refuse_unicode_escapes(quote: str, escape: str) -> None:
    hint = evaluate_condition(f"b{quote}{escape}{quote} == b''", {})
    assert (hint.outcome, hint.kind) == (Outcome.INVALID, ReasonKind.PARSE_ERROR)


@pytest.mark.parametrize("quote", QUOTES)
@pytest.mark.parametrize(
    "body", ["\\q", "\\x4", "\\xZZ", "\\400", "\\19", "\\u12", "\\uD800", "\\U00110000", "\\ "]
)
def test_an_invalid_escape_is_a_parse_error(quote: str, body: str) -> None:
    for prefix in ("", "b"):
        hint = routing_hint(f"{prefix}{quote}{body}{quote} == {prefix}''", SNAPSHOT)
        assert (hint.outcome, hint.kind) == (Outcome.INVALID, ReasonKind.PARSE_ERROR), prefix
        assert "bad string literal at column 1" in hint.reason


@pytest.mark.parametrize("quote", ["'''", '"""'])
def test_triple_quoted_literals_keep_raw_line_feeds(quote: str) -> None:
    assert _value(f"{quote}a\nb\r\nc{quote}") == "a\nb\r\nc"
    assert _value(f"b{quote}a\nb{quote}") == b"a\nb"


@pytest.mark.parametrize("quote", QUOTES)
def test_raw_literals_keep_every_backslash(quote: str) -> None:
    assert _value(f"r{quote}\\n\\?\\x41\\q{quote}") == "\\n\\?\\x41\\q"
    assert _value(f"R{quote}\\u00e9{quote}") == "\\u00e9"
    assert _value(f"br{quote}\\n\\u00e9{quote}") == b"\\n\\u00e9"


def test_bytes_literals_encode_plain_text_as_utf8_and_escapes_as_bytes() -> None:
    assert _value("b'é\\xff\\303\\251'") == "é".encode() + b"\xff" + "é".encode()
    assert _value("'\\303\\251'") == "Ã©"


@pytest.mark.parametrize(
    "condition",
    [
        "'\\?' == '?'",
        "'\\`' == '`'",
        "'\\X41' == 'A'",
        "'''a\nb''' == 'a\\nb'",
        'b"\\X41" == b"A"',
        "size('''\n''') == 1",
    ],
)
def test_the_issue_conditions_are_eligible_in_preview_and_at_the_server(condition: str) -> None:
    assert routing_hint(condition, SNAPSHOT).outcome is Outcome.ELIGIBLE
    assert evaluate_condition(condition, SNAPSHOT).outcome is Outcome.ELIGIBLE


@pytest.mark.parametrize("source", ["'a\nb'", '"a\rb"', "r'a\nb'"])
def test_single_quoted_literals_hold_no_raw_line_break(source: str) -> None:
    assert evaluate_condition(f"{source} == ''", {}).outcome is Outcome.INVALID
