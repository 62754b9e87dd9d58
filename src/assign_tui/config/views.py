"""Saved views of the list: the defaults, and `[profiles.NAME.views.VIEW]` on top of them.

A view is a saved query over the list endpoint's filters (status set, mine,
member, current task, sort and order, page size). The profile can change a
default view (only the keys it writes), hide it, add its own, and give the
order (`view_order`). Kept free of textual and of the API client: the console
turns a `ViewSpec` into a query (`assign_tui.tui.views`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["DEFAULT_VIEWS", "SORT_NAMES", "ViewSpec", "resolve_views"]

#: The statuses the contract names; a typo in a view is an error, not an empty view.
_STATUSES = ("pending", "active", "paused", "completed", "cancelled", "failed")

#: Sort names a view may give: the API's field names and the console's short words.
SORT_NAMES = {
    "id": "id", "createdAt": "createdAt", "created": "createdAt",
    "updatedAt": "updatedAt", "updated": "updatedAt", "dueAt": "dueAt", "due": "dueAt",
    "status": "status", "priority": "priority",
}


class ViewSpec(BaseModel):
    """One view as the TOML writes it; every key optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str | None = Field(default=None, min_length=1, max_length=24)
    status: tuple[str, ...] = ()
    mine: bool = False
    member: int | None = Field(default=None, ge=1)
    task: int | None = Field(default=None, ge=1)
    sort: str = "createdAt"
    order: Literal["asc", "desc"] = "desc"
    page_size: int | None = Field(default=None, ge=1, le=100)
    hidden: bool = False

    @field_validator("status", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    @field_validator("status")
    @classmethod
    def _known_statuses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [status for status in value if status not in _STATUSES]
        if unknown:
            raise ValueError(f"unknown status {unknown[0]!r}; known: {', '.join(_STATUSES)}")
        return value

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, value: str) -> str:
        if value not in SORT_NAMES:
            raise ValueError(f"unknown sort {value!r}; known: {', '.join(SORT_NAMES)}")
        return SORT_NAMES[value]

    @field_validator("label")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or not value.isprintable()):
            raise ValueError("must be printable text, not empty")
        return value

    def title(self, name: str) -> str:
        """What the bar shows: the label, else the name with `_` as spaces."""
        return self.label or name.replace("_", " ")


DEFAULT_VIEWS: dict[str, ViewSpec] = {
    "all": ViewSpec(label="All"),
    "mine": ViewSpec(label="Mine", mine=True),
    "active": ViewSpec(label="Active", status=("active",)),
    "paused": ViewSpec(label="Paused", status=("paused",)),
    "due_soon": ViewSpec(label="Due soon", status=("active",), sort="dueAt", order="asc"),
    "urgent_first": ViewSpec(label="Urgent first", status=("active",), sort="priority",
                             order="desc"),
}


def check_view_order(order: list[str], views: dict[str, ViewSpec]) -> list[str]:
    """`view_order` may only name default views and the profile's own (no repeats)."""
    known = [*DEFAULT_VIEWS, *(name for name in views if name not in DEFAULT_VIEWS)]
    for name in order:
        if name not in known:
            raise ValueError(f"names {name!r}, which is no view; known: {', '.join(known)}")
    if len(set(order)) != len(order):
        raise ValueError("names a view twice")
    return order


def resolve_views(
    views: dict[str, ViewSpec], order: tuple[str, ...] | list[str] = ()
) -> list[tuple[str, ViewSpec]]:
    """The visible views in bar order: the defaults with the profile's keys written over
    them (only the keys it sets), then its own views; `order` first, the rest after."""
    merged = dict(DEFAULT_VIEWS)
    for name, spec in views.items():
        base = merged.get(name)
        if base is None:
            merged[name] = spec
        else:
            merged[name] = base.model_copy(update={key: getattr(spec, key)
                                                   for key in spec.model_fields_set})
    names = [*order, *(name for name in merged if name not in order)]
    return [(name, merged[name]) for name in names if not merged[name].hidden]
