"""Privacy mode (screen sharing): which data is the member's, and how it is hidden.

One decision, made from the data's shape and never from how a text is worded:
a value is private when its field is member data or free text, per the API
contract. Every screen and modal masks through `mask_field` (one value it
shows), `redact` (a whole JSON document) or, for the routing preview, the
engine's masked reasons (`RoutingHint.shown_reason`), which leave out the
values of every `member` path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from assign_tui.routing.model import is_member_data
from assign_tui.tui.format import MASK, NAME_LIMIT, safe

__all__ = [
    "MASK",
    "PRIVATE_FIELDS",
    "is_private",
    "mask_field",
    "mask_known_values",
    "masked",
    "redact",
]

#: Contract fields whose values privacy mode hides, in both spellings. Member data: the
#: member's name, form data, what tasks produced about them, the CEL snapshot's `member`
#: map. Free text, which operators and members write and which may say anything:
#: notes, cancel reasons, message contents (the conversation masks those itself).
PRIVATE_FIELDS = frozenset(
    {
        "memberName", "member_name",
        "formData", "form_data",
        "output",
        "member",
        "notes",
        "cancelReason", "cancel_reason",
    }
)


def is_private(name: str) -> bool:
    """Whether a contract field (either spelling) or a CEL variable path holds private data."""
    return name in PRIVATE_FIELDS or is_member_data(name)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


def mask_field(
    name: str, value: Any, privacy: bool, shown: Callable[[Any], str] = safe
) -> str:
    """How one field's value is shown: `shown(value)`, or the mask when it is private.

    An empty value is shown as it is ("no notes" tells nothing about the member).
    """
    if privacy and is_private(name) and not _empty(value):
        return MASK
    return shown(value)


def masked(name: object, privacy: bool) -> str:
    """A member's name as shown: `safe` and cut at `NAME_LIMIT`, or the mask in privacy mode."""
    return mask_field("memberName", name, privacy, lambda v: safe(v, limit=NAME_LIMIT))


def redact(data: Any) -> Any:
    """A copy of a JSON document with every private field's value masked.

    An object keeps its keys (the operator still sees which form fields exist).
    """
    if isinstance(data, list):
        return [redact(item) for item in data]
    if not isinstance(data, dict):
        return data
    result: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(key, str) and is_private(key) and not _empty(value):
            result[key] = {k: MASK for k in value} if isinstance(value, dict) else MASK
        else:
            result[key] = redact(value)
    return result


def _values(data: Any) -> Iterator[Any]:
    yield data
    if isinstance(data, Mapping):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)


def mask_known_values(text: str, snapshot: Mapping[str, Any] | None, privacy: bool) -> str:
    """`text` from the server (a 409 reason), with every value of the snapshot's `member` masked.

    The server's words are its own; what the console knows is the member's data,
    so every value it holds (as CEL or JSON spells it) is masked wherever it appears.
    """
    member = (snapshot or {}).get("member")
    if not privacy or not member:
        return text
    from assign_tui.routing.values import display  # cel-python loads only here

    spellings: set[str] = set()
    for value in _values(member):
        if not _empty(value):
            spellings.update({display(value), display(value, limit=10_000)})
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                spellings.add(str(value))
    ordered = sorted((s for s in spellings if s.strip()), key=len, reverse=True)
    # Whole words only: the member's age 67 is masked, assignment 1067 is not.
    pattern = "|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in ordered)
    return re.sub(pattern, MASK, text) if pattern else text
