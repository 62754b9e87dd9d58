"""The sandbox clock and its timestamp format.

Every time the server writes or answers comes from one `Clock`, so tests and
snapshots can pin "now" (2026-11-29T07:00:00Z) while `demo` uses real time.
"""

from __future__ import annotations

from datetime import UTC, datetime


def format_ts(value: datetime) -> str:
    """RFC 3339 in UTC with a `Z`, to the second: fixed width, so it sorts as text.

    The year is written with four digits by hand: `strftime("%Y")` writes year
    999 as `999`, which no RFC 3339 reader accepts back.
    """
    moment = value.astimezone(UTC)
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"


def parse_ts(text: str) -> datetime:
    """Inverse of `format_ts` (accepts any ISO 8601 form Python reads)."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class Clock:
    """Real time, or a fixed instant that tests can move with `set`."""

    def __init__(self, fixed: datetime | None = None) -> None:
        self._fixed = fixed.astimezone(UTC) if fixed is not None else None

    @property
    def is_fixed(self) -> bool:
        return self._fixed is not None

    def now(self) -> datetime:
        if self._fixed is not None:
            return self._fixed
        return datetime.now(UTC).replace(microsecond=0)

    def now_ts(self) -> str:
        return format_ts(self.now())

    def set(self, fixed: datetime | None) -> None:
        """Pin the clock to `fixed`, or go back to real time with None."""
        self._fixed = fixed.astimezone(UTC) if fixed is not None else None
