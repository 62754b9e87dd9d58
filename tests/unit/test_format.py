"""Server text reaches the screen inert: no control characters, no markup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assign_tui.tui.clipboard import osc52
from assign_tui.tui.filters import FilterSyntaxError, describe_query, parse_quick_filter, quick_filter_text
from assign_tui.tui.format import relative_time, safe, short_time
from assign_tui.tui.widgets.assignment_table import fit_columns
from assign_tui.api.models import AssignmentQuery

HOSTILE = [
    "\x1b[31mred\x1b[0m", "\x1b]52;c;aGk=\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    "\x1bP+q\x1b\\", "\x9b31m", "a\x00b", "\u202egnp.exe", "\x7f", "\ud800",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_removes_every_control_character(text: str) -> None:
    cleaned = safe(text)
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in cleaned)
    assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert "\u202e" not in cleaned and "\ud800" not in cleaned


def test_safe_shows_escape_as_a_visible_picture() -> None:
    assert safe("\x1b[2J") == "␛[2J"


def test_safe_keeps_markup_as_plain_characters_and_wide_text() -> None:
    assert safe("[bold]x[/] 漢字 🎉") == "[bold]x[/] 漢字 🎉"


def test_single_line_folds_newlines() -> None:
    assert "\n" not in safe("a\nb", single_line=True)


def test_relative_time() -> None:
    now = datetime(2026, 11, 29, 7, tzinfo=UTC)
    assert relative_time(now - timedelta(minutes=5), now) == "5m ago"
    assert relative_time(now + timedelta(days=3, hours=1), now) == "in 3d"
    assert relative_time(None, now) == "—"


def test_osc52_is_base64_and_wrapped_for_tmux() -> None:
    plain = osc52("1042", tmux=False)
    assert plain == "\x1b]52;c;MTA0Mg==\x07"
    wrapped = osc52("1042", tmux=True)
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;MTA0Mg==") and wrapped.endswith("\x1b\\")


def test_quick_filter_words() -> None:
    base = AssignmentQuery(page=4)
    query = parse_quick_filter("active paused mine member:311 task:12", base)
    assert query.statuses == ("active", "paused") and query.mine
    assert (query.member_id, query.task_id, query.page) == (311, 12, 1)
    assert parse_quick_filter(quick_filter_text(query), base) == query
    assert "status active|paused" in describe_query(query)


@pytest.mark.parametrize("text", ["bogus", "member:abc", "task:0"])
def test_quick_filter_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(FilterSyntaxError):
        parse_quick_filter(text, AssignmentQuery())


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_columns_fit_the_width_by_dropping_the_least_important(width: int) -> None:
    layout = fit_columns(width)
    used = sum(w + 2 for _, w in layout) + 1
    assert used <= width
    keys = [column.key for column, _ in layout]
    assert keys[:1] == ["id"] and "member" in keys and "status" in keys
    if width >= 120:
        assert "workflow" in keys


@pytest.mark.parametrize(("year", "shown"), [(1, "0001"), (999, "0999"), (2026, "2026")])
def test_short_time_writes_every_year_with_four_digits(year: int, shown: str) -> None:
    """The sandbox stores years 1 to 9999: strftime's %Y writes 999 as "999" on Linux."""
    assert short_time(datetime(year, 3, 4, 5, 6, tzinfo=UTC)) == f"{shown}-03-04 05:06 UTC"
