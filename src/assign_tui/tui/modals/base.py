"""What every console modal shares: it is dismissed at most once.

A modal can be closed by its own result (a write came back), by Esc, by the
answer to a question it asked ("discard your changes?"), by a key typed ahead
while it was closing, or by someone popping it (a profile switch, a reconnect).
Textual's `Screen.dismiss` calls the push's callback and pops *whatever screen
is on top*, so a second call raises `InvalidStateError` (the push's future is
already set) and a call while a question sits above the modal closes the
question instead of the modal. `DismissOnce` lets the first path win and turns
every later one into a no-op, in one place for every modal and the palette.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.screen import ModalScreen, Screen

from assign_tui.tui.advice import Keys, bound_keys, keys_of

__all__ = ["ConsoleModal", "DismissOnce"]

ResultType = TypeVar("ResultType")

# A plain mixin at run time: Textual inherits DEFAULT_CSS and COMPONENT_CLASSES only along
# the first DOM base, which must stay ModalScreen (or CommandPalette for the palette).
if TYPE_CHECKING:
    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class DismissOnce(_ScreenBase):
    """Mixed in before a Screen class: `dismiss` takes effect once, closing what is above."""

    _dismissed = False  # a class default: the palette's __init__ is Textual's, not ours

    @property
    def dismissed(self) -> bool:
        """True once the screen closed, by its own `dismiss` or by being popped."""
        return self._dismissed or not self.is_attached or self not in self.app.screen_stack

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close with `result` the first time; later calls (the losing paths) do nothing.

        Screens above this one (a question it asked, help, the palette) are closed
        first without an answer: what they asked about is settled.
        """
        if self.dismissed:
            self._dismissed = True
            # Textual leaves `nothing` unannotated (textual 8.2): the library forces this ignore.
            return AwaitComplete.nothing()  # type: ignore[no-untyped-call,no-any-return]
        self._dismissed = True
        app = self.app
        stack = app.screen_stack
        for above in reversed(stack[stack.index(self) + 1 :]):
            if isinstance(above, DismissOnce):
                above._dismissed = True
            app.pop_screen()
        return super().dismiss(result)

    def leaving(self) -> None:
        """Called as the screen leaves the stack (`ConsoleAppGuards.pop_screen`): stop what
        would still touch its widgets once Textual has removed them."""

    async def _on_message(self, message: Message) -> None:
        """Once dismissed, drop input still queued for this screen (keys, and the buttons,
        option lists and inputs reporting them): typed-ahead keys belong to the screen below."""
        if self._dismissed and (
            isinstance(message, events.InputEvent) or message.control is not None
        ):
            message.stop()  # a key is done here: the next one has its turn (`KeysInTurn`)
            return
        await super()._on_message(message)


class ConsoleModal(DismissOnce, ModalScreen[ResultType]):
    """Base of the console's modals (forms, questions, read-only views).

    Each composes one box with the class `dialog`, centred and framed here; a modal's
    own CSS says only how its box differs (its width, its border).
    """

    DEFAULT_CSS = """
    ConsoleModal { align: center middle; }
    ConsoleModal > .dialog {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    @property
    def keys(self) -> Keys:
        """The keys for send and back as bound now (a `[keys]` remap included), for the
        modal's own sentences: `self.keys.say("Press {send} to send it again.")`."""
        return keys_of(self)

    def key_for(self, action: str, default: str) -> str:
        """The key that runs `action` here now (`bound_keys`, the first), else `default`."""
        return next(iter(bound_keys(self, action)), default)

    def keys_for(self, action: str) -> str:
        """Every key that runs `action` here now, e.g. "n/Esc"."""
        return "/".join(bound_keys(self, action))
