"""Errors say what they mean: the API layer gives advice, one TUI table gives it words and keys."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import assign_tui.api
from assign_tui.api import errors
from assign_tui.api.advice import PLAIN_WORDS, Advice
from assign_tui.tui.advice import WORDS, Where, advice_words, describe_error, retry_advice

#: How a hint names a key: "press r", "ctrl+s", "Esc", "Enter".
KEY_NAME = re.compile(r"\bpress\b|\bctrl\+|\bEsc\b|\bEnter\b", re.IGNORECASE)


def _every_error() -> list[errors.ApiError]:
    """One instance of each member of the family, with and without the details advice reads."""
    return [
        errors.ApiError("teapot", status=418),
        errors.AuthError("expired", status=401),
        errors.PermissionDeniedError("requires X", status=403),
        errors.PermissionDeniedError(status=403),
        errors.NotFoundError(status=404, method="GET", path="/assignments"),
        errors.ConflictError("cancelled", status=409),
        errors.StaleError(status=412),
        errors.ValidationError("reason: too short", status=422),
        errors.RateLimitedError(status=429, retry_after=7),
        errors.RateLimitedError(status=429),
        errors.ServerError(status=500),
        errors.NetworkError("refused"),
        errors.TimeoutError("read timed out"),
        errors.BadResponseError("expected JSON"),
    ]


@pytest.mark.parametrize("advice", list(Advice))
def test_every_advice_has_words_on_a_screen_and_in_a_form(advice: Advice) -> None:
    words = WORDS.get(advice, {})
    assert words.get(Where.SCREEN), f"{advice} has no words for a screen"
    assert words.get(Where.FORM), f"{advice} has no words for a form"


@pytest.mark.parametrize("advice", list(Advice))
def test_a_form_never_offers_r_and_the_first_screen_never_offers_esc(advice: Advice) -> None:
    # `r` in a form types the letter; Esc on the first screen goes nowhere.
    assert "press r" not in WORDS[advice][Where.FORM].lower()
    first = WORDS[advice].get(Where.FIRST_SCREEN, WORDS[advice][Where.SCREEN])
    assert "esc" not in first.lower()


def test_the_api_layer_names_no_key() -> None:
    """No string in api/ names a key, and no error's own hint does: it fits a command line."""
    root = Path(assign_tui.api.__file__).parent
    found = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if KEY_NAME.search(node.value):
                    found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    assert not found, found
    assert set(PLAIN_WORDS) == set(Advice)
    for error in _every_error():
        assert error.hint and not KEY_NAME.search(error.hint), (type(error).__name__, error.hint)


def test_a_rate_limit_says_how_long_in_every_place() -> None:
    error = errors.RateLimitedError(status=429, retry_after=7)
    assert "7 s" in error.hint
    assert "Wait 7 s" in advice_words(error, Where.SCREEN)
    assert "Wait 7 s" in advice_words(error, Where.FORM)
    unsaid = errors.RateLimitedError(status=429)
    assert "a moment" in unsaid.hint and "Wait a moment" in advice_words(unsaid, Where.FORM)


#: Every hint the console showed before the advice table, per place (the texts stay the same).
#: (The form's rate limit without a Retry-After is the one change: it used to drop the wait.)
SHOWN = [
    ("ApiError", "Press r to retry.", "Your input is kept: press ctrl+s to try again."),
    ("AuthError", "Check the token, then press r to retry.",
     "Check the token; your input is kept: press ctrl+s to try again."),
    ("PermissionDeniedError", "Ask an administrator for the permission named above.", None),
    ("PermissionDeniedError",
     "The server did not say which permission; ask an administrator what you may do.", None),
    ("NotFoundError", "Press Esc to go back.", None),
    ("ConflictError", "Read the server's reason above.", None),
    ("StaleError", "Reload to see the new version; your edit is kept.", None),
    ("ValidationError", "Correct the fields marked, then submit again.", None),
    ("RateLimitedError", "Wait 7 s, then press r to retry.",
     "Wait 7 s; your input is kept: then press ctrl+s."),
    ("RateLimitedError", "Wait a moment, then press r to retry.",
     "Wait a moment; your input is kept: then press ctrl+s."),
    ("ServerError", "The server failed; press r to retry.",
     "Your input is kept: press ctrl+s to try again."),
    ("NetworkError", "Disconnected: the console retries by itself; press r to retry now.",
     "Your input is kept: press ctrl+s to try again."),
    ("TimeoutError",
     "It may be busy: press r to retry (read_timeout in the profile sets the wait).",
     "Your input is kept: press ctrl+s to try again."),
    ("BadResponseError",
     "Press r to retry; if it persists, the server or a proxy is misbehaving.",
     "Your input is kept: press ctrl+s to try again."),
]


@pytest.mark.parametrize(
    ("error", "shown"),
    list(zip(_every_error(), SHOWN, strict=True)),
    ids=[f"{i}-{shown[0]}" for i, shown in enumerate(SHOWN)],
)
def test_each_error_reads_as_before(
    error: errors.ApiError, shown: tuple[str, str, str | None]
) -> None:
    name, on_screen, in_form = shown
    assert type(error).__name__ == name
    message, hint = describe_error(error, Where.SCREEN)
    assert message == error.message and hint == on_screen
    assert describe_error(error, Where.FORM)[1] == (in_form or on_screen)


def test_a_404_on_the_first_screen_points_at_the_address() -> None:
    error = errors.NotFoundError(status=404, method="GET", path="/assignments")
    assert advice_words(error, Where.FIRST_SCREEN) == (
        "The server has nothing at GET /assignments: check the base_url and workspace in use."
    )
    assert advice_words(errors.ServerError(status=500), Where.FIRST_SCREEN) == (
        "The server failed; press r to retry."
    )


def test_a_bug_of_ours_reads_as_unexpected_with_retry() -> None:
    assert describe_error(KeyError("x")) == ("Unexpected error: KeyError", "Press r to retry.")
    assert describe_error(KeyError("x"), Where.FORM)[1] == (
        "Your input is kept: press ctrl+s to try again."
    )


def test_retry_is_offered_only_where_asking_again_can_help() -> None:
    assert retry_advice(errors.ServerError(status=500)) == " Press r to retry."
    assert retry_advice(KeyError("x")) == " Press r to retry."
    assert retry_advice(errors.NotFoundError(status=404)) == ""
    assert retry_advice(errors.PermissionDeniedError(status=403)) == ""
