"""What the operator can do about an `ApiError`, in no interface's words.

An error's advice is a value, not a sentence with keys in it: the console's table
(tui/advice.py) says it with the keys of the screen or form it shows on, and
`ApiError.hint` says it with `PLAIN_WORDS`, which name no key (a command line's, a log's).
"""

from __future__ import annotations

from enum import Enum

__all__ = ["PLAIN_WORDS", "Advice", "wait_words"]


class Advice(Enum):
    """What the operator can do about an error, whatever the interface shows it."""

    RETRY = "retry"
    """Asking again, unchanged, may give another answer."""
    RETRY_AFTER = "retry_after"
    """Wait (`ApiError.retry_after` seconds, or a moment when the server did not say), then ask again."""
    RETRY_SERVER = "retry_server"
    """The server failed (5xx): asking again may find it working."""
    RETRY_OR_WAIT_LONGER = "retry_or_wait_longer"
    """No answer in time: ask again, or give the server longer (the profile's read_timeout)."""
    RETRY_THEN_REPORT = "retry_then_report"
    """An unreadable answer: ask again; if it persists, the server or a proxy is at fault."""
    WAIT_RECONNECT = "wait_reconnect"
    """The server cannot be reached: wait until it can (the console keeps trying), or ask now."""
    CHECK_TOKEN = "check_token"
    """The token was refused: check or renew it, then ask again."""
    ASK_FOR_PERMISSION = "ask_for_permission"
    """Not allowed, and the server named the permission: ask an administrator for it."""
    ASK_WHAT_IS_ALLOWED = "ask_what_is_allowed"
    """Not allowed, and the server did not say why: ask an administrator what is."""
    GO_BACK = "go_back"
    """Nothing is there: go back (or, where there is no back, check the address in use)."""
    READ_REASON = "read_reason"
    """The server refused and said why: its reason is what to act on."""
    RELOAD = "reload"
    """Changed meanwhile: read the new version; the operator's edit is kept."""
    FIX_INPUT = "fix_input"
    """The input was rejected: correct the fields the server named, then send again."""


def wait_words(seconds: float | None) -> str:
    """How long to wait, in words: "7 s", or "a moment" when the server did not say."""
    return f"{seconds:g} s" if seconds else "a moment"


#: Each advice in words that name no key (a command line's, a log's). `{wait}` is `wait_words`.
PLAIN_WORDS: dict[Advice, str] = {
    Advice.RETRY: "Try again.",
    Advice.RETRY_AFTER: "Wait {wait}, then try again.",
    Advice.RETRY_SERVER: "The server failed; try again.",
    Advice.RETRY_OR_WAIT_LONGER: (
        "It may be busy: try again (read_timeout in the profile sets the wait)."
    ),
    Advice.RETRY_THEN_REPORT: "Try again; if it persists, the server or a proxy is misbehaving.",
    Advice.WAIT_RECONNECT: "Check that the server is up and reachable, then try again.",
    Advice.CHECK_TOKEN: "Check the token, then try again.",
    Advice.ASK_FOR_PERMISSION: "Ask an administrator for the permission the server named.",
    Advice.ASK_WHAT_IS_ALLOWED: (
        "The server did not say which permission; ask an administrator what you may do."
    ),
    Advice.GO_BACK: "Nothing is there: check the id, the base_url and the workspace.",
    Advice.READ_REASON: "Read the server's reason.",
    Advice.RELOAD: "Read it again to see the new version, then redo the change.",
    Advice.FIX_INPUT: "Correct the fields the server named, then send again.",
}
