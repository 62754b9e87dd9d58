"""The nodes that are not strict: `&&`, `||`, `!`, `?:`, the comprehension macros, literals."""

from __future__ import annotations

from typing import Any

from celpy import celtypes

from assign_tui.routing import operators
from assign_tui.routing.celmap import CelMap
from assign_tui.routing.model import ReasonKind
from assign_tui.routing.nodes import Env, Node, first_problem
from assign_tui.routing.values import FALSE, TRUE, CelError, Unknown, type_name

IS_BOOL = celtypes.BoolType


def _not_bool(value: Any, op: str) -> Any:
    if isinstance(value, (CelError, Unknown)):
        return value
    return CelError(ReasonKind.NO_OVERLOAD, f"{op} needs booleans, not {type_name(value)}")


def combine(op: str, left: Any, right: Any) -> Any:
    """CEL's commutative `&&`/`||`: the deciding value wins, then unknown, then error."""
    decider = FALSE if op == "&&" else TRUE
    if left is decider or right is decider:
        return decider
    if type(left) is IS_BOOL and type(right) is IS_BOOL:
        return TRUE if op == "&&" else FALSE
    if isinstance(left, Unknown):
        return left.merge(right) if isinstance(right, Unknown) else left
    if isinstance(right, Unknown):
        return right
    return _not_bool(left, op) if type(left) is not IS_BOOL else _not_bool(right, op)


class Logical(Node):
    __slots__ = ("left", "op", "right")

    def __init__(self, start: int, end: int, op: str, left: Node, right: Node) -> None:
        super().__init__(start, end)
        self.op, self.left, self.right = op, left, right

    def eval(self, env: Env) -> Any:
        left = self.left.eval(env)
        decider = FALSE if self.op == "&&" else TRUE
        if env.trace is None and left is decider:
            return left
        right = self.right.eval(env)
        if env.trace is not None:
            env.trace[id(self.left)], env.trace[id(self.right)] = left, right
        return combine(self.op, left, right)

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


class Not(Node):
    __slots__ = ("operand",)

    def __init__(self, start: int, end: int, operand: Node) -> None:
        super().__init__(start, end)
        self.operand = operand

    def eval(self, env: Env) -> Any:
        value = self.operand.eval(env)
        if env.trace is not None:
            env.trace[id(self.operand)] = value
        if type(value) is IS_BOOL:
            return FALSE if value else TRUE
        return _not_bool(value, "!")

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


class Conditional(Node):
    __slots__ = ("otherwise", "test", "then")

    def __init__(self, start: int, end: int, test: Node, then: Node, otherwise: Node) -> None:
        super().__init__(start, end)
        self.test, self.then, self.otherwise = test, then, otherwise

    def eval(self, env: Env) -> Any:
        test = self.test.eval(env)
        if env.trace is not None:
            env.trace[id(self.test)] = test
            env.trace[id(self.then)] = self.then.eval(env)
            env.trace[id(self.otherwise)] = self.otherwise.eval(env)
        if type(test) is IS_BOOL:
            return (self.then if test else self.otherwise).eval(env)
        return _not_bool(test, "?:")

    def children(self) -> tuple[Node, ...]:
        return (self.test, self.then, self.otherwise)


class Comprehension(Node):
    """`all`, `exists`, `exists_one`, `map` and `filter` over a list's items or a map's keys."""

    __slots__ = ("macro", "predicate", "range", "transform", "var")

    def __init__(
        self,
        start: int,
        end: int,
        macro: str,
        range_: Node,
        var: str,
        predicate: Node | None,
        transform: Node | None,
    ) -> None:
        super().__init__(start, end)
        self.macro, self.range, self.var = macro, range_, var
        self.predicate, self.transform = predicate, transform

    def children(self) -> tuple[Node, ...]:
        return tuple(n for n in (self.range, self.predicate, self.transform) if n is not None)

    def eval(self, env: Env) -> Any:
        items = self.range.eval(env)
        if isinstance(items, (Unknown, CelError)):
            return items
        if type_name(items) not in ("list", "map"):
            return CelError(
                ReasonKind.NO_OVERLOAD,
                f"{self.macro}() needs a list or a map, not {type_name(items)}",
            )
        scopes = (env.bind(self.var, item) for item in list(items))
        if self.macro in ("all", "exists"):
            return self._quantify(scopes)
        return self._strict(scopes)

    def _quantify(self, scopes: Any) -> Any:
        assert self.predicate is not None
        op = "&&" if self.macro == "all" else "||"
        result = TRUE if op == "&&" else FALSE
        for scope in scopes:
            result = combine(op, result, self.predicate.eval(scope))
            if result is (FALSE if op == "&&" else TRUE):
                return result
        return result

    def _strict(self, scopes: Any) -> Any:
        results: list[Any] = []
        unknown: Unknown | None = None
        for scope in scopes:
            keep = TRUE if self.predicate is None else self.predicate.eval(scope)
            if self.predicate is not None and type(keep) is not IS_BOOL:
                keep = _not_bool(keep, f"{self.macro}()")
            if isinstance(keep, CelError):
                return keep
            if isinstance(keep, Unknown):
                unknown = keep if unknown is None else unknown.merge(keep)
                continue
            if keep is FALSE:
                continue
            if self.macro == "exists_one":
                results.append(keep)
                continue
            value = (
                scope.variables[self.var] if self.transform is None else self.transform.eval(scope)
            )
            if isinstance(value, CelError):
                return value
            if isinstance(value, Unknown):
                unknown = value if unknown is None else unknown.merge(value)
            results.append(value)
        if unknown is not None:
            return unknown
        if self.macro == "exists_one":
            return TRUE if len(results) == 1 else FALSE
        return celtypes.ListType(results)


class ListLiteral(Node):
    __slots__ = ("items",)

    def __init__(self, start: int, end: int, items: tuple[Node, ...]) -> None:
        super().__init__(start, end)
        self.items = items

    def eval(self, env: Env) -> Any:
        values = [item.eval(env) for item in self.items]
        problem = first_problem(*values)
        return problem if problem is not None else celtypes.ListType(values)

    def children(self) -> tuple[Node, ...]:
        return self.items


class MapLiteral(Node):
    __slots__ = ("entries",)

    def __init__(self, start: int, end: int, entries: tuple[tuple[Node, Node], ...]) -> None:
        super().__init__(start, end)
        self.entries = entries

    def eval(self, env: Env) -> Any:
        pairs = [(k.eval(env), v.eval(env)) for k, v in self.entries]
        problem = first_problem(*(x for pair in pairs for x in pair))
        if problem is not None:
            return problem
        for key, _ in pairs:
            if type_name(key) not in operators.KEY_TYPES:
                return CelError(ReasonKind.NO_OVERLOAD, f"a map key cannot be a {type_name(key)}")
        result = CelMap(pairs)
        if len(result) != len(pairs):
            return CelError(ReasonKind.BAD_VALUE, "a map literal repeats a key")
        return result

    def children(self) -> tuple[Node, ...]:
        return tuple(n for pair in self.entries for n in pair)
