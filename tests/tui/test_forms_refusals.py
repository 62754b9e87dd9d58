"""Issue 12: what the sandbox refuses shows at the field it concerns, and nothing typed is lost.

Each case is typed into the create and the update form as an operator could
type it (metadata is JSON text, so `NaN` and `"\\ud800"` can be typed), sent
with ctrl+s, and must end as a message at that field, the form still open
with every field as typed, and nothing written on the server.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal

from .test_forms import (
    CREATE_INPUT,
    fill,
    open_modal,
    rich_assignment,
    server_assignment,
    submit,
    texts,
    total_assignments,
)


def _nested(levels: int) -> str:
    return '{"k": ' * (levels - 1) + "{}" + "}" * (levels - 1)


#: Metadata text -> words the field's message must hold.
REFUSED_METADATA = {
    "nan": ('{"score": NaN}', "finite"),
    "infinity": ('{"score": [1, -Infinity]}', "finite"),
    "overflow": ('{"score": 1e999}', "finite"),
    "surrogate": ('{"note": "\\ud800"}', "surrogate"),
    "surrogate_key": ('{"\\udfff": 1}', "surrogate"),
    "too_deep": (_nested(33), "32 levels"),
    "too_big": (json.dumps({"x": "m" * (64 * 1024)}), "65536"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_METADATA))
async def test_create_refusal_is_a_field_error_and_nothing_is_lost(
    fresh_console_app: Any, fresh_sandbox: Any, case: str
) -> None:
    metadata, words = REFUSED_METADATA[case]
    app = fresh_console_app()
    before = total_assignments(fresh_sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **{**CREATE_INPUT, "metadata": metadata})
        typed = texts(modal)
        await submit(pilot)
        assert results == [] and app.screen is modal
        assert words in (modal.row("metadata").error or ""), modal.row("metadata").error
        assert texts(modal) == typed
    assert total_assignments(fresh_sandbox) == before


@pytest.mark.parametrize("case", sorted(REFUSED_METADATA))
async def test_update_refusal_is_a_field_error_and_nothing_is_lost(
    fresh_console_app: Any, fresh_sandbox: Any, case: str
) -> None:
    metadata, words = REFUSED_METADATA[case]
    app = fresh_console_app()
    before = server_assignment(fresh_sandbox, 1042)
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        results = await open_modal(pilot, modal)
        fill(modal, notes="Keep this note", metadata=metadata)
        typed = texts(modal)
        await submit(pilot)
        assert results == [] and app.screen is modal
        assert words in (modal.row("metadata").error or ""), modal.row("metadata").error
        assert texts(modal) == typed
    assert server_assignment(fresh_sandbox, 1042) == before


async def test_an_early_year_is_saved_and_shown_back_with_four_digits(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        results = await open_modal(pilot, modal)
        fill(modal, due="0999-12-31 00:00")
        await submit(pilot)
        assert len(results) == 1
        saved = results[0]
        assert server_assignment(fresh_sandbox, 1042)["dueAt"] == "0999-12-31T00:00:00Z"
        again = UpdateAssignmentModal(saved.value, saved.etag)
        await open_modal(pilot, again)
        assert again.field_text("due") == "0999-12-31 00:00"
        assert again.row("due").error is None
