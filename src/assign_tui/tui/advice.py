"""Where errors become words: an error's advice, said with the keys of where it shows.

`api.errors` says what the operator can do (an `Advice`) and names no key. The
same advice reads differently on a screen, where `r` asks again, and in a form,
where ctrl+s sends again and the input is kept: this table is the one place that
says which. `Notice.show_error` and the forms' status line both read it.
"""

from __future__ import annotations

from enum import Enum

from assign_tui.api.advice import Advice, wait_words
from assign_tui.api.errors import ApiError
from assign_tui.tui.format import safe

__all__ = ["Where", "advice_words", "describe_error", "retry_advice"]


class Where(Enum):
    """Where an error shows, which decides the keys its advice may name."""

    SCREEN = "screen"
    """A screen's notice line: `r` asks again, Esc goes back."""
    FIRST_SCREEN = "first_screen"
    """The first screen's notice line: as a screen, but Esc leads nowhere."""
    FORM = "form"
    """A form's status line: ctrl+s sends again, and what was typed is kept."""


_KEPT = "Your input is kept: press ctrl+s to try again."

#: Each advice in words, per place. `{wait}`: "7 s" or "a moment"; `{what}`: the request,
#: e.g. "GET /assignments". A place missing here reads as `Where.SCREEN`.
WORDS: dict[Advice, dict[Where, str]] = {
    Advice.RETRY: {Where.SCREEN: "Press r to retry.", Where.FORM: _KEPT},
    Advice.RETRY_AFTER: {
        Where.SCREEN: "Wait {wait}, then press r to retry.",
        Where.FORM: "Wait {wait}; your input is kept: then press ctrl+s.",
    },
    Advice.RETRY_SERVER: {Where.SCREEN: "The server failed; press r to retry.", Where.FORM: _KEPT},
    Advice.RETRY_OR_WAIT_LONGER: {
        Where.SCREEN: "It may be busy: press r to retry (read_timeout in the profile sets the wait).",
        Where.FORM: _KEPT,
    },
    Advice.RETRY_THEN_REPORT: {
        Where.SCREEN: "Press r to retry; if it persists, the server or a proxy is misbehaving.",
        Where.FORM: _KEPT,
    },
    Advice.WAIT_RECONNECT: {
        Where.SCREEN: "Disconnected: the console retries by itself; press r to retry now.",
        Where.FORM: _KEPT,
    },
    Advice.CHECK_TOKEN: {
        Where.SCREEN: "Check the token, then press r to retry.",
        Where.FORM: "Check the token; your input is kept: press ctrl+s to try again.",
    },
    Advice.ASK_FOR_PERMISSION: dict.fromkeys(
        (Where.SCREEN, Where.FORM), "Ask an administrator for the permission named above."
    ),
    Advice.ASK_WHAT_IS_ALLOWED: dict.fromkeys(
        (Where.SCREEN, Where.FORM),
        "The server did not say which permission; ask an administrator what you may do.",
    ),
    Advice.GO_BACK: {
        Where.SCREEN: "Press Esc to go back.",
        Where.FIRST_SCREEN: (
            "The server has nothing at {what}: check the base_url and workspace in use."
        ),
        Where.FORM: "Press Esc to go back.",
    },
    Advice.READ_REASON: dict.fromkeys((Where.SCREEN, Where.FORM), "Read the server's reason above."),
    Advice.RELOAD: dict.fromkeys(
        (Where.SCREEN, Where.FORM), "Reload to see the new version; your edit is kept."
    ),
    Advice.FIX_INPUT: dict.fromkeys(
        (Where.SCREEN, Where.FORM), "Correct the fields marked, then submit again."
    ),
}


def advice_words(error: BaseException, where: Where = Where.SCREEN) -> str:
    """What the operator can do about `error`, with the keys of `where`.

    Anything that is not an `ApiError` is a bug of ours: asking again is all there is to offer.
    """
    if not isinstance(error, ApiError):
        return _words(Advice.RETRY, where)
    what = f"{error.method} {error.path}".strip() or "what was asked"
    return _words(error.advice, where).format(wait=wait_words(error.retry_after), what=what)


def _words(advice: Advice, where: Where) -> str:
    words = WORDS[advice]
    return words.get(where) or words[Where.SCREEN]


def describe_error(error: BaseException, where: Where = Where.SCREEN) -> tuple[str, str]:
    """What the operator reads for any failure: (what happened, what to do).

    Anything that is not an `ApiError` gets a generic line, never a traceback.
    """
    if isinstance(error, ApiError):
        return safe(error.message, single_line=True), advice_words(error, where)
    return f"Unexpected error: {type(error).__name__}", advice_words(error, where)


def retry_advice(error: BaseException) -> str:
    """" Press r to retry." when asking again can help (not after a 403 or a 404), else ""."""
    helps = not isinstance(error, ApiError) or error.retry_helps
    return f" {WORDS[Advice.RETRY][Where.SCREEN]}" if helps else ""
