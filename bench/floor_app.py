"""The floors of the start-up bench: the least a console on this stack can do to show a page.

Run by bench/startup.py (`--floors`), not by hand. Each mode is hello_app.py plus one more
piece of what any console showing the assignments must do, so the gaps between them say
what the stack itself costs and what is left for the console's own features:

- `table`: ask the sandbox for the first page (standard library, in a thread started
  before Textual is imported, as the console does), and show its rows in a plain
  `DataTable` (7 columns) with a "page 1 of N" line under it. No validation.
- `models`: the same, with the answer validated as the console does
  (`Page[Assignment]` from `assign_tui.api.models`, so pydantic and the contract's models).

The environment is the console's (`ASSIGN_TUI_BASE_URL`, `ASSIGN_TUI_WORKSPACE`,
`ASSIGN_TUI_TOKEN`).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import urllib.request
from concurrent.futures import Future
from typing import Any

COLUMNS = ("ID", "Status", "Priority", "Task", "Member", "Workflow", "Due")
KEYS = ("id", "status", "priority", "currentTaskName", "memberName", "workflowName", "dueAt")


def fetch(answer: Future[Any]) -> None:
    root = f"{os.environ['ASSIGN_TUI_BASE_URL']}/api/v2/w/{os.environ['ASSIGN_TUI_WORKSPACE']}"
    request = urllib.request.Request(
        f"{root}/assignments?page=1&pageSize=50&sortBy=createdAt&sortOrder=desc",
        headers={"Authorization": f"Bearer {os.environ['ASSIGN_TUI_TOKEN']}",
                 "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        answer.set_result(json.loads(response.read()))


def main(mode: str) -> None:
    answer: Future[Any] = Future()
    threading.Thread(target=fetch, args=(answer,), daemon=True).start()

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Static

    def rows() -> tuple[list[tuple[str, ...]], int]:
        body = answer.result()
        if mode == "models":
            from assign_tui.api.models import Assignment, Page

            page = Page[Assignment].model_validate(body)
            return [tuple(str(value or "")[:25] for value in (
                a.id, a.status, a.priority, a.current_task_name, a.member_name,
                a.workflow_name, a.due_at)) for a in page.items], page.total
        items, total = body["items"], body["total"]
        return [tuple(str(item.get(key) or "")[:25] for key in KEYS) for item in items], total

    class FloorApp(App[None]):
        CSS = "DataTable { height: 1fr; } #pager { height: 1; }"

        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")
            yield Static(id="pager")

        def on_mount(self) -> None:
            table_rows, total = rows()
            table = self.query_one(DataTable)
            table.add_columns(*COLUMNS)
            table.add_rows(table_rows)
            self.query_one("#pager", Static).update(f"page 1 of {-(-total // 50)}")

    FloorApp().run()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "table")
