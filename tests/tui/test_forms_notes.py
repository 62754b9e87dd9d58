"""Server text with control characters or separators in the update form: kept unless edited."""

from __future__ import annotations

from typing import Any

import httpx
from textual.widgets import TextArea

from assign_tui.api.client import Tagged
from assign_tui.api.models import Assignment
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal

from .helpers import settle
from .test_forms import ADMIN, fill, open_modal, other_priority, script, server_assignment, submit

#: CRLF from another client, a terminal escape (OSC 52), a bell and a right-to-left override.
RAW_NOTES = "hi \x1b[31mRED\x1b]52;c;SGVsbG8=\x07 end\r\nLine two\u202eevil"


def put(server: Any, assignment_id: int, body: dict[str, Any]) -> None:
    """A change made by another client, straight over HTTP."""
    answer = httpx.put(f"{server.api_url}/assignments/{assignment_id}", json=body, headers=ADMIN)
    answer.raise_for_status()


async def opened(pilot: Any, assignment_id: int) -> tuple[Tagged[Assignment], Any]:
    tagged: Tagged[Assignment] = await pilot.app.client.get_assignment(assignment_id)
    modal = UpdateAssignmentModal(tagged.value, tagged.etag)
    return tagged, (modal, await open_modal(pilot, modal))


async def test_appending_to_notes_keeps_their_control_characters_on_the_server(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    put(fresh_sandbox, 1045, {"notes": RAW_NOTES})
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        _, (modal, results) = await opened(pilot, 1045)
        shown = modal.field_text("notes")
        # every control character shown as one stand-in, nothing raw
        assert shown == "hi ␛[31mRED␛]52;c;SGVsbG8=␇ end␍\nLine two\ufffdevil"
        await pilot.press("tab", "tab")  # Priority, Due, Notes
        assert isinstance(app.focused, TextArea) and app.focused.id == "notes"
        await pilot.press("ctrl+end", "!")
        await submit(pilot)
    assert len(results) == 1 and isinstance(results[0], Tagged)
    assert server_assignment(fresh_sandbox, 1045)["notes"] == RAW_NOTES + "!"


async def test_after_a_reapply_notes_edits_apply_to_their_new_notes(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """Re-applied on their version, which a 500 leaves unsaved: the notes field now shows
    their notes, and an edit there keeps their characters."""
    put(fresh_sandbox, 1045, {"notes": "mine, plain"})
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged, (modal, results) = await opened(pilot, 1045)
        mine = other_priority(tagged.value.priority)
        fill(modal, priority=mine)
        put(fresh_sandbox, 1045, {"notes": "theirs\r\nend"})
        await submit(pilot)
        assert modal.fresh is not None and "Someone else changed" in modal.status.plain
        script(fresh_sandbox, method="PUT", path="/assignments/1045$", status=500, times=3)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert results == [] and modal.field_text("notes") == "theirs␍\nend"
        modal.query_one("#notes", TextArea).focus()
        await pilot.press("ctrl+end", "!")
        await submit(pilot)
    assert len(results) == 1
    after = server_assignment(fresh_sandbox, 1045)
    assert (after["priority"], after["notes"]) == (mine, "theirs\r\nend!")


async def test_metadata_with_a_line_separator_opens_valid_and_is_kept(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """The TextArea splits lines on U+2028: shown raw, it became a newline inside a JSON
    string, the field was invalid from the start and no change could be saved."""
    metadata = {"source": "import\u2028line two"}
    put(fresh_sandbox, 1045, {"metadata": metadata})
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged, (modal, results) = await opened(pilot, 1045)
        assert modal.row("metadata").error is None
        mine = other_priority(tagged.value.priority)
        fill(modal, priority=mine)
        await submit(pilot)
    assert len(results) == 1
    after = server_assignment(fresh_sandbox, 1045)
    assert (after["priority"], after["metadata"]) == (mine, metadata)


async def test_notes_holding_a_lone_surrogate_refuse_an_edit_that_keeps_it(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """A broken server's lone surrogate (shown as �) cannot be encoded into any request."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged: Tagged[Assignment] = await app.client.get_assignment(1045)
        broken = tagged.value.model_copy(update={"notes": "odd \ud800 char"})
        modal = UpdateAssignmentModal(broken, tagged.etag)
        results = await open_modal(pilot, modal)
        assert modal.field_text("notes") == "odd \ufffd char"
        modal.query_one("#notes", TextArea).focus()
        await pilot.press("ctrl+end", "!")
        await submit(pilot)
        assert results == [] and "lone surrogate" in (modal.row("notes").error or "")
        await pilot.press("ctrl+home", "right", "right", "right", "right", "delete")
        await submit(pilot)
    assert len(results) == 1
    assert server_assignment(fresh_sandbox, 1045)["notes"] == "odd  char!"
