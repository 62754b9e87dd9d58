"""What is left to decide: an unknown condition reduced to what the preview cannot see.

This is partial evaluation in the manner of cel-go's residual ASTs. Every
node is first evaluated in the preview; a node whose value is known there is
the same over full data (the engine's soundness), so it is folded into the
text as a literal. Only nodes whose value is unknown are rebuilt, from their
children. Two simplifications rely on CEL's rules, and only where a
non-boolean and an error mean the same thing (a *boolean position*: the root,
operands of `&&`, `||`, `!`, the test of `?:` and macro predicates):
`true && x` is `x`, `false || x` is `x`, `!!x` is `x`; `c ? true : false`
is `c`. Elsewhere `!(a == b)` becomes `a != b` and a decided `?:` its branch.

Whenever the residual would have to spell an error, an unknown function, or
a value that still holds the hidden maps (the whole `member`), there is no
residual: `Decline`. The text holds the condition's own literals, the
visible values already on screen, and the names of hidden paths, never a
hidden value: the preview has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assign_tui.routing.celtext import (
    ADDITION,
    AND,
    MEMBER,
    MULTIPLICATION,
    OR,
    RELATION,
    TERNARY,
    UNARY,
    NotSpellable,
    spell,
    wrap,
)
from assign_tui.routing.logic import (
    Comprehension,
    Conditional,
    ListLiteral,
    Logical,
    MapLiteral,
    Not,
)
from assign_tui.routing.model import ReasonKind
from assign_tui.routing.nodes import Call, Env, Has, Ident, Index, Literal, Node, Select
from assign_tui.routing.references import chain_path, path_text
from assign_tui.routing.values import FALSE, TRUE, CelError, Unknown, is_redacted

MAX_LENGTH = 1000
"""A longer residual would not help anyone read it; there is none instead."""
EXPAND_LIMIT = 8
"""`exists`/`all` over a visible list of at most this many items become `||`/`&&` chains."""

_INFIX = {
    "_<_": ("<", RELATION),
    "_<=_": ("<=", RELATION),
    "_>_": (">", RELATION),
    "_>=_": (">=", RELATION),
    "_==_": ("==", RELATION),
    "_!=_": ("!=", RELATION),
    "_in_": ("in", RELATION),
    "_+_": ("+", ADDITION),
    "_-_": ("-", ADDITION),
    "_*_": ("*", MULTIPLICATION),
    "_/_": ("/", MULTIPLICATION),
    "_%_": ("%", MULTIPLICATION),
}
_NEGATED = {"_==_": "_!=_", "_!=_": "_==_"}


class Decline(Exception):
    """No residual can be formed safely."""


@dataclass(frozen=True, slots=True)
class _Text:
    """A residual sub-expression: its CEL source and how tightly it binds."""

    text: str
    precedence: int


def residual(root: Node, variables: dict[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """The residual of an unknown condition and the hidden paths it reads, or None."""
    reducer = _Reducer()
    try:
        part = reducer.part(root, Env(variables, preview=True), boolean=True)
    except (Decline, NotSpellable, RecursionError):
        return None
    if not isinstance(part, _Text) or len(part.text) > MAX_LENGTH:
        return None
    return part.text, tuple(dict.fromkeys(reducer.paths))


def waits_on(value: Unknown) -> tuple[str, ...]:
    """Without a residual, what the hint can still say: the hidden or missing paths it needs."""
    hidden = (ReasonKind.REDACTED, ReasonKind.MISSING_VARIABLE)
    return tuple(dict.fromkeys(name for kind, name in value.needs if kind in hidden))


def _known(value: Any) -> bool:
    """Known through and through: no unknown anywhere inside (the `member` map holds two)."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, Mapping):
        return all(_known(k) and _known(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_known(item) for item in value)
    return True


class _Reducer:
    def __init__(self) -> None:
        self.paths: list[str] = []

    def part(self, node: Node, env: Env, boolean: bool) -> Any:
        """The node's value when the preview knows it, else its residual `_Text`."""
        value = node.eval(env)
        if _known(value):
            return value
        if isinstance(value, Unknown) and any(
            kind is ReasonKind.UNSUPPORTED_FUNCTION for kind, _ in value.needs
        ):
            raise Decline
        return self._rebuild(node, env, boolean)

    def text(self, node: Node, env: Env, needed: int, boolean: bool = False) -> str:
        part = self.part(node, env, boolean)
        return self.spelled(part, needed)

    def spelled(self, part: Any, needed: int) -> str:
        if isinstance(part, _Text):
            return wrap(part.text, part.precedence, needed)
        if isinstance(part, CelError):
            raise Decline
        return wrap(*spell(part), needed)

    def _rebuild(self, node: Node, env: Env, boolean: bool) -> _Text:
        hidden = self._hidden_chain(node, env)
        if hidden is not None:
            return _Text(hidden, MEMBER)
        if isinstance(node, Ident):
            if node.name in env.bound:
                return _Text(node.name, MEMBER)
            raise Decline
        if isinstance(node, Select):
            return _Text(f"{self.text(node.operand, env, MEMBER)}.{node.field}", MEMBER)
        if isinstance(node, Has):
            if self._hidden_chain(node.operand, env, record=False) is not None:
                path = chain_path(node.operand, env.bound)
                assert path is not None
                self.paths.append(path_text((*path, node.field)))
                operand = self._chain_text(node.operand)
            else:
                operand = self.text(node.operand, env, MEMBER)
            return _Text(f"has({operand}.{node.field})", MEMBER)
        if isinstance(node, Index):
            operand = self.text(node.operand, env, MEMBER)
            return _Text(f"{operand}[{self.text(node.index, env, TERNARY)}]", MEMBER)
        if isinstance(node, Call):
            return self._call(node, env)
        if isinstance(node, Logical):
            return self._logical(node, env, boolean)
        if isinstance(node, Not):
            return self._not(node, env, boolean)
        if isinstance(node, Conditional):
            return self._conditional(node, env, boolean)
        if isinstance(node, Comprehension):
            return self._comprehension(node, env, boolean)
        if isinstance(node, ListLiteral):
            items = ", ".join(self.text(item, env, TERNARY) for item in node.items)
            return _Text(f"[{items}]", MEMBER)
        if isinstance(node, MapLiteral):
            pairs = ", ".join(
                f"{self.text(k, env, TERNARY)}: {self.text(v, env, TERNARY)}"
                for k, v in node.entries
            )
            return _Text("{" + pairs + "}", MEMBER)
        raise Decline

    def _hidden_chain(self, node: Node, env: Env, record: bool = True) -> str | None:
        """`member.form_data.x["y"]`, or a chain from a variable the snapshot lacks, as text."""
        if not isinstance(node, (Ident, Select, Index)):
            return None
        path = chain_path(node, env.bound)
        if path is None:
            return None
        text = path_text(path)
        missing = path[0] not in env.variables
        if not (missing or (len(path) > 1 and path[0] == "member" and is_redacted(text))):
            return None
        if record:
            self.paths.append(text)
        return self._chain_text(node)

    def _chain_text(self, node: Node) -> str:
        if isinstance(node, Ident):
            return node.name
        if isinstance(node, Select):
            return f"{self._chain_text(node.operand)}.{node.field}"
        assert isinstance(node, Index) and isinstance(node.index, Literal)
        return f"{self._chain_text(node.operand)}[{spell(node.index.value)[0]}]"

    def _call(self, node: Call, env: Env, name: str | None = None) -> _Text:
        name = name or node.name
        if node.apply is None:
            raise Decline
        parts = [self.part(arg, env, False) for arg in node.args]
        if not any(isinstance(p, _Text) for p in parts):
            raise Decline
        if name in _INFIX:
            op, level = _INFIX[name]
            left, right = self.spelled(parts[0], level), self.spelled(parts[1], level + 1)
            return _Text(f"{left} {op} {right}", level)
        if name == "-_":
            operand = self.spelled(parts[0], UNARY)
            return _Text(
                f"-{operand}" if operand[0] in "(_" or operand[0].isalpha() else f"-({operand})",
                UNARY,
            )
        if node.method:
            target, *rest = parts
            args = ", ".join(self.spelled(p, TERNARY) for p in rest)
            return _Text(f"{self.spelled(target, MEMBER)}.{name}({args})", MEMBER)
        args = ", ".join(self.spelled(p, TERNARY) for p in parts)
        return _Text(f"{name}({args})", MEMBER)

    def _logical(self, node: Logical, env: Env, boolean: bool) -> _Text:
        level = OR if node.op == "||" else AND
        identity = FALSE if node.op == "||" else TRUE
        left = self.part(node.left, env, True)
        right = self.part(node.right, env, True)
        for known, other in ((left, right), (right, left)):
            if not isinstance(known, _Text):
                if known is not identity:
                    raise Decline
                if boolean:
                    assert isinstance(other, _Text)
                    return other
        return _Text(f"{self._side(left, node.op)} {node.op} {self._side(right, node.op)}", level)

    def _side(self, part: Any, op: str) -> str:
        """`&&` and `||` are associative in CEL, so `a || b || c` needs no parentheses."""
        level = OR if op == "||" else AND
        if isinstance(part, _Text) and part.precedence == level:
            return part.text
        return self.spelled(part, level + 1)

    def _not(self, node: Not, env: Env, boolean: bool) -> _Text:
        inner = node.operand
        if boolean and isinstance(inner, Not):
            part = self.part(inner.operand, env, True)
            if isinstance(part, _Text):
                return part
        if isinstance(inner, Call) and inner.name in _NEGATED:
            return self._call(inner, env, _NEGATED[inner.name])
        return _Text(f"!{self.text(inner, env, UNARY, boolean=True)}", UNARY)

    def _conditional(self, node: Conditional, env: Env, boolean: bool) -> _Text:
        test = self.part(node.test, env, True)
        if not isinstance(test, _Text):
            if type(test) is not type(TRUE):
                raise Decline
            chosen = self.part(node.then if test else node.otherwise, env, boolean)
            if not isinstance(chosen, _Text):
                raise Decline
            return chosen
        then = self.part(node.then, env, boolean)
        otherwise = self.part(node.otherwise, env, boolean)
        if boolean and then is TRUE and otherwise is FALSE:
            return test
        if boolean and then is FALSE and otherwise is TRUE:
            return _Text(f"!{self.spelled(test, UNARY)}", UNARY)
        text = (
            f"{self.spelled(test, OR)} ? {self.spelled(then, OR)} : "
            f"{self.spelled(otherwise, TERNARY)}"
        )
        return _Text(text, TERNARY)

    def _comprehension(self, node: Comprehension, env: Env, boolean: bool) -> _Text:
        items = self.part(node.range, env, False)
        if (
            not isinstance(items, _Text)
            and node.macro in ("all", "exists")
            and len(items) <= EXPAND_LIMIT
        ):
            return self._expand(node, env, items, boolean)
        symbol = env.bind(node.var, Unknown(((ReasonKind.REDACTED, node.var),)))
        args = [node.var]
        for body in (node.predicate, node.transform):
            if body is not None:
                args.append(self.text(body, symbol, TERNARY, boolean=body is node.predicate))
        return _Text(f"{self.spelled(items, MEMBER)}.{node.macro}({', '.join(args)})", MEMBER)

    def _expand(self, node: Comprehension, env: Env, items: Any, boolean: bool) -> _Text:
        """`[1, 2].exists(x, x == h)` is `1 == h || 2 == h` (CEL folds `exists` with `||`)."""
        assert node.predicate is not None
        op, identity = ("||", FALSE) if node.macro == "exists" else ("&&", TRUE)
        parts = []
        for item in list(items):
            part = self.part(node.predicate, env.bind(node.var, item), True)
            if isinstance(part, _Text):
                parts.append(self._side(part, op))
            elif part is not identity:
                raise Decline
        if not parts:
            raise Decline
        if len(parts) == 1 and not boolean:
            parts.append("false" if op == "||" else "true")
        return _Text(f" {op} ".join(parts), OR if op == "||" else AND)
