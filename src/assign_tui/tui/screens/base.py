"""What every console screen shares: header, notice line, footer, Esc to go back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from assign_tui.tui.advice import Keys, keys_of
from assign_tui.tui.widgets.header import ConsoleHeader
from assign_tui.tui.widgets.key_footer import KeyFooter
from assign_tui.tui.widgets.notice import Notice

if TYPE_CHECKING:
    from assign_tui.api.client import AssignmentsClient
    from assign_tui.tui.app import AssignApp


def prune_closed_watchers(app: Any) -> None:
    """Drop app watchers whose widget has closed.

    Textual prunes them only when the watched reactive (`privacy`, `connection`,
    `read_only`) next changes, so until then every popped screen, with all the
    data it shows, stays referenced. Reads Textual's private `__watchers` dict.
    """
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(app, "__watchers", {})
    for pairs in watchers.values():
        pairs[:] = [(node, callback) for node, callback in pairs if not getattr(node, "_closing", False)]


class ConsoleScreen(Screen[None]):
    """Base of the console's full screens."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="screen.back"),
        Binding("r", "refresh", "Refresh", id="screen.refresh"),
    ]

    #: Shown in the header after "assign-tui ›".
    screen_title = ""

    @property
    def console(self) -> AssignApp:
        return cast("AssignApp", self.app)

    @property
    def client(self) -> AssignmentsClient:
        return self.console.client

    @property
    def notice(self) -> Notice:
        return self.query_one(Notice)

    @property
    def keys(self) -> Keys:
        """The keys for refresh, back and send as bound now (a `[keys]` remap included),
        for the screen's own sentences: `self.keys.say("Press {refresh} to retry.")`."""
        return keys_of(self)

    def compose(self) -> ComposeResult:
        """The header, the screen's own widgets, the notice line and the keys, in that order
        on every screen (`KeyFooter`, not Textual's `Footer`, which rebuilds a widget per key
        on every bindings change)."""
        yield ConsoleHeader()
        yield from self.compose_body()
        yield Notice()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """What the screen shows between the header and the notice line."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(ConsoleHeader).screen_title = self.screen_title

    def on_unmount(self) -> None:
        self.app.call_later(prune_closed_watchers, self.app)

    @property
    def can_go_back(self) -> bool:
        """Whether Esc leaves this screen (the first screen has nowhere to go back to)."""
        return self in self.app.screen_stack[2:]

    # -- writes that cannot apply: hidden, and explained when their key is pressed --------

    def write_refusal(self, action: str) -> str:
        """Why the write that `action` starts cannot apply here ("" when it can, or when
        `action` writes nothing). Screens with writes answer from `tui.rules`."""
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A refused write is False: gone from the footer and the help, as Textual means it."""
        return not self.write_refusal(action)

    def explain_refused_key(self, key: str) -> bool:
        """A hidden write's key, pressed anyway, says why rather than nothing (True: said).
        The app asks once the key has reached it unhandled (`app_guards._on_key`): a key
        typed ahead of a text field opening (`:open 1042` in one read) goes there first."""
        for binding in self._bindings.key_to_bindings.get(key, ()):
            reason = self.write_refusal(binding.action)
            if reason:
                self.notice.show_info(reason)
                return True
        return False

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def action_refresh(self) -> None:
        """r: fetch again what the screen shows."""
        self.reload()

    def palette_commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """(name, callback, help) of the commands this screen adds to the palette."""
        return iter(())

    def show_unexpected(self, error: BaseException, hint: str) -> None:
        """A worker of this screen failed unexpectedly (tui/worker_errors.py): say so, and
        let no loading line stay up (screens with a loading state override this)."""
        self.notice.show_error(error, hint=hint)

    def reload(self) -> object:
        """Fetch again what the screen shows (the one verb: r, a write's success, a
        reconnection all call it). Screens that show server data override it."""
        return None
