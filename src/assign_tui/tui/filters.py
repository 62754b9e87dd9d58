"""The list's filters as words: the quick filter (`/`) and the summary line.

The API filters by status, mine, member id and current task id; the quick
filter is a small language over exactly those, so an operator can type
`active paused member:311` instead of walking a form.
"""

from __future__ import annotations

from dataclasses import dataclass

from assign_tui.api.models import AssignmentQuery, AssignmentSortField, AssignmentStatus, SortOrder

KNOWN_STATUSES = tuple(status.value for status in AssignmentStatus)

SORT_LABELS = {
    AssignmentSortField.ID: "id",
    AssignmentSortField.CREATED_AT: "created",
    AssignmentSortField.UPDATED_AT: "updated",
    AssignmentSortField.DUE_AT: "due",
    AssignmentSortField.STATUS: "status",
    AssignmentSortField.PRIORITY: "priority",
}


@dataclass(frozen=True)
class SortChoice:
    """A field in the sort picker: its letter, and the order the letter alone gives."""

    key: str
    field: AssignmentSortField
    #: The order the letter alone gives; Shift gives the other.
    order: SortOrder
    descending: str
    ascending: str


_F = AssignmentSortField
SORT_CHOICES = (
    SortChoice("c", _F.CREATED_AT, SortOrder.DESC, "newest first", "oldest first"),
    SortChoice("u", _F.UPDATED_AT, SortOrder.DESC, "newest first", "oldest first"),
    SortChoice("d", _F.DUE_AT, SortOrder.ASC, "latest first", "soonest first"),
    SortChoice("p", _F.PRIORITY, SortOrder.DESC, "highest first", "lowest first"),
    SortChoice("s", _F.STATUS, SortOrder.ASC, "z to a", "a to z"),
    SortChoice("i", _F.ID, SortOrder.DESC, "highest first", "lowest first"),
)


def other_order(order: SortOrder) -> SortOrder:
    return SortOrder.ASC if order == SortOrder.DESC else SortOrder.DESC


def order_words(field: AssignmentSortField, order: SortOrder) -> str:
    """'↓ newest first': the arrow and what it means for `field`."""
    choice = next(c for c in SORT_CHOICES if c.field == field)
    if order == SortOrder.DESC:
        return f"↓ {choice.descending}"
    return f"↑ {choice.ascending}"


QUICK_FILTER_HELP = "words: active paused … · mine · member:311 · task:12 · status:foo"


class FilterSyntaxError(ValueError):
    """A quick-filter word the console does not understand; the message says which."""


def _number(word: str, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise FilterSyntaxError(f"{word!r} needs a positive number, e.g. {word.split(':')[0]}:42")
    return int(value)


def parse_quick_filter(text: str, base: AssignmentQuery) -> AssignmentQuery:
    """The filters that `text` asks for, on top of `base`'s sort and page size.

    An empty text clears every filter. Raises `FilterSyntaxError` naming the
    first word it cannot read.
    """
    statuses: list[str] = []
    mine = False
    member_id: int | None = None
    task_id: int | None = None
    for word in text.replace(",", " ").split():
        lower = word.lower()
        name, _, value = lower.partition(":")
        if lower in KNOWN_STATUSES:
            statuses.append(lower)
        elif lower in ("mine", "me", "my"):
            mine = True
        elif name in ("member", "m") and value:
            member_id = _number(word, value)
        elif name in ("task", "t") and value:
            task_id = _number(word, value)
        elif name in ("status", "s") and value:
            statuses.extend(part for part in value.split("|") if part)
        else:
            raise FilterSyntaxError(
                f"unknown filter word {word!r} ({QUICK_FILTER_HELP}; to find a member by "
                f"name on this page: name:{word})")
    return base.model_copy(
        update={
            "page": 1,
            "statuses": tuple(dict.fromkeys(statuses)),
            "mine": mine,
            "member_id": member_id,
            "task_id": task_id,
        }
    )


def quick_filter_text(query: AssignmentQuery) -> str:
    """The quick-filter words that give `query`'s filters (to edit them again)."""
    words: list[str] = []
    for status in query.statuses:
        words.append(status if status in KNOWN_STATUSES else f"status:{status}")
    if query.mine:
        words.append("mine")
    if query.member_id is not None:
        words.append(f"member:{query.member_id}")
    if query.task_id is not None:
        words.append(f"task:{query.task_id}")
    return " ".join(words)


def same_rows_asked(one: AssignmentQuery, other: AssignmentQuery) -> bool:
    """Whether two queries ask for the same filters and sort (the page aside)."""
    return one.model_copy(update={"page": 1}) == other.model_copy(update={"page": 1})


def describe_sort(query: AssignmentQuery, long: bool = True) -> str:
    """'sort: due ↑ soonest first' (long) or 'sort: due ↑'."""
    words = order_words(query.sort_by, query.sort_order)
    return f"sort: {SORT_LABELS[query.sort_by]} {words if long else words[0]}"


def describe_filters(query: AssignmentQuery) -> str:
    """'status active · mine', or 'no filters'."""
    parts: list[str] = []
    if query.statuses:
        parts.append("status " + "|".join(query.statuses))
    if query.mine:
        parts.append("mine")
    if query.member_id is not None:
        parts.append(f"member {query.member_id}")
    if query.task_id is not None:
        parts.append(f"task {query.task_id}")
    return " · ".join(parts) if parts else "no filters"


def describe_query(query: AssignmentQuery) -> str:
    """One line for the filter bar: what is filtered and how it is sorted."""
    return f"{describe_filters(query)} · {describe_sort(query)}"
