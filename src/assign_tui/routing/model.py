"""The routing engine's answers: plain data, importable without cel-python."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


#: What a reason or clause detail shows instead of a member's value, in its masked form.
MEMBER_VALUE_MASK = "•••••"


def is_member_data(path: str) -> bool:
    """Whether a CEL variable path reads the member's own data (`member`, `member.age`...).

    Decided by the path (the snapshot's `member` map is the member's, per the
    contract), so privacy masking never depends on how a reason is worded.
    """
    return path == "member" or path.startswith(("member.", "member["))


class Outcome(StrEnum):
    """What the server would say about a task condition."""

    ELIGIBLE = "eligible"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"
    INVALID = "invalid"


class ReasonKind(StrEnum):
    """Why the outcome is what it is; lets the console pick an icon and tests pin the cause."""

    NO_CONDITION = "no_condition"
    DECIDED = "decided"
    REDACTED = "redacted"
    MISSING_VARIABLE = "missing_variable"
    UNSUPPORTED_FUNCTION = "unsupported_function"
    UNSUPPORTED_SYNTAX = "unsupported_syntax"
    PARSE_ERROR = "parse_error"
    NO_OVERLOAD = "no_overload"
    DIVISION_BY_ZERO = "division_by_zero"
    NO_SUCH_KEY = "no_such_key"
    OUT_OF_RANGE = "out_of_range"
    BAD_VALUE = "bad_value"
    NOT_BOOLEAN = "not_boolean"
    NOT_YET = "not_yet"
    """Reads into `tasks.X.output` while task X has produced nothing: blocked, not invalid."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A variable path the condition reads, and what the snapshot says about it.

    A redacted path (under `member.form_data` or `member.data`, or `member`
    itself, which holds them) never has a value, in the preview or over full
    data: PHI. In the preview a path under those maps is not `present`
    either: the preview cannot see it.
    """

    path: str
    value: Any = None
    redacted: bool = False
    present: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """One `&&`, `||`, `!` or `?:` node of a condition, or a leaf below them.

    `decisive` says whether this clause's outcome decided its parent's
    (the root is always decisive).
    """

    source: str
    op: str
    outcome: Outcome
    children: tuple[Clause, ...] = ()
    decisive: bool = True
    detail: str = ""
    masked_detail: str | None = field(default=None, compare=False)
    """`detail` with the member's values masked; None when `detail` shows none."""

    def shown_detail(self, privacy: bool) -> str:
        """The detail to show: masked in privacy mode when it quotes the member's data."""
        return self.masked_detail if privacy and self.masked_detail is not None else self.detail


@dataclass(frozen=True, slots=True)
class RoutingHint:
    """The answer to "would the server let me select this task, and why?"."""

    outcome: Outcome
    reason: str
    references: tuple[Reference, ...] = ()
    explanation: Clause | None = None
    kind: ReasonKind = field(default=ReasonKind.DECIDED, compare=False)
    masked_reason: str | None = field(default=None, compare=False)
    """`reason` with the member's values masked; None when `reason` shows none."""

    def shown_reason(self, privacy: bool) -> str:
        """The reason to show: masked in privacy mode when it quotes the member's data."""
        return self.masked_reason if privacy and self.masked_reason is not None else self.reason
    residual: str | None = field(default=None, compare=False)
    """For an unknown hint: CEL over only what the preview cannot see, equivalent to the
    condition given what it can (`member.form_data.consent == true`); None if none is safe."""
    depends_on: tuple[str, ...] = field(default=(), compare=False)
    """For an unknown hint: the hidden (or missing) paths the answer waits on."""
