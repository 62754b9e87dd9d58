"""The condition as a tree of nodes that evaluate themselves, with CEL's error rules.

Three kinds of result flow through: values, `CelError` and `Unknown`.
`&&`, `||` and `?:` absorb errors and unknowns when the other side decides
(unknown wins over error, as in cel-go); everything else is strict, and
there a definite error wins over an unknown, because the server meets that
error whatever the hidden data holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celpy import celtypes

from assign_tui.routing import functions, operators
from assign_tui.routing.model import ReasonKind
from assign_tui.routing.values import (
    FALSE,
    TRUE,
    CelError,
    CelType,
    Fail,
    NoOutput,
    Unknown,
    article,
    display,
    type_name,
)


class Env:
    """One evaluation: the variables, whether unseen things are unknown, and an optional trace."""

    __slots__ = ("bound", "preview", "trace", "variables")

    def __init__(
        self,
        variables: dict[str, Any],
        preview: bool,
        trace: dict[int, Any] | None = None,
        bound: frozenset[str] = frozenset(),
    ):
        self.variables = variables
        self.preview = preview
        self.trace = trace
        self.bound = bound

    def bind(self, name: str, value: Any) -> Env:
        """A comprehension's variable, which shadows dotted names below it (`y.z`)."""
        return Env({**self.variables, name: value}, self.preview, self.trace, self.bound | {name})


def first_problem(*values: Any) -> Any:
    """For strict operations: the first error, else the merged unknowns, else None."""
    unknown = None
    for value in values:
        if isinstance(value, CelError):
            return value
        if isinstance(value, Unknown):
            unknown = value if unknown is None else unknown.merge(value)
    return unknown


class Node:
    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end

    def eval(self, env: Env) -> Any:
        raise NotImplementedError

    def children(self) -> tuple[Node, ...]:
        return ()


class Literal(Node):
    __slots__ = ("value",)

    def __init__(self, start: int, end: int, value: Any) -> None:
        super().__init__(start, end)
        self.value = value

    def eval(self, env: Env) -> Any:
        return self.value


class Ident(Node):
    __slots__ = ("name",)

    def __init__(self, start: int, end: int, name: str) -> None:
        super().__init__(start, end)
        self.name = name

    def eval(self, env: Env) -> Any:
        try:
            return env.variables[self.name]
        except KeyError:
            pass
        if self.name in functions.TYPE_IDENTS:
            return CelType(self.name)
        if env.preview:
            return Unknown(((ReasonKind.MISSING_VARIABLE, self.name),))
        return CelError(ReasonKind.MISSING_VARIABLE, f"there is no variable {self.name}")


def select(value: Any, key: Any, where: str, key_text: str | None = None) -> Any:
    """`value.key` or `value[key]` on a known or unknown operand.

    An error names the key by `key_text` (its source) when it was computed:
    over full data a computed key may be PHI (`m[member.data.ssn]`), and
    error messages end up in the server's answers.
    """
    if isinstance(value, Unknown):
        return value.select(key) if isinstance(key, str) else value
    if isinstance(value, CelError):
        return value
    kind = type_name(value)
    if kind == "map":
        found, item = operators.map_lookup(value, key)
        if found:
            return item
        if isinstance(value, NoOutput):
            return CelError(ReasonKind.NOT_YET, f"the {value.task} task has no output yet")
        shown = key_text if key_text is not None else display(key)
        return CelError(ReasonKind.NO_SUCH_KEY, f"{where} has no key {shown}")
    if kind == "list" and not isinstance(key, str):
        return _list_item(value, key, where, key_text)
    return CelError(ReasonKind.NO_OVERLOAD, f"{where} is {article(kind)}, not a map")


def _list_item(items: Any, index: Any, where: str, index_text: str | None) -> Any:
    kind = type_name(index)
    if kind not in operators.NUMERIC or (kind == "double" and not float(index).is_integer()):
        return CelError(ReasonKind.NO_OVERLOAD, f"a list index cannot be {article(kind)}")
    position = int(index)
    if not 0 <= position < len(items):
        shown = index_text if index_text is not None else str(position)
        return CelError(ReasonKind.NO_SUCH_KEY, f"{where} has no item {shown}")
    return items[position]


class Select(Node):
    """`e.f`; when `e.f` is a chain of names, a variable bound under the dotted name wins.

    CEL resolves `a.b.c` to the longest bound prefix (`a.b.c`, then `a.b`
    with `.c`, then `a`): checking the whole chain at every level gives that.
    """

    __slots__ = ("field", "operand", "qualified", "root", "where")

    def __init__(self, start: int, end: int, operand: Node, field: str, where: str) -> None:
        super().__init__(start, end)
        self.operand, self.field, self.where = operand, field, where
        if isinstance(operand, Ident):
            self.root: str | None = operand.name
            self.qualified: str | None = f"{operand.name}.{field}"
        elif isinstance(operand, Select) and operand.qualified is not None:
            self.root, self.qualified = operand.root, f"{operand.qualified}.{field}"
        else:
            self.root = self.qualified = None

    def eval(self, env: Env) -> Any:
        if (
            self.qualified is not None
            and self.qualified in env.variables
            and self.root not in env.bound
        ):
            return env.variables[self.qualified]
        return select(self.operand.eval(env), celtypes.StringType(self.field), self.where)

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


class Has(Node):
    """`has(e.f)`: whether the map `e` has key `f`; unknown when `e` is."""

    __slots__ = ("field", "operand", "where")

    def __init__(self, start: int, end: int, operand: Node, field: str, where: str) -> None:
        super().__init__(start, end)
        self.operand, self.field, self.where = operand, field, where

    def eval(self, env: Env) -> Any:
        value = self.operand.eval(env)
        if isinstance(value, Unknown):
            return value.select(self.field)
        if isinstance(value, CelError):
            return value
        if type_name(value) != "map":
            return CelError(ReasonKind.NO_OVERLOAD, f"has() needs a map, {self.where} is not one")
        return TRUE if self.field in value else FALSE

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


class Index(Node):
    __slots__ = ("index", "index_text", "operand", "where")

    def __init__(
        self, start: int, end: int, operand: Node, index: Node, where: str, index_text: str
    ) -> None:
        super().__init__(start, end)
        self.operand, self.index, self.where = operand, index, where
        self.index_text = None if isinstance(index, Literal) else index_text

    def eval(self, env: Env) -> Any:
        value, key = self.operand.eval(env), self.index.eval(env)
        if isinstance(value, Unknown) and type_name(key) in ("string", "int"):
            return value.select(str(key) if type_name(key) == "string" else int(key))
        problem = first_problem(value, key)
        if problem is not None:
            return problem
        try:
            return select(value, key, self.where, self.index_text)
        except Fail as fail:
            return CelError(fail.kind, fail.message)

    def children(self) -> tuple[Node, ...]:
        return (self.operand, self.index)


class Call(Node):
    """A strict function, method or operator: evaluate everything, then apply."""

    __slots__ = ("apply", "args", "method", "name")

    def __init__(
        self,
        start: int,
        end: int,
        name: str,
        args: tuple[Node, ...],
        apply: Callable[..., Any] | None,
        method: bool,
    ) -> None:
        super().__init__(start, end)
        self.name, self.args, self.apply, self.method = name, args, apply, method

    def eval(self, env: Env) -> Any:
        values = [arg.eval(env) for arg in self.args]
        problem = first_problem(*values)
        if self.apply is None:
            if env.preview:
                return Unknown(((ReasonKind.UNSUPPORTED_FUNCTION, f"{self.name}()"),))
            return CelError(ReasonKind.UNSUPPORTED_FUNCTION, f"there is no function {self.name}()")
        if problem is not None:
            return problem
        try:
            return self.apply(*values)
        except Fail as fail:
            if fail.kind is ReasonKind.UNSUPPORTED_FUNCTION:
                if env.preview:
                    return Unknown(((fail.kind, fail.message),))
                return CelError(fail.kind, f"uses {fail.message}, which this engine does not have")
            return CelError(fail.kind, fail.message)
        except (TypeError, ValueError, OverflowError):
            kinds = ", ".join(type_name(v) for v in values)
            return CelError(ReasonKind.NO_OVERLOAD, f"no function {self.name}({kinds})")

    def children(self) -> tuple[Node, ...]:
        return self.args
