"""Where errors become words: an error's advice, said with the keys of where it shows.

`api.errors` says what the operator can do (an `Advice`) and names no key. The
same advice reads differently on a screen, where `r` asks again, and in a form,
where ctrl+s sends again and the input is kept: this table is the one place that
says which. `Notice.show_error` and the forms' status line both read it.

The words name the keys the operator has, not the defaults: `keys_of(screen)` reads
the screen's bindings as Textual applied them (a `[keys]` remap included), so a
profile that moves Refresh to F5 is told "press f5 to retry".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from assign_tui.api.advice import Advice, wait_words
from assign_tui.api.errors import ApiError
from assign_tui.tui.format import safe

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = [
    "Keys", "Where", "advice_words", "bound_keys", "describe_error", "keys_of", "retry_advice"
]


class Where(Enum):
    """Where an error shows, which decides the keys its advice may name."""

    SCREEN = "screen"
    """A screen's notice line: `r` asks again, Esc goes back."""
    FIRST_SCREEN = "first_screen"
    """The first screen's notice line: as a screen, but Esc leads nowhere."""
    FORM = "form"
    """A form's status line: ctrl+s sends again, and what was typed is kept."""


@dataclass(frozen=True)
class Keys:
    """The keys advice names, in words; the defaults are the console's own bindings."""

    refresh: str = "r"
    """Asks again on a screen (action `refresh`)."""
    send: str = "ctrl+s"
    """Sends a form (action `submit`)."""
    back: str = "Esc"
    """Leaves a screen (`back`) or a form (`leave`)."""

    def say(self, words: str) -> str:
        """`words` (the console's own text, never the server's) with `{refresh}`, `{send}`
        and `{back}` replaced by these keys."""
        return words.format(refresh=self.refresh, send=self.send, back=self.back)


#: The actions behind each of `Keys`' fields, first found wins.
_ACTIONS = {"refresh": ("refresh",), "send": ("submit",), "back": ("back", "leave")}


def key_words(key: str) -> str:
    """A key as the console's sentences write it: `escape` is Esc, the rest as bound."""
    return {"escape": "Esc", "enter": "Enter", "tab": "Tab"}.get(key, key)


def bound_keys(screen: Screen[Any], action: str) -> list[str]:
    """Every key that runs `action` on `screen` now, in words: the bindings as Textual
    applied them, so a remap in `[keys]` is named. Only the screen's (and the app's) own
    bindings count: a focused field's Enter also runs an action named `submit`, but it is
    not the form's."""
    return [
        key_words(key)
        for key, active in screen.active_bindings.items()
        if active.binding.action == action and active.node in (screen, screen.app)
    ]


def keys_of(screen: Screen[Any]) -> Keys:
    """The keys that run refresh, submit and back on `screen` now (`bound_keys`, the first
    of each); a missing one keeps its default."""
    found: dict[str, str] = {}
    for field, actions in _ACTIONS.items():
        keys = [key for action in actions for key in bound_keys(screen, action)]
        if keys:
            found[field] = keys[0]
    return Keys(**found)


_KEPT = "Your input is kept: press {send} to try again."

#: Each advice in words, per place. `{wait}`: "7 s" or "a moment"; `{what}`: the request,
#: e.g. "GET /assignments"; `{refresh}`, `{send}`, `{back}`: the keys (`Keys`). A place
#: missing here reads as `Where.SCREEN`.
WORDS: dict[Advice, dict[Where, str]] = {
    Advice.RETRY: {Where.SCREEN: "Press {refresh} to retry.", Where.FORM: _KEPT},
    Advice.RETRY_AFTER: {
        Where.SCREEN: "Wait {wait}, then press {refresh} to retry.",
        Where.FORM: "Wait {wait}; your input is kept: then press {send}.",
    },
    Advice.RETRY_SERVER: {
        Where.SCREEN: "The server failed; press {refresh} to retry.", Where.FORM: _KEPT
    },
    Advice.RETRY_OR_WAIT_LONGER: {
        Where.SCREEN: (
            "It may be busy: press {refresh} to retry (read_timeout in the profile sets the wait)."
        ),
        Where.FORM: _KEPT,
    },
    Advice.RETRY_THEN_REPORT: {
        Where.SCREEN: (
            "Press {refresh} to retry; if it persists, the server or a proxy is misbehaving."
        ),
        Where.FORM: _KEPT,
    },
    Advice.WAIT_RECONNECT: {
        Where.SCREEN: (
            "Disconnected: the console retries by itself; press {refresh} to retry now."
        ),
        Where.FORM: _KEPT,
    },
    Advice.CHECK_TOKEN: {
        Where.SCREEN: "Check the token, then press {refresh} to retry.",
        Where.FORM: "Check the token; your input is kept: press {send} to try again.",
    },
    Advice.ASK_FOR_PERMISSION: dict.fromkeys(
        (Where.SCREEN, Where.FORM), "Ask an administrator for the permission named above."
    ),
    Advice.ASK_WHAT_IS_ALLOWED: dict.fromkeys(
        (Where.SCREEN, Where.FORM),
        "The server did not say which permission; ask an administrator what you may do.",
    ),
    Advice.GO_BACK: {
        Where.SCREEN: "Press {back} to go back.",
        Where.FIRST_SCREEN: (
            "The server has nothing at {what}: check the base_url and workspace in use."
        ),
        Where.FORM: "Press {back} to go back.",
    },
    Advice.READ_REASON: dict.fromkeys((Where.SCREEN, Where.FORM), "Read the server's reason above."),
    Advice.RELOAD: dict.fromkeys(
        (Where.SCREEN, Where.FORM), "Reload to see the new version; your edit is kept."
    ),
    Advice.FIX_INPUT: dict.fromkeys(
        (Where.SCREEN, Where.FORM), "Correct the fields marked, then submit again."
    ),
}


def advice_words(error: BaseException, where: Where = Where.SCREEN, keys: Keys = Keys()) -> str:
    """What the operator can do about `error`, with the keys of `where` (`keys_of`).

    Anything that is not an `ApiError` is a bug of ours: asking again is all there is to offer.
    """
    if not isinstance(error, ApiError):
        return keys.say(_words(Advice.RETRY, where))
    what = f"{error.method} {error.path}".strip() or "what was asked"
    return _words(error.advice, where).format(
        wait=wait_words(error.retry_after), what=what,
        refresh=keys.refresh, send=keys.send, back=keys.back,
    )


def _words(advice: Advice, where: Where) -> str:
    words = WORDS[advice]
    return words.get(where) or words[Where.SCREEN]


def describe_error(
    error: BaseException, where: Where = Where.SCREEN, keys: Keys = Keys()
) -> tuple[str, str]:
    """What the operator reads for any failure: (what happened, what to do).

    Anything that is not an `ApiError` gets a generic line, never a traceback.
    """
    if isinstance(error, ApiError):
        return safe(error.message, single_line=True), advice_words(error, where, keys)
    return f"Unexpected error: {type(error).__name__}", advice_words(error, where, keys)


def retry_advice(error: BaseException, keys: Keys = Keys()) -> str:
    """" Press r to retry." when asking again can help (not after a 403 or a 404), else ""."""
    helps = not isinstance(error, ApiError) or error.retry_helps
    return f" {keys.say(WORDS[Advice.RETRY][Where.SCREEN])}" if helps else ""
