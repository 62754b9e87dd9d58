"""CEL's map: keys of different types stay apart, numbers are found across int, uint and double.

cel-python's `MapType` is a `dict` keyed by its own values, whose `==`
raises across types and whose `hash` makes `true` and `1` collide: the map
literal `{1: 'a', true: 'b'}` raised `TypeError` out of the engine. Here each
key is filed under a plain-Python identity: `true` and `1` are different
keys, while `1`, `1u` and `1.0` find the same entry, as the specification's
heterogeneous equality says.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from celpy import celtypes

KeyIdentity = tuple[str, Any]


def key_identity(key: Any) -> KeyIdentity | None:
    """Where a key is filed; None for a value no map key can equal (`1.5`, `null`)."""
    if isinstance(key, bool) or type(key) is celtypes.BoolType:
        return ("bool", bool(key))
    if isinstance(key, str):
        return ("string", str(key))
    if isinstance(key, int):
        return ("number", int(key))
    if isinstance(key, float) and math.isfinite(key) and float(key).is_integer():
        return ("number", int(key))
    return None


class CelMap(Mapping[Any, Any]):
    """An immutable CEL map that iterates its keys as they were given, in order."""

    __slots__ = ("_entries",)

    def __init__(self, pairs: Iterable[tuple[Any, Any]] = ()) -> None:
        self._entries: dict[KeyIdentity, tuple[Any, Any]] = {}
        for key, value in pairs:
            identity = key_identity(key)
            if identity is None or isinstance(key, float):
                raise TypeError("a map key must be a bool, an integer or a string")
            self._entries[identity] = (key, value)

    def find(self, key: Any) -> tuple[bool, Any]:
        """(found, value) for a key of any type; never raises."""
        identity = key_identity(key)
        entry = self._entries.get(identity) if identity is not None else None
        return (False, None) if entry is None else (True, entry[1])

    def has_key(self, key: Any) -> bool:
        identity = key_identity(key)
        return identity is not None and identity in self._entries

    def replacing(self, key: Any, value: Any) -> CelMap:
        """A copy with one entry's value replaced (or added), keeping the order."""
        copy = CelMap()
        copy._entries = dict(self._entries)
        identity = key_identity(key)
        assert identity is not None
        copy._entries[identity] = (key, value)
        return copy

    def __getitem__(self, key: Any) -> Any:
        found, value = self.find(key)
        if not found:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.has_key(key)

    def __iter__(self) -> Iterator[Any]:
        return (key for key, _ in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"CelMap({list(self._entries.values())!r})"
