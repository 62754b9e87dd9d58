"""One `ConfirmModal` asks every yes/no question; each question keeps its own keys.

The keys are given per question (Textual reads BINDINGS from the class), so the
task switch's question must not answer the discard question's y, and a key a user
remapped by the binding's id must still answer.
"""

from __future__ import annotations

from typing import Any

from assign_tui.tui.modals.confirm import ConfirmModal, discard_changes
from assign_tui.tui.modals.confirm_select import confirm_select

from .helpers import settle


def binding_ids(app: Any) -> set[str]:
    return {active.binding.id for active in app.screen.active_bindings.values()}


async def test_each_question_answers_only_its_own_keys(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        task = (await app.client.get_assignment(1042)).value.tasks[0]
        answers: list[bool | None] = []

        app.push_screen(confirm_select(task, None), answers.append)
        await settle(pilot)
        assert {"confirm_select.cancel"} <= binding_ids(app)
        assert not {"discard.confirm", "discard.keep"} & binding_ids(app)
        await pilot.press("y", "d", "n")  # the discard question's keys, not this one's
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and answers == []
        await pilot.press("escape")
        await settle(pilot)
        assert answers == [False]

        app.update_keymap({"discard.confirm": "x"})
        app.push_screen(discard_changes(), answers.append)
        await settle(pilot)
        assert {"discard.confirm", "discard.keep"} <= binding_ids(app)
        await pilot.press("x")
        await settle(pilot)
        assert answers == [False, True]
        assert not isinstance(app.screen, ConfirmModal)
