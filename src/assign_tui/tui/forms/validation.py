"""Pure checks and conversions for the write forms (no textual; unit-tested).

Every check is a preview of the server's (the contract's rule 2): it keeps an
operator from sending what will surely be refused, and the server still decides.
Each parser answers the value to send or raises `FieldError` with the words to
show under the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any

from assign_tui.tui.format import relative_time, short_time

__all__ = [
    "DUE_FORMAT",
    "DUE_PLACEHOLDER",
    "NOTES_LIMIT",
    "PRIORITIES",
    "REASON_LIMIT",
    "FieldError",
    "check_notes",
    "check_reason",
    "counter",
    "due_hint",
    "format_due",
    "metadata_text",
    "parse_due",
    "parse_id",
    "parse_metadata",
    "parse_workflow",
    "workflow_choices",
]

NOTES_LIMIT = 4000
REASON_LIMIT = 500
PRIORITIES = ("low", "normal", "high", "urgent")
DUE_FORMAT = "YYYY-MM-DD HH:MM"
DUE_PLACEHOLDER = "YYYY-MM-DD [HH:MM], +3d, +4h, +2w, tomorrow"
#: A date typed alone means "due on that day": by its last minute (UTC).
END_OF_DAY = time(23, 59, tzinfo=UTC)

_DUE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::00)?"
    r"\s*(?:Z|UTC|\+00:?00)?",
    re.IGNORECASE,
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_RELATIVE = re.compile(r"\+\s*(?P<count>\d{1,4})\s*(?P<unit>[mhdw])", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DAY_WORDS = {"today": 0, "tomorrow": 1}
# What `safe()` would replace; escaped as \uXXXX inside JSON strings instead,
# so the text shown round-trips to exactly the same object. Also the line and paragraph
# separators, which the TextArea would turn into newlines (invalid inside a JSON string).
_UNSAFE_IN_JSON = re.compile(
    "[\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff\u2028\u2029]"
)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class FieldError(ValueError):
    """A value the form will not send; the message is shown under the field."""


def parse_id(text: str, *, what: str, required: bool) -> int | None:
    """A positive whole number typed as an id; None when empty and optional."""
    value = text.strip()
    if not value:
        if required:
            raise FieldError(f"{what} is required")
        return None
    if not value.isdecimal() or not value.isascii():
        raise FieldError(f"{what} must be a whole number")
    number = int(value)
    if number < 1:
        raise FieldError(f"{what} must be 1 or more")
    if number > 2**63 - 1:
        raise FieldError(f"{what} is too large")
    return number


def parse_workflow(text: str, seen: Mapping[int, str]) -> int:
    """A workflow by id, or by the name of one seen in the list (any case).

    The API has no way to list workflows, so names come from the assignments
    the console has loaded; an id that was not seen is still sent (the server
    decides).
    """
    value = text.strip()
    if not value or value.isdecimal():
        number = parse_id(value, what="Workflow id", required=True)
        assert number is not None
        return number
    wanted = value.casefold()
    ids = sorted(i for i, name in seen.items() if name.strip().casefold() == wanted)
    if len(ids) == 1:
        return ids[0]
    if ids:
        raise FieldError(f"several workflows are named {value!r} (ids {', '.join(map(str, ids))}): "
                         "type the id")
    raise FieldError(f"no workflow named {value!r} in the assignments seen: type its id")


def workflow_choices(seen: Mapping[int, str], limit: int = 3) -> str:
    """The seen workflows as a hint: "Name (7), Other (3) and 2 more: type a name"."""
    named = sorted(seen.items(), key=lambda item: item[1].casefold())
    shown = ", ".join(f"{name} ({number})" for number, name in named[:limit])
    more = f" and {len(named) - limit} more: type a name" if len(named) > limit else ""
    return shown + more


def parse_due(text: str, now: datetime) -> datetime | None:
    """The due moment typed, in UTC to the minute; None when empty.

    Accepts `YYYY-MM-DD HH:MM` (a `T`, `:00` seconds or a `Z`/`UTC` suffix are
    fine); a date alone, or `today`/`tomorrow`, meaning the end of that day
    (23:59 UTC: "due on the 31st" is met by work done on the 31st); and `+N`
    minutes/hours/days/weeks from `now` (`+90m`, `+4h`, `+3d`, `+2w`).
    The form shows the moment back under the field before anything is sent.
    """
    value = text.strip()
    if not value:
        return None
    if value.lower() in _DAY_WORDS:
        day = now.astimezone(UTC).date() + timedelta(days=_DAY_WORDS[value.lower()])
        return datetime.combine(day, END_OF_DAY)
    relative = _RELATIVE.fullmatch(value)
    if relative is not None:
        step = timedelta(**{_UNITS[relative["unit"].lower()]: int(relative["count"])})
        moment = now.astimezone(UTC) + step
        if moment.second or moment.microsecond:  # up to the next minute: "+3d" is 3 days or more
            moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        return moment
    if _DAY.fullmatch(value):
        try:
            return datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(), END_OF_DAY)
        except ValueError:
            raise FieldError(f"{value!r} is not a real date") from None
    match = _DUE.fullmatch(value)
    if match is None:
        raise FieldError(f"use {DUE_FORMAT} (UTC), a date alone, +3d, +4h, +2w or tomorrow")
    try:
        day = datetime.strptime(match["date"], "%Y-%m-%d")
        return day.replace(hour=int(match["hour"]), minute=int(match["minute"]), tzinfo=UTC)
    except ValueError:
        raise FieldError(f"{value!r} is not a real date and time") from None


def format_due(moment: datetime | None) -> str:
    """A due date as the form shows it (UTC, to the minute); empty for none."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return f"{moment.year:04d}-{moment:%m-%d %H:%M}"  # strftime writes year 999 as "999"


def due_hint(moment: datetime | None, now: datetime) -> str:
    """What a parsed due date means, so a typo in the year shows at once."""
    if moment is None:
        return "empty = no due date"
    return f"{short_time(moment)} ({relative_time(moment, now)})"


def parse_metadata(text: str) -> dict[str, Any] | None:
    """A JSON object; None when the text is empty (the caller decides what that means)."""
    if not text.strip():
        return None
    try:
        value = json.loads(text, parse_constant=_not_finite, parse_float=_finite)
    except FieldError:
        raise
    except json.JSONDecodeError as error:
        raise FieldError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise FieldError("not valid JSON: nested too deeply") from None
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else f"a {type(value).__name__}"
        raise FieldError(f"must be a JSON object {{...}}, not {kind}")
    _check_unicode(value)
    return value


# JSON can carry neither non-finite numbers nor lone surrogates (a request would turn
# NaN into null, or fail to encode): refused here, before anything is sent.
def _not_finite(name: str) -> float:
    raise FieldError(f"{name} is not a number: JSON numbers must be finite")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise FieldError(f"{text} is too large: JSON numbers must be finite")
    return value


def _check_unicode(value: Any) -> None:
    pending = [value]
    while pending:
        item = pending.pop()
        texts = [*item.keys()] if isinstance(item, dict) else [item]
        for text in texts:
            found = _LONE_SURROGATE.search(text) if isinstance(text, str) else None
            if found:
                raise FieldError(f"\\u{ord(found.group()):04x} is a lone surrogate: "
                                 "not valid Unicode")
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def metadata_text(data: dict[str, Any] | None) -> str:
    """`data` as indented JSON for editing; unsafe characters stay escaped (\\uXXXX)."""
    if not data:
        return "{}" if data == {} else ""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def check_notes(text: str) -> str:
    """Notes as typed, at most `NOTES_LIMIT` characters."""
    if len(text) > NOTES_LIMIT:
        raise FieldError(f"at most {NOTES_LIMIT} characters ({len(text) - NOTES_LIMIT} too many)")
    return text


def check_reason(text: str) -> str:
    """A cancel reason, trimmed: 1 to `REASON_LIMIT` characters, not blank."""
    value = text.strip()
    if not value:
        raise FieldError("a reason is required")
    if len(value) > REASON_LIMIT:
        raise FieldError(
            f"at most {REASON_LIMIT} characters ({len(value) - REASON_LIMIT} too many)"
        )
    return value


def counter(text: str, limit: int) -> str:
    """'12/500': how much of the limit is used."""
    return f"{len(text)}/{limit}"
