"""The filter form's boxes say ticked or not in their glyph: Textual's `▐X▌` for both,
told apart by colour alone, read the same under NO_COLOR (a new-user walk-through)."""

from __future__ import annotations

from typing import Any

from .helpers import settle
from .hostile import screen_lines


def _box(lines: list[str], label: str) -> str:
    """The three cells of the box before `label` on screen."""
    found = [line for line in lines if f"▌ {label}" in line]
    assert len(found) == 1, f"{label!r}:\n" + "\n".join(lines)
    at = found[0].index(f"▌ {label}")
    return found[0][at - 2 : at + 1]


async def test_ticked_and_unticked_boxes_differ_without_colour(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")  # the Paused view: status paused
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        lines = screen_lines(app)
        assert _box(lines, "paused") == "▐X▌"
        for status in ("pending", "active", "completed"):
            assert _box(lines, status) == "▐ ▌"
        assert _box(lines, "Only mine") == "▐ ▌"
        await pilot.press("space")  # on pending, the first status
        await settle(pilot)
        assert _box(screen_lines(app), "pending") == "▐X▌"
        app.screen.query_one("#mine").focus()
        await pilot.press("space")
        await settle(pilot)
        assert _box(screen_lines(app), "Only mine") == "▐X▌"
