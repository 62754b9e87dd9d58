"""Shared helpers for Pilot and snapshot tests."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot[object], rounds: int = 3) -> None:
    """Wait until every worker has finished and the screen has repainted. A worker
    cancelled while waited for (an exclusive one replaced by a newer, say) has finished
    too: the wait goes on for the others (`wait_for_complete` raised, under load)."""
    for _ in range(rounds):
        await pilot.pause()
        for _attempt in range(50):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                await pilot.pause()
    await pilot.pause()


def screen_text(pilot: Pilot[object]) -> str:
    """What the screen shows as plain text, Rich renderables (tables, groups) included."""
    from rich.console import Console
    from rich.text import Text
    from textual.content import Content
    from textual.widgets import DataTable, Static

    console = Console(width=200, color_system=None, legacy_windows=False)
    parts: list[str] = []
    for widget in pilot.app.screen.query("*"):
        if isinstance(widget, DataTable):
            parts.extend(str(column.label) for column in widget.columns.values())
            for row_key in widget.rows:
                parts.extend(str(cell) for cell in widget.get_row(row_key))
        elif isinstance(widget, Static):
            content = widget.content
            if isinstance(content, str | Text | Content):
                parts.append(content if isinstance(content, str) else content.plain)
            else:
                with console.capture() as capture:
                    console.print(content)
                parts.append(capture.get())
    return "\n".join(parts)
