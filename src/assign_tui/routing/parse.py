"""From source text to nodes, with cel-python's parser; compiled once per distinct condition."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import celpy
from celpy import celtypes
from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken
from lark.tree import Branch

from assign_tui.routing import functions, operators
from assign_tui.routing.literals import BadLiteral, decode_literal
from assign_tui.routing.logic import (
    Comprehension,
    Conditional,
    ListLiteral,
    Logical,
    MapLiteral,
    Not,
)
from assign_tui.routing.model import ReasonKind
from assign_tui.routing.nodes import Call, Has, Ident, Index, Literal, Node, Select
from assign_tui.routing.references import read_paths
from assign_tui.routing.values import FALSE, TRUE, Fail, Unknown


class Rejected(Exception):
    """The condition cannot be compiled; `kind` says whether the server would reject it too."""

    def __init__(self, kind: ReasonKind, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message


@dataclass(frozen=True, slots=True)
class Compiled:
    """A condition ready to evaluate, or the reason it cannot be."""

    source: str
    root: Node | None
    rejected: Rejected | None = None
    unsupported: tuple[str, ...] = ()
    paths: tuple[tuple[Any, ...], ...] = ()


_OPERATORS = {
    "relation_lt": ("_<_", lambda a, b: operators.compare("<", a, b)),
    "relation_le": ("_<=_", lambda a, b: operators.compare("<=", a, b)),
    "relation_gt": ("_>_", lambda a, b: operators.compare(">", a, b)),
    "relation_ge": ("_>=_", lambda a, b: operators.compare(">=", a, b)),
    "relation_eq": ("_==_", operators.equals),
    "relation_ne": ("_!=_", lambda a, b: _negate(operators.equals(a, b))),
    "relation_in": ("_in_", lambda a, b: operators.contains(b, a)),
    "addition_add": ("_+_", lambda a, b: operators.arithmetic("+", a, b)),
    "addition_sub": ("_-_", lambda a, b: operators.arithmetic("-", a, b)),
    "multiplication_mul": ("_*_", lambda a, b: operators.arithmetic("*", a, b)),
    "multiplication_div": ("_/_", lambda a, b: operators.arithmetic("/", a, b)),
    "multiplication_mod": ("_%_", lambda a, b: operators.arithmetic("%", a, b)),
}
_QUANTIFIERS = {"all", "exists", "exists_one", "filter"}
_OPTIONAL_SYNTAX = re.compile(r"[.\[{,]\s*\?")
"""`.?f`, `m[?k]`, `[?x]`, `{?k: v}`, `[a, ?b]`: optional syntax, which cel-python cannot parse."""
_STRINGS = re.compile(r"""(?s)[rR]?('''.*?'''|\"\"\".*?\"\"\"|'(\\.|[^'\\])*'|"(\\.|[^"\\])*")""")


def _integer(text: str) -> int:
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    if digits[:2] in ("0x", "0X"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


def _text_literal(token: Token) -> Any:
    try:
        value = decode_literal(token.value)
    except BadLiteral as bad:
        raise Rejected(
            ReasonKind.PARSE_ERROR, f"bad string literal at column {token.column}: {bad}"
        ) from None
    if isinstance(value, bytes):
        return celtypes.BytesType(value)
    return celtypes.StringType(value)


def _negate(value: Any) -> Any:
    return value if isinstance(value, Unknown) else (FALSE if value else TRUE)


@functools.lru_cache(maxsize=1024)
def compile_condition(source: str) -> Compiled:
    """Parse and build once; the result is shared by every snapshot."""
    try:
        tree = _parser().parse(source)
    except LarkError as error:
        return Compiled(source, None, _parse_rejection(source, error))
    builder = _Builder(source)
    try:
        root = builder.build(tree)
    except Rejected as rejected:
        return Compiled(source, None, rejected)
    except RecursionError:
        return Compiled(
            source, None, Rejected(ReasonKind.PARSE_ERROR, "the condition is nested too deeply")
        )
    unsupported = tuple(dict.fromkeys(builder.unsupported))
    return Compiled(source, root, None, unsupported, read_paths(root))


@functools.cache
def _parser() -> Lark:
    """cel-python's grammar, with a lexer callback that keeps `true`/`false` positions."""
    grammar = (Path(celpy.__file__).parent / "cel.lark").read_text()
    return Lark(
        grammar,
        parser="lalr",
        start="expr",
        g_regex_flags=re.M,
        lexer_callbacks={"IDENT": _keyword_literal},
        propagate_positions=True,
        maybe_placeholders=False,
        priority="invert",
    )


def _keyword_literal(token: Token) -> Token:
    if token.value in ("true", "false"):
        return Token.new_borrow_pos("BOOL_LIT", token.value, token)
    return token


def _parse_rejection(source: str, error: LarkError) -> Rejected:
    code = _STRINGS.sub('""', source)
    if _OPTIONAL_SYNTAX.search(code):
        return Rejected(ReasonKind.UNSUPPORTED_SYNTAX, "uses optional syntax (.?, [?, {?)")
    if "`" in code:
        return Rejected(ReasonKind.UNSUPPORTED_SYNTAX, "uses a quoted field name (`...`)")
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        return Rejected(ReasonKind.PARSE_ERROR, "parse error: the condition ends too early")
    if not isinstance(error, (UnexpectedToken, UnexpectedCharacters)):
        return Rejected(ReasonKind.PARSE_ERROR, "parse error")
    line, column = error.line, error.column
    if "\n" in source.strip():
        return Rejected(ReasonKind.PARSE_ERROR, f"parse error at line {line}, column {column}")
    return Rejected(ReasonKind.PARSE_ERROR, f"parse error at column {column}")


#: A node of the parse tree: a rule (a subtree) or a terminal (a token).
_Item = Branch[Token]


def _rule(item: _Item) -> Tree[Token]:
    """The subtree where the grammar puts a rule (a token there is not a condition we read)."""
    if isinstance(item, Tree):
        return item
    raise Rejected(ReasonKind.PARSE_ERROR, f"parse error at {item.type}")


def _token(item: _Item) -> Token:
    """The token where the grammar puts a terminal (a name, a literal)."""
    if isinstance(item, Token):
        return item
    raise Rejected(ReasonKind.PARSE_ERROR, f"parse error at {item.data}")


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.unsupported: list[str] = []

    def span(self, item: _Item) -> tuple[int, int]:
        if isinstance(item, Token):
            return item.start_pos or 0, item.end_pos or 0
        meta = item.meta
        return getattr(meta, "start_pos", 0), getattr(meta, "end_pos", 0)

    def text(self, item: _Item) -> str:
        start, end = self.span(item)
        return self.source[start:end]

    def build(self, item: _Item) -> Node:
        tree = _rule(item)
        kids = tree.children
        start, end = self.span(tree)
        kind = tree.data
        if kind == "expr":
            if len(kids) == 1:
                return self.build(kids[0])
            return Conditional(start, end, *(self.build(k) for k in kids))
        if kind in ("conditionalor", "conditionaland"):
            if len(kids) == 1:
                return self.build(kids[0])
            op = "||" if kind == "conditionalor" else "&&"
            return Logical(start, end, op, self.build(kids[0]), self.build(kids[1]))
        if kind in ("relation", "addition", "multiplication"):
            if len(kids) == 1:
                return self.build(kids[0])
            operator = _rule(kids[0])
            name, apply = _OPERATORS[operator.data]
            args = (self.build(operator.children[0]), self.build(kids[1]))
            return Call(start, end, name, args, apply, method=False)
        if kind == "unary":
            if len(kids) == 1:
                return self.build(kids[0])
            operand = self.build(kids[1])
            if _rule(kids[0]).data == "unary_not":
                return Not(start, end, operand)
            return Call(start, end, "-_", (operand,), operators.negate, method=False)
        if kind in ("member", "primary", "paren_expr"):
            return self.build(kids[0])
        if kind == "member_dot":
            return Select(start, end, self.build(kids[0]), str(kids[1]), self.text(kids[0]))
        if kind == "member_index":
            operand, index = self.build(kids[0]), self.build(kids[1])
            return Index(start, end, operand, index, self.text(kids[0]), self.text(kids[1]))
        if kind == "member_dot_arg":
            arguments = _rule(kids[2]).children if len(kids) > 2 else []
            return self.method(tree, kids[0], _token(kids[1]), arguments)
        if kind == "ident_arg":
            arguments = _rule(kids[1]).children if len(kids) > 1 else []
            return self.function(tree, _token(kids[0]), arguments)
        if kind == "dot_ident_arg":
            arguments = _rule(kids[1]).children if len(kids) > 1 else []
            return self.function(tree, _token(kids[0]), arguments)
        if kind in ("ident", "dot_ident"):
            return Ident(start, end, str(kids[0]))
        if kind == "literal":
            return Literal(start, end, self.literal(_token(kids[0])))
        if kind == "list_lit":
            items = tuple(self.build(k) for k in _rule(kids[0]).children) if kids else ()
            return ListLiteral(start, end, items)
        if kind == "map_lit":
            flat = [self.build(k) for k in _rule(kids[0]).children] if kids else []
            return MapLiteral(start, end, tuple(zip(flat[0::2], flat[1::2], strict=True)))
        if kind == "member_object":
            raise Rejected(
                ReasonKind.UNSUPPORTED_SYNTAX,
                "builds a message, which the preview does not support",
            )
        raise Rejected(ReasonKind.PARSE_ERROR, f"parse error at {kind}")

    def literal(self, token: Token) -> Any:
        if token.type in ("STRING_LIT", "MLSTRING_LIT", "BYTES_LIT"):
            return _text_literal(token)
        try:
            if token.type == "INT_LIT":
                return operators.make_int(_integer(token.value))
            if token.type == "UINT_LIT":
                return operators.make_uint(_integer(token.value[:-1]))
            if token.type == "FLOAT_LIT":
                return celtypes.DoubleType(float(token.value))
            if token.type == "BOOL_LIT":
                return TRUE if token.value == "true" else FALSE
            if token.type == "NULL_LIT":
                return None
        except (ValueError, Fail):
            pass
        raise Rejected(
            ReasonKind.PARSE_ERROR, f"bad literal {token.value[:20]} at column {token.column}"
        )

    def function(self, tree: _Item, name_token: Token, arg_trees: list[_Item]) -> Node:
        name = str(name_token)
        start, end = self.span(tree)
        if name == "has":
            target = self._unwrap(arg_trees[0]) if len(arg_trees) == 1 else None
            if target is None or target.data != "member_dot":
                raise Rejected(
                    ReasonKind.PARSE_ERROR, "has() needs a field, like has(member.data.a1c)"
                )
            operand, field = target.children
            return Has(start, end, self.build(operand), str(field), self.text(operand))
        args = tuple(self.build(a) for a in arg_trees)
        apply = functions.GLOBAL_FUNCTIONS.get(name)
        if apply is None:
            self.unsupported.append(name)
        return Call(start, end, name, args, apply, method=False)

    def method(
        self, tree: _Item, target: _Item, name_token: Token, arg_trees: list[_Item]
    ) -> Node:
        name = str(name_token)
        start, end = self.span(tree)
        if name in _QUANTIFIERS or name == "map":
            return self.macro(tree, target, name, arg_trees)
        args = (self.build(target), *(self.build(a) for a in arg_trees))
        apply = functions.METHODS.get(name)
        if apply is None:
            self.unsupported.append(name)
        return Call(start, end, name, args, apply, method=True)

    def macro(self, tree: _Item, target: _Item, name: str, arg_trees: list[_Item]) -> Node:
        start, end = self.span(tree)
        variables = [self._ident(a) for a in arg_trees]
        counts = (2, 3) if name == "map" else (2,)
        if name != "map" and len(arg_trees) == 3 and variables[0] and variables[1]:
            raise Rejected(ReasonKind.UNSUPPORTED_SYNTAX, f"uses the two-variable {name}()")
        if len(arg_trees) not in counts or variables[0] is None:
            raise Rejected(
                ReasonKind.PARSE_ERROR, f"{name}() needs a variable name and an expression"
            )
        body = [self.build(a) for a in arg_trees[1:]]
        if name == "map":
            predicate, transform = (body[0], body[1]) if len(body) == 2 else (None, body[0])
        else:
            predicate, transform = body[0], None
        return Comprehension(
            start, end, name, self.build(target), variables[0], predicate, transform
        )

    def _unwrap(self, tree: _Item) -> Tree[Token] | None:
        """The single member node below a chain of one-child wrappers, if any."""
        while (
            isinstance(tree, Tree)
            and len(tree.children) == 1
            and tree.data not in ("member_dot", "ident", "literal")
        ):
            tree = tree.children[0]
        return tree if isinstance(tree, Tree) else None

    def _ident(self, tree: _Item) -> str | None:
        inner = self._unwrap(tree)
        if inner is not None and inner.data == "ident":
            return str(inner.children[0])
        return None
