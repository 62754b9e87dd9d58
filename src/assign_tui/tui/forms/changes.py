"""What an edit changes, what the server changed meanwhile, and which key a create uses.

Pure (no textual), so the rules that decide what is sent are unit-tested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from rich.text import Text

from assign_tui.api.client import new_idempotency_key
from assign_tui.api.models import Assignment
from assign_tui.tui.format import clip, safe, short_time
from assign_tui.tui.forms.notes_edit import form_text
from assign_tui.tui.forms.validation import format_due, metadata_text
from assign_tui.tui.privacy import mask_field
from assign_tui.tui.rules import SETTABLE_STATUSES

__all__ = [
    "EDITABLE_STATUSES",
    "FIELD_LABELS",
    "IdempotencyKeys",
    "UpdateValues",
    "changed_fields",
    "field_texts",
    "server_changes",
    "stale_report",
]

#: The statuses an operator may switch between (and only from one of them): tui/rules.py.
EDITABLE_STATUSES = SETTABLE_STATUSES

FIELD_LABELS = {
    "priority": "priority",
    "due_at": "due",
    "notes": "notes",
    "metadata": "metadata",
    "status": "status",
}


@dataclass(frozen=True)
class UpdateValues:
    """The fields the update form edits. `status` None: the form does not offer it."""

    priority: str
    due_at: datetime | None
    notes: str | None
    metadata: dict[str, Any]
    status: str | None

    @classmethod
    def of(cls, assignment: Assignment) -> UpdateValues:
        status = assignment.status if assignment.status in EDITABLE_STATUSES else None
        return cls(
            priority=assignment.priority,
            due_at=assignment.due_at,
            notes=assignment.notes,
            metadata=dict(assignment.metadata),
            status=status,
        )


def field_texts(values: UpdateValues) -> dict[str, str]:
    """What each update-form field shows for `values` (server text made safe)."""
    return {
        "priority": values.priority,
        "due": format_due(values.due_at),
        "notes": form_text(values.notes or ""),
        "metadata": metadata_text(values.metadata),
        "status": values.status or "",
    }


def _same(name: str, before: Any, after: Any) -> bool:
    if name == "notes":
        return (before or "") == (after or "")
    if name == "due_at" and before is not None and after is not None:
        # The form edits to the minute; seconds the server kept are not a change.
        minute = {"second": 0, "microsecond": 0}
        return bool(before.replace(**minute) == after.replace(**minute))
    return bool(before == after)


def changed_fields(base: UpdateValues, edited: UpdateValues) -> dict[str, Any]:
    """The fields of `edited` that differ from `base`, as `UpdateAssignmentRequest` kwargs.

    Empty notes against notes on the server is an explicit None (clears them).
    """
    changes: dict[str, Any] = {}
    for item in fields(UpdateValues):
        name = item.name
        before, after = getattr(base, name), getattr(edited, name)
        if name == "status" and (before is None or after is None):
            continue
        if _same(name, before, after):
            continue
        if name == "notes" and not after:
            after = None
        changes[name] = after
    return changes


def describe_value(name: str, value: Any) -> str:
    """One short, safe line for a field's value in the "changed meanwhile" list."""
    if value is None or value == "":
        return "(none)"
    if name == "due_at" and isinstance(value, datetime):
        return short_time(value)
    if name == "metadata":
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return clip(safe(value, single_line=True), 40)


def server_changes(
    at_open: Assignment, now: Assignment, privacy: bool = False
) -> list[tuple[str, str, str]]:
    """(field, value when the form opened, value now) for each form field the server changed.

    In privacy mode a private field (the notes) says that it changed, not what it says.
    """
    before, after = UpdateValues.of(at_open), UpdateValues.of(now)
    changes: list[tuple[str, str, str]] = []
    for item in fields(UpdateValues):
        name = item.name
        old, new = getattr(before, name), getattr(after, name)
        if name == "status":
            old, new = at_open.status, now.status
        if not _same(name, old, new):
            def shown(value: Any, name: str = name) -> str:
                return mask_field(name, value, privacy, lambda v: describe_value(name, v))

            changes.append((FIELD_LABELS[name], shown(old), shown(new)))
    return changes


def stale_report(changes: list[tuple[str, str, str]]) -> Text:
    """The "changed meanwhile" box: each field as at-open → now (values already safe)."""
    text = Text("Changed on the server since you opened this form", style="bold")
    text.append(" (at open → now):")
    for label, before, after in changes:
        text.append(f"\n  {label}: {before} → {after}")
    if not changes:
        text.append("\n  none of this form's fields (something else changed)")
    return text


class IdempotencyKeys:
    """One `Idempotency-Key` per distinct body a create form sends.

    The first key is made with the form, so a double submit or a retry after a
    timeout reuses it and the server creates one assignment. Changing the body
    after a failure needs a new key (the server answers 409 to a reused key
    with another body); changing it back reuses the first body's key, in case
    the first attempt did create something.
    """

    def __init__(self) -> None:
        self._first = new_idempotency_key()
        self._by_body: dict[str, str] = {}

    def key_for(self, body: dict[str, Any]) -> str:
        fingerprint = json.dumps(body, sort_keys=True, ensure_ascii=True)
        key = self._by_body.get(fingerprint)
        if key is None:
            key = self._first if not self._by_body else new_idempotency_key()
            self._by_body[fingerprint] = key
        return key
