"""The detail screen opens at its top, its keys reach both ends, and who/what/status
stay readable on small terminals (the field column was 3 cells wide at 60x20)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.widgets.task_timeline import TaskTimeline

from .helpers import settle
from .hostile import screen_lines

RICH = 1042


def _row(lines: list[str], label: str) -> str:
    """The screen line where the field `label` starts (its value follows on the line)."""
    found = [line for line in lines if line.strip().startswith(f"{label} ")]
    assert found, f"no {label!r} line on screen:\n" + "\n".join(lines)
    return found[0]


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 15)], ids=["80x24", "60x20", "40x15"])
async def test_opens_at_its_top_with_who_what_and_status_readable(
    console_app: Any, size: tuple[int, int]
) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#detail-body", VerticalScroll)
        assert body.scroll_y == 0
        assert isinstance(app.focused, TaskTimeline)  # the tasks still take j/k and Enter
        lines = screen_lines(app)
        assert "1042" in _row(lines, "id")
        assert "Rosa Martínez" in _row(lines, "member")
        assert "Post-discharge" in _row(lines, "workflow")
        assert "● active" in _row(lines, "status")
        assert "Intake call" in _row(lines, "current")
        if size[0] >= 60:
            assert "Rosa Martínez (#311)" in _row(lines, "member")
            assert "created   2026-11-20 09:12 UTC · 8d ago" in "\n".join(lines)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("top, bottom", [("g", "G"), ("home", "end")])
async def test_top_and_bottom_keys_scroll_the_whole_page(
    console_app: Any, top: str, bottom: str, size: tuple[int, int]
) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#detail-body", VerticalScroll)
        timeline = app.screen.query_one(TaskTimeline)
        assert app.focused is timeline
        row = timeline.cursor_row
        glides: list[object] = []
        body.animate = lambda *args, **kwargs: glides.append(args)  # type: ignore[method-assign]
        await pilot.press(bottom)
        assert body.scroll_y == body.max_scroll_y > 0
        assert "consent" in screen_lines(app)[-2]  # the last field, above the footer
        await pilot.press(top)
        assert body.scroll_y == 0
        assert "Rosa Martínez" in _row(screen_lines(app), "member")
        assert timeline.cursor_row == row  # the page moved, not the task cursor
        assert glides == []  # at once: a glide of a second or more over a slow link


async def test_end_pressed_as_the_page_appears_is_kept(
    console_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page opens at its top once laid out, two refreshes after it is drawn. An End
    pressed in between (CI saw it, under load in real tmux) used to be undone."""
    show_data = AssignmentDetailScreen._show_data
    pressed: list[bool] = []

    async def drawn_then_end(screen: AssignmentDetailScreen) -> None:
        await show_data(screen)
        if not pressed:  # the key arrives right after the first drawing, before the home
            await screen.run_action("scroll_body('end')")  # what G and End do
            pressed.append(True)

    monkeypatch.setattr(AssignmentDetailScreen, "_show_data", drawn_then_end)
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#detail-body", VerticalScroll)
        assert pressed == [True]
        assert body.scroll_y == body.max_scroll_y > 0
        assert "consent" in screen_lines(app)[-2]
        # A later load (r) keeps the page where it is, as before.
        await pilot.press("r")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_task_cursor_stays_on_screen(console_app: Any, size: tuple[int, int]) -> None:
    """j/k move the task cursor and the page follows it, just enough and at once: Enter
    opens the task the operator sees (the cursor went off screen while the page stayed)."""
    from assign_tui.tui.modals.task_detail import TaskDetailModal

    app = console_app(open_assignment=RICH)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#detail-body", VerticalScroll)
        timeline = app.screen.query_one(TaskTimeline)
        glides: list[object] = []
        body.animate = lambda *args, **kwargs: glides.append(args)  # type: ignore[method-assign]
        names = {str(task.id): task.name for task in timeline._tasks}

        def cursor_row_on_screen() -> bool:
            name = names[str(timeline.selected_task_id)][:10]
            return any(name in line for line in screen_lines(app)[:-1])  # not the footer

        assert timeline.row_count > 5 and body.scroll_y == 0
        for _ in range(timeline.row_count - 1):
            await pilot.press("j")
            assert cursor_row_on_screen(), "\n".join(screen_lines(app))
        assert timeline.cursor_row == timeline.row_count - 1 and body.scroll_y > 0
        for _ in range(timeline.row_count - 1):
            await pilot.press("k")
            assert cursor_row_on_screen(), "\n".join(screen_lines(app))
        assert glides == []
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TaskDetailModal)
        assert app.screen.task_id == timeline.selected_task_id
