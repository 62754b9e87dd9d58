"""Which variable paths a condition reads, and what the snapshot holds there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assign_tui.routing.functions import TYPE_IDENTS
from assign_tui.routing.logic import Comprehension
from assign_tui.routing.model import Reference
from assign_tui.routing.nodes import Has, Ident, Index, Literal, Node, Select
from assign_tui.routing.values import holds_redacted, is_redacted, join_path, type_name

Path = tuple[Any, ...]


def read_paths(root: Node) -> tuple[Path, ...]:
    """The longest constant chains `a.b["c"].d` rooted at a variable, in source order."""
    found: list[Path] = []
    _walk(root, frozenset(), found)
    return tuple(dict.fromkeys(found))


def chain_path(node: Node, bound: frozenset[str]) -> Path | None:
    if isinstance(node, Ident):
        if node.name in bound or node.name in TYPE_IDENTS:
            return None
        return (node.name,)
    if isinstance(node, Select):
        base = chain_path(node.operand, bound)
        return None if base is None else (*base, node.field)
    if isinstance(node, Index) and isinstance(node.index, Literal):
        key = _plain_key(node.index.value)
        if key is not None:
            base = chain_path(node.operand, bound)
            return None if base is None else (*base, key)
    return None


def _plain_key(key: Any) -> str | int | None:
    """A literal index as plain Python: cel-python's values raise when compared across types."""
    kind = type_name(key)
    if kind == "string":
        return str(key)
    if kind in ("int", "uint"):
        return int(key)
    return None


def _walk(node: Node, bound: frozenset[str], found: list[Path]) -> None:
    path = chain_path(node, bound)
    if path is not None:
        found.append(path)
        return
    if isinstance(node, Has):
        base = chain_path(node.operand, bound)
        if base is not None:
            found.append((*base, node.field))
            return
    if isinstance(node, Comprehension):
        _walk(node.range, bound, found)
        inner = bound | {node.var}
        for child in (node.predicate, node.transform):
            if child is not None:
                _walk(child, inner, found)
        return
    for child in node.children():
        _walk(child, bound, found)


def path_text(path: Path) -> str:
    text = str(path[0])
    for key in path[1:]:
        text = join_path(text, key)
    return text


def resolve(
    paths: Sequence[Path], context: Mapping[str, Any], *, redact: bool
) -> tuple[Reference, ...]:
    """Each path with its value in the (raw JSON) context, or marked redacted or absent.

    A path under `member.form_data` or `member.data` is always `redacted` and
    never carries its value, even over full data: it is PHI, and reasons built
    from references end up in the server's answers. The preview cannot even
    say whether it is present. A path whose value holds those maps (`member`
    itself, read by `member != null` or `size(member)`) is redacted too: its
    value would carry them whole.
    """
    references = []
    for path in paths:
        text = path_text(path)
        present, value = _lookup(context, path)
        if is_redacted(text):
            references.append(Reference(text, None, redacted=True, present=present and not redact))
        elif holds_redacted(text):
            references.append(Reference(text, None, redacted=True, present=present))
        else:
            references.append(Reference(text, value, redacted=False, present=present))
    return tuple(references)


def _lookup(context: Any, path: Path) -> tuple[bool, Any]:
    value = context
    for key in path:
        if (isinstance(value, Mapping) and key in value) or (
            isinstance(value, Sequence)
            and not isinstance(value, str)
            and isinstance(key, int)
            and 0 <= key < len(value)
        ):
            value = value[key]
        else:
            return False, None
    return True, value
