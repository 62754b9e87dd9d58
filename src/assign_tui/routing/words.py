"""A hint in plain words, for an operator who does not read CEL.

"eligible: the member is 67 (needs 65 or more)", "unknown: depends on the
member's consent answer, which the preview cannot see; eligible if it is
true". Built from the clause tree, the references and the residual; a shape
it cannot phrase falls back to the engine's own reason, never to a guess.

Honesty rules: a hidden path is only ever named, with "which the preview
cannot see"; its value is never stated or implied, even when the screen
elsewhere shows something that looks like it. With `mask`, the member's
visible values are replaced too (privacy mode).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from assign_tui.routing.clauses import shorten
from assign_tui.routing.functions import to_duration
from assign_tui.routing.logic import Logical, Not
from assign_tui.routing.model import Clause, Outcome, ReasonKind, RoutingHint
from assign_tui.routing.nodes import Call, Has, Literal, Node
from assign_tui.routing.parse import compile_condition
from assign_tui.routing.references import chain_path, path_text
from assign_tui.routing.values import Fail, display, is_redacted

_NEEDS = {">=": "{} or more", ">": "more than {}", "<=": "{} or less", "<": "less than {}",
          "==": "{}", "!=": "anything but {}"}  # fmt: skip
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
_NEGATE = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}
_OPS = {f"_{op}_": op for op in _NEEDS}
_INVALID = {
    ReasonKind.PARSE_ERROR: "the condition cannot be read",
    ReasonKind.NO_OVERLOAD: "it compares or combines values of different kinds",
    ReasonKind.DIVISION_BY_ZERO: "it divides by zero",
    ReasonKind.NO_SUCH_KEY: "it reads something that is not there",
    ReasonKind.OUT_OF_RANGE: "a number or time in it is out of range",
    ReasonKind.BAD_VALUE: "a value in it cannot be converted",
    ReasonKind.NOT_BOOLEAN: "it does not give a yes or no answer",
}


def plain_words(hint: RoutingHint, *, mask: str | None = None) -> str:
    """One sentence, starting with the outcome, that says why in the operator's words."""
    return f"{hint.outcome.value}: {plain_reason(hint, mask=mask)}"


def plain_reason(hint: RoutingHint, *, mask: str | None = None) -> str:
    """`plain_words` without the outcome, for a screen that shows it as a badge."""
    return _Words(hint, mask).sentence()


def folds_member_values(hint: RoutingHint) -> bool:
    """Whether the residual may hold the member's visible values (`"es-US" == …`).

    The preview folds what it sees into the residual; under privacy those
    are masked like every other member value, so the residual is withheld.
    """
    return any(
        r.path.startswith("member") and not r.redacted and r.present for r in hint.references
    )


class _Words:
    def __init__(self, hint: RoutingHint, mask: str | None) -> None:
        self.hint, self.mask = hint, mask
        #: The engine's own words, with the member's values masked when `mask` is given.
        self.reason = hint.shown_reason(mask is not None)
        self.values = {r.path: r.value for r in hint.references if r.present and not r.redacted}

    def sentence(self) -> str:
        hint, kind = self.hint, self.hint.kind
        if kind is ReasonKind.NO_CONDITION:
            return "this task has no condition"
        if kind is ReasonKind.NOT_YET:
            return self.reason
        if hint.outcome is Outcome.UNKNOWN:
            return self.unknown()
        if hint.outcome is Outcome.INVALID:
            detail = _INVALID.get(kind, "the server would reject it")
            return f"{detail} ({self.reason}); the server rejects it too"
        if hint.explanation is None:
            return self.reason
        parts = list(
            dict.fromkeys(
                self.leaf(leaf, neg, fact) for leaf, neg, fact in _leaves(hint.explanation)
            )
        )
        if not parts:
            return self.reason
        said = " and ".join(parts[:2]) + (f" and {len(parts) - 2} more" if len(parts) > 2 else "")
        hidden = [r.path for r in hint.references if r.redacted and is_redacted(r.path)]
        if hidden:
            said += f", whatever {self.subject(hidden[0])} is"
        return said

    def unknown(self) -> str:
        hint = self.hint
        if hint.kind is ReasonKind.UNSUPPORTED_FUNCTION:
            return f"{self.reason}; only the server can decide"
        if hint.kind is ReasonKind.UNSUPPORTED_SYNTAX:
            return f"{self.reason}; only the server can decide"
        paths = hint.depends_on or tuple(
            r.path for r in hint.references if r.redacted and is_redacted(r.path)
        )
        if not paths:
            return self.reason
        names = _listed([self.subject(p) for p in paths])
        unseen = (
            "which the snapshot does not have"
            if hint.kind is ReasonKind.MISSING_VARIABLE
            else "which the preview cannot see"
        )
        said = f"depends on {names}, {unseen}"
        if self.mask is not None and folds_member_values(hint):
            return said
        condition = self.residual_condition(len(paths) == 1)
        return f"{said}; eligible if {condition}" if condition else said

    def residual_condition(self, single: bool) -> str | None:
        """The residual as a condition in words ("it is true"), or None if it has no simple form."""
        if self.hint.residual is None:
            return None
        compiled = compile_condition(self.hint.residual)
        if compiled.root is None:
            return None
        return self.requirement(compiled.root, single)

    def requirement(self, node: Node, single: bool) -> str | None:
        """`x == true` as "it is true", `a && b` as "…, and …"; None if not that simple."""
        if isinstance(node, Logical):
            left, right = self.requirement(node.left, single), self.requirement(node.right, single)
            if left is None or right is None:
                return None
            return f"{left} {'and' if node.op == '&&' else 'or'} {right}"
        if isinstance(node, Not):
            inner = node.operand
            path = chain_path(inner, frozenset())
            if path is not None:
                return f"{'it' if single else self.subject(path_text(path))} is false"
            if isinstance(inner, Has):
                said = self.requirement(inner, single)
                return said.replace(" is recorded", " is not recorded") if said else None
            return None

        def who(path: str) -> str:
            return "it" if single else self.subject(path)

        path = chain_path(node, frozenset())
        if path is not None:
            return f"{who(path_text(path))} is true"
        if isinstance(node, Has):
            base = chain_path(node.operand, frozenset())
            return None if base is None else f"{who(path_text((*base, node.field)))} is recorded"
        compared = _comparison(node)
        if compared is None:
            return None
        compared_path, op, value = compared
        return f"{who(compared_path)} is {_NEEDS[op].format(self.shown(value))}"

    def leaf(self, leaf: Clause, negated: bool, fact: bool) -> str:
        """One decided leaf: the fact the preview saw, and what the condition needs."""
        compiled = compile_condition(leaf.source)
        node = compiled.root
        if node is None:
            return f"{shorten(leaf.source)} is {_truth(leaf.outcome)}"
        timed = self.elapsed(node, negated, fact)
        if timed is not None:
            return timed
        compared = _comparison(node)
        if compared is not None:
            path, op, value = compared
            if path in self.values:
                seen = f"{self.subject(path)} is {self.shown(self.values[path], path)}"
                if fact:
                    return seen
                op = _NEGATE[op] if negated else op
                return f"{seen} (needs {_NEEDS[op].format(self.shown(value))})"
        member_of = _membership(node)
        if member_of is not None and member_of[0] in self.values:
            path, item = member_of
            has_it = leaf.outcome is Outcome.ELIGIBLE
            if path == "member.tags":
                return f"the member is {'' if has_it else 'not '}tagged {self.shown(item)}"
            verb = "includes" if has_it else "does not include"
            return f"{self.subject(path)} {verb} {self.shown(item)}"
        return f"{shorten(leaf.source)} is {_truth(leaf.outcome)}"

    def elapsed(self, node: Node, negated: bool, fact: bool) -> str | None:
        """`timestamp(now) - timestamp(task.started_at) > duration("72h")` as time ago."""
        if not (isinstance(node, Call) and node.name in _OPS and len(node.args) == 2):
            return None
        left, right = node.args
        if not (isinstance(left, Call) and left.name == "_-_"):
            return None
        since = [_timestamp_path(arg) for arg in left.args]
        limit = _duration_literal(right)
        if since[0] != "now" or since[1] is None or limit is None:
            return None
        try:
            ago = _parse(self.values["now"]) - _parse(self.values[since[1]])
        except (KeyError, TypeError, ValueError):
            return None
        unit, size = _unit(limit, ago)
        op = _NEGATE[_OPS[node.name]] if negated else _OPS[node.name]
        owner = since[1].rsplit(".", 1)[0]
        owner = "current task" if owner == "task" else owner
        event = since[1].rsplit(".", 1)[1].removesuffix("_at").replace("_", " ")
        said = f"the {owner} {event} {_number(ago / size)} {unit} ago"
        return said if fact else f"{said} (needs {_NEEDS[op].format(_number(limit / size))})"

    def subject(self, path: str) -> str:
        """ "the member's consent answer", "the intake task's output score", "the member's age"."""
        parts = path.replace("[", ".").replace("]", "").replace('"', "").split(".")
        words = [p.replace("_", " ") for p in parts]
        if parts[:2] == ["member", "form_data"] and len(parts) > 2:
            return f"the member's {' '.join(words[2:])} answer"
        if parts[:2] == ["member", "data"] and len(parts) > 2:
            return f"the member's {' '.join(words[2:])} record"
        if parts[:2] in (["member", "form_data"], ["member", "data"]):
            return "the member's " + ("answers" if parts[1] == "form_data" else "records")
        if parts == ["member", "age"]:
            return "the member"
        if parts[0] == "tasks" and len(parts) > 2:
            return f"the {words[1]} task's {' '.join(words[2:])}"
        if parts[0] in ("member", "assignment", "workflow", "task") and len(parts) > 1:
            owner = "this task" if parts[0] == "task" else f"the {parts[0]}"
            return f"{owner}'s {' '.join(words[1:])}"
        return path

    def shown(self, value: Any, path: str = "") -> str:
        if self.mask is not None and path.startswith("member"):
            return self.mask
        if isinstance(value, str):
            return display(value)[1:-1] if value and value.isprintable() else display(value)
        return display(value)


def _leaves(
    clause: Clause, negated: bool = False, fact: bool = False
) -> Iterator[tuple[Clause, bool, bool]]:
    """The decisive, decided leaves; whether a `!` above flips them; whether a `?:` tested them."""
    if clause.op == "leaf":
        if clause.outcome in (Outcome.ELIGIBLE, Outcome.BLOCKED) and clause.source not in (
            "true",
            "false",
        ):
            yield clause, negated, fact
        return
    for index, child in enumerate(clause.children):
        if child.decisive:
            yield from _leaves(
                child, negated != (clause.op == "!"), fact or (clause.op == "?:" and index == 0)
            )


def _comparison(node: Node) -> tuple[str, str, Any] | None:
    """`path OP literal` (either way round) as (path, op with the path on the left, literal)."""
    if not (isinstance(node, Call) and node.name in _OPS and len(node.args) == 2):
        return None
    left, right = node.args
    op = _OPS[node.name]
    if isinstance(right, Literal) and (path := chain_path(left, frozenset())) is not None:
        return path_text(path), op, right.value
    if isinstance(left, Literal) and (path := chain_path(right, frozenset())) is not None:
        return path_text(path), _FLIP[op], left.value
    return None


def _membership(node: Node) -> tuple[str, Any] | None:
    if isinstance(node, Call) and node.name == "_in_" and isinstance(node.args[0], Literal):
        path = chain_path(node.args[1], frozenset())
        return None if path is None else (path_text(path), node.args[0].value)
    return None


def _timestamp_path(node: Node) -> str | None:
    if isinstance(node, Call) and node.name == "timestamp" and len(node.args) == 1:
        path = chain_path(node.args[0], frozenset())
        return None if path is None else path_text(path)
    return None


def _duration_literal(node: Node) -> datetime.timedelta | None:
    if (
        isinstance(node, Call)
        and node.name == "duration"
        and len(node.args) == 1
        and isinstance(node.args[0], Literal)
    ):
        try:
            return to_duration(node.args[0].value)  # type: ignore[no-any-return]
        except Fail:
            return None
    return None


def _parse(text: Any) -> datetime.datetime:
    return datetime.datetime.fromisoformat(str(text))


def _unit(limit: datetime.timedelta, ago: datetime.timedelta) -> tuple[str, datetime.timedelta]:
    """The largest unit the limit is whole in and the time elapsed is at least one of."""
    seconds = limit.total_seconds()
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds % size == 0 and seconds >= size and ago.total_seconds() >= size:
            return unit, datetime.timedelta(seconds=size)
    return "seconds", datetime.timedelta(seconds=1)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _listed(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) > 3:
        names = [*names[:2], f"{len(names) - 2} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _truth(outcome: Outcome) -> str:
    return "true" if outcome is Outcome.ELIGIBLE else "false"
