"""Shared helpers for Pilot and snapshot tests."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot[object], rounds: int = 3) -> None:
    """Wait until every worker has finished and the screen has repainted."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(pilot: Pilot[object]) -> str:
    """Everything the current screen shows, as plain text (for assertions)."""
    from textual.widgets import DataTable, Static

    screen = pilot.app.screen
    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, DataTable):
            parts.extend(str(column.label) for column in widget.columns.values())
            for row_key in widget.rows:
                parts.extend(str(cell) for cell in widget.get_row(row_key))
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)
