"""Why a routing hint says what it says: condition, reason, variables, clause tree.

Shared by the task-switch screen and the CEL playground. Everything is one
`Text` (no markup): the condition and every value come from the server.
"""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from assign_tui.routing.model import Clause, Reference, RoutingHint
from assign_tui.routing.words import folds_member_values, plain_reason
from assign_tui.tui.format import MASK, clip, safe
from assign_tui.tui.privacy import is_private
from assign_tui.tui.routing_badge import HINT_STYLE, hint_badge
from assign_tui.tui.routing_cel import highlight_cel

__all__ = [
    "HIDDEN",
    "RoutingExplanation",
    "clause_tree",
    "explanation_text",
    "hint_sentence",
    "playground_start",
    "reference_value",
]

HIDDEN = "hidden (redacted in the preview)"
_DECIDED = "◆"
_VALUE_LIMIT = 60
_SOURCE_LIMIT = 64
_RESIDUAL_LIMIT = 200


def reference_value(reference: Reference, *, privacy: bool = False) -> str:
    """What the snapshot says about one variable the condition reads."""
    if reference.redacted:
        return HIDDEN
    if not reference.present:
        return "absent from the snapshot"
    if privacy and is_private(reference.path):
        return MASK
    try:
        shown = json.dumps(reference.value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        shown = repr(reference.value)
    return clip(safe(shown, single_line=True), _VALUE_LIMIT)


def hint_sentence(hint: RoutingHint, privacy: bool = False) -> str:
    """The hint in plain words (no outcome word: the badge says it), masked under privacy."""
    return plain_reason(hint, mask=MASK if privacy else None)


def _heading(text: Text, title: str) -> None:
    text.append(f"{title}\n", style="bold underline")


def clause_tree(clause: Clause, *, privacy: bool = False) -> Text:
    """The clause tree, one line per clause (cut, never wrapped, so the tree stays a tree)."""
    text = Text(end="")
    _clause_lines(text, clause, "", "", privacy)
    text.rstrip()
    return text


def _clause_lines(text: Text, clause: Clause, prefix: str, branch: str, privacy: bool) -> None:
    symbol, style = HINT_STYLE[clause.outcome]
    text.append("  " + prefix + branch, style="dim")
    text.append(f"{symbol} ", style=style)
    text.append(f"{_DECIDED} " if clause.decisive else "  ", style="bold")
    if clause.op != "leaf":
        text.append(f"{clause.op}  ", style="bold yellow")
    text.append_text(highlight_cel(clip(" ".join(clause.source.split()), _SOURCE_LIMIT)))
    text.append("\n")
    child_prefix = prefix if not branch else prefix + ("   " if branch == "└─ " else "│  ")
    if clause.detail:
        guide = "│  " if clause.children else "   "
        text.append("  " + child_prefix + guide + "    ", style="dim")
        text.append(safe(clause.shown_detail(privacy), single_line=True), style="italic")
        text.append("\n")
    for index, child in enumerate(clause.children):
        last = index == len(clause.children) - 1
        _clause_lines(text, child, child_prefix, "└─ " if last else "├─ ", privacy)


def explanation_text(condition: str | None, hint: RoutingHint | None, *, privacy: bool = False,
                     show_condition: bool = True) -> Text:
    """The whole explanation as one inert `Text`: the hint in plain words first, then the CEL."""
    text = Text()
    text.append("Preview ", style="bold")
    if hint is None:
        text.append_text(hint_badge(None))
        text.append("  computing…", style="italic")
    else:
        text.append_text(hint_badge(hint.outcome))
        text.append(": ")
        text.append(safe(hint_sentence(hint, privacy)))
        text.append("\n")
        if hint.residual is not None:
            text.append("Still to decide: ", style="bold")
            if privacy and folds_member_values(hint):
                text.append(MASK)
            else:
                text.append_text(highlight_cel(clip(hint.residual, _RESIDUAL_LIMIT)))
            text.append("\n")
    if show_condition:
        text.append("\n")
        _heading(text, "Condition")
        if condition is None or not condition.strip():
            text.append("  none: the task can always be selected\n", style="italic")
        else:
            text.append("  ")
            text.append_text(highlight_cel(condition))
            text.append("\n")
    if hint is not None and hint.references:
        text.append("\n")
        _heading(text, "Reads")
        for reference in hint.references:
            text.append("  ")
            text.append(safe(reference.path, single_line=True), style="bold")
            text.append(" = ")
            value = reference_value(reference, privacy=privacy)
            text.append(value, style="italic" if value == HIDDEN else "")
            text.append("\n")
    if hint is not None and hint.explanation is not None:
        text.append("\n")
        _heading(text, f"Clauses ({_DECIDED} decided)")
    text.rstrip()
    return text


def playground_start(condition: str, hint: RoutingHint | None, *, privacy: bool = False) -> str:
    """What the playground starts with for a task: what is left to decide, else the condition.

    Under privacy a residual that folded in the member's values is not offered.
    """
    if hint is None or hint.residual is None or (privacy and folds_member_values(hint)):
        return condition
    return hint.residual


class RoutingExplanation(Vertical):
    """The explanation of one hint; `show()` replaces it.

    Two parts: the prose wraps, the clause tree is cut at the edge (a wrapped
    tree line would break the tree's guides).
    """

    DEFAULT_CSS = """
    RoutingExplanation { height: auto; padding: 0 1; }
    RoutingExplanation > Static { height: auto; }
    RoutingExplanation > #explanation-tree { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.condition: str | None = None
        self.hint: RoutingHint | None = None
        #: What the view shows, as plain text (for tests and copying).
        self.plain = ""

    def compose(self) -> ComposeResult:
        yield Static(id="explanation-body", markup=False)
        yield Static(id="explanation-tree", markup=False)

    def show(self, condition: str | None, hint: RoutingHint | None, *, privacy: bool = False,
             show_condition: bool = True) -> None:
        self.condition, self.hint = condition, hint
        body = explanation_text(condition, hint, privacy=privacy, show_condition=show_condition)
        explained = hint.explanation if hint else None
        tree = clause_tree(explained, privacy=privacy) if explained else Text()
        self.plain = f"{body.plain}\n{tree.plain}" if tree.plain else body.plain
        self._update(body, tree)

    def show_message(self, message: str) -> None:
        self.condition = self.hint = None
        self.plain = message
        self._update(Text(message, style="italic"), Text())

    def _update(self, body: Text, tree: Text) -> None:
        self.query_one("#explanation-body", Static).update(body)
        tree_view = self.query_one("#explanation-tree", Static)
        tree_view.update(tree)
        tree_view.display = bool(tree.plain)
