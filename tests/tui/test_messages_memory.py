"""A closed messages screen lets go of its conversation at once.

Textual's widgets hold each other in cycles, so a closed screen is freed only
by a full garbage collection. The conversation it shows must not wait for
that: thousands of messages would sit in memory and make that collection
long, in the middle of whatever the operator opens next.
"""

from __future__ import annotations

import gc
from typing import Any

from assign_tui.api.models import ChatMessage
from assign_tui.tui.conversation.entries import Entry
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.widgets.conversation import ConversationView

from .helpers import settle


def _tracked(kind: type[Any]) -> int:
    """Objects of `kind` the collector knows of, garbage not yet collected included."""
    return sum(1 for item in gc.get_objects() if isinstance(item, kind))


async def test_closing_the_screen_frees_its_messages_without_a_collection(
    console_app: Any,
) -> None:
    # No start-up freeze: frozen objects are not in gc.get_objects(), so messages loaded
    # before it would not be counted.
    app = console_app(freeze_heap=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gc.collect()
        gc.disable()  # so only reference counting frees anything from here on
        try:
            screen = MessagesScreen(1042, title="test")
            await app.push_screen(screen)
            await settle(pilot)
            assert screen.query_one(ConversationView).entries
            assert _tracked(ChatMessage) >= 10
            del screen
            app.pop_screen()
            await settle(pilot)
            assert _tracked(ChatMessage) == 0
            assert _tracked(Entry) == 0
        finally:
            gc.enable()
