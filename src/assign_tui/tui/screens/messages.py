"""Messages: the assignment's conversation, searchable, followable."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Static

from assign_tui.api.errors import NotFoundError
from assign_tui.api.models import ChatMessage
from assign_tui.tui.advice import retry_advice
from assign_tui.tui.conversation.entries import Entry, build_entries
from assign_tui.tui.format import safe
from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.startup import ask_ahead
from assign_tui.tui.widgets.conversation import ConversationView


def _prepare(
    messages: list[ChatMessage], previous: dict[str, Entry], width: int, privacy: bool
) -> tuple[list[Entry], list[int]]:
    """Entries and their estimated heights (run in a thread: thousands of messages)."""
    entries = build_entries(messages, previous)
    return entries, [entry.estimate_height(width, privacy) for entry in entries]


class MessagesScreen(ConsoleScreen):
    """The chat messages of one assignment, oldest first, opened at the newest (or where
    the operator left it earlier in the session)."""

    DEFAULT_CSS = """
    MessagesScreen #messages-status.-waiting { display: none; }
    MessagesScreen #messages-status {
        height: 1; padding: 0 1; background: $boost; color: $text-muted;
    }
    MessagesScreen #messages-search { display: none; }
    MessagesScreen #messages-search.-open { display: block; }
    """

    BINDINGS = [
        Binding("slash", "search", "Search", id="messages.search"),
        Binding("n", "next_match", "Next match", show=False, id="messages.next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="messages.previous_match"),
        Binding("F", "toggle_follow", "Follow", id="messages.follow"),
        Binding("y", "copy", "Copy", id="messages.copy"),
    ]

    AUTO_FOCUS = "ConversationView"

    #: Seconds between polls while following (tests shorten it).
    FOLLOW_SECONDS = 3.0

    following: reactive[bool] = reactive(False, init=False)
    """Whether new messages are fetched every `FOLLOW_SECONDS` and the view sticks to the end."""

    def __init__(self, assignment_id: int, title: str = "") -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.screen_title = f"{title or f'Assignment {assignment_id}'} › messages"
        self.messages: list[ChatMessage] | None = None
        self._poll: Timer | None = None
        self._early: asyncio.Task[list[ChatMessage]] | None = None

    @property
    def conversation(self) -> ConversationView:
        return self.query_one(ConversationView)

    @property
    def status_line(self) -> Static:
        return self.query_one("#messages-status", Static)

    def compose_body(self) -> ComposeResult:
        self._ask_early()
        yield ConversationView("Loading messages…", id="conversation")
        # -waiting on the status line, not the screen: restyling the whole screen when
        # the conversation arrives took 5-15 ms, restyling one line takes well under one.
        yield Static(id="messages-status", markup=False, classes="-waiting")
        yield Input(
            placeholder="Search messages (Enter to find, Esc to cancel)", id="messages-search"
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.console, "privacy", self._on_privacy, init=False)
        self.reload()

    @on(events.Unmount)
    def _release(self) -> None:
        """Drop the messages when the screen closes (see `ConversationView.on_unmount`)."""
        self.messages = None
        if self._early is not None:
            self._early.cancel()
            self._early = None

    # -- loading -------------------------------------------------------------------

    def _ask_early(self) -> None:
        """Ask for the conversation before the screen is built (20-40 ms of compose and
        mount), so the server works meanwhile; the first `reload` takes the answer."""
        self._early = ask_ahead(self.client.list_messages(self.assignment_id))

    @work(exclusive=True, group="messages")
    async def reload(self, quiet: bool = False) -> None:
        """Fetch the conversation again; `quiet` (while following): no loading line."""
        if not quiet:
            self.notice.show_loading("Loading messages…")
            if self.messages is None:
                self.conversation.placeholder = "Loading messages…"
        early, self._early = self._early, None
        try:
            messages = await (early or self.client.list_messages(self.assignment_id))
        except Exception as error:  # every failure becomes a notice, never a traceback
            self._failed(error)
            return
        view = self.conversation
        if (
            quiet
            and self.messages is not None
            and [m.id for m in messages] == [m.id for m in self.messages]
        ):
            self._show_following()
            return
        previous = {entry.key: entry for entry in view.entries}
        width = view.content_width
        entries, heights = await asyncio.to_thread(
            _prepare, messages, previous, width, self.console.privacy
        )
        first = self.messages is None
        self.messages = messages
        self._show_following()
        self.status_line.set_class(not entries, "-waiting")
        if not entries:
            self._state(
                "No messages in this conversation yet. Press F to follow new ones, r to refresh."
            )
        # The first time: where the operator left this conversation, else the newest.
        left_at = self.console.conversation_positions.get(self.assignment_id) if first else None
        view.show(entries, heights, width=width, tail=self.following or first, at=left_at)
        self._update_status()

    def _failed(self, error: BaseException) -> None:
        self.notice.show_error(error)
        if self.messages is not None:
            return  # keep showing what was loaded
        if isinstance(error, NotFoundError):
            self._state(f"Assignment {self.assignment_id} not found. "
                        + self.keys.say("Press {back} to go back."))
        else:
            self._state(f"Could not load the messages.{retry_advice(error, self.keys)}")

    def _state(self, text: str) -> None:
        self.status_line.add_class("-waiting")
        self.conversation.placeholder = text

    def _show_following(self) -> None:
        if self.following:
            self.notice.show_info(
                f"● following: new messages every {self.FOLLOW_SECONDS:g} s (F to stop)"
            )
        else:
            self.notice.clear()

    # -- status line ----------------------------------------------------------------

    @on(ConversationView.CursorMoved)
    def _cursor_moved(self) -> None:
        self._remember_position()
        self._update_status()

    def _remember_position(self) -> None:
        """Where to open this conversation next time in the session: on the focused
        message (its first part, which exists again), or at the newest when that is it."""
        view, positions = self.conversation, self.console.conversation_positions
        entry = view.current
        if entry is None or self.messages is None:
            return
        if view.cursor == len(view.entries) - 1:
            positions.pop(self.assignment_id, None)
        else:
            positions[self.assignment_id] = entry.key.rsplit("#", 1)[0] if entry.part else entry.key

    def _update_status(self) -> None:
        view = self.conversation
        text = Text(no_wrap=True, overflow="ellipsis")
        if view.entries:
            entry = view.current
            count = len(self.messages or ())
            text.append(f"{view.cursor + 1} of {len(view.entries)}", style="bold")
            text.append(f"  ({count} message{'s' * (count != 1)})")
            if entry is not None and entry.hidden_chars():
                text.append("  + shows all")
            if entry is not None and entry.parts > 1:
                text.append(f"  part {entry.part + 1} of {entry.parts}")
        if view.match_total:
            text.append(f"  match {view.match_index + 1} of {view.match_total}", style="bold")
            text.append("  n/N")
        elif self._search_query:
            text.append(f"  no match for “{safe(self._search_query, single_line=True)}”")
        if self.following:
            text.append("  ● following", style="bold")
        self.status_line.update(text)

    # -- search -------------------------------------------------------------------

    _search_query = ""

    def action_search(self) -> None:
        if self.console.privacy:
            self.notify("Search is off in privacy mode", timeout=3)
            return
        search = self.query_one("#messages-search", Input)
        search.add_class("-open")
        search.value = self._search_query
        search.focus()

    @on(Input.Submitted, "#messages-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._close_search()
        self.find(event.value)

    def find(self, query: str) -> int:
        """Search the conversation and jump to the first match after the cursor."""
        self._search_query = query
        view = self.conversation
        total = view.search(query)
        if query and total and not view.match_in_view:
            self.notice.show_info("The match is in a hidden part: press + to show all")
        self._update_status()
        return total

    def _close_search(self) -> None:
        self.query_one("#messages-search", Input).remove_class("-open")
        self.conversation.focus()

    def _jump(self, delta: int) -> None:
        view = self.conversation
        if not view.match_total:
            self.notify("No search: press / to search", timeout=2)
            return
        if not view.goto_match(view.match_index + delta):
            self.notice.show_info("This match is in a hidden part: press + to show all")
        else:
            self._show_following()
        self._update_status()

    def action_next_match(self) -> None:
        self._jump(1)

    def action_previous_match(self) -> None:
        self._jump(-1)

    def action_back(self) -> None:
        search = self.query_one("#messages-search", Input)
        if search.has_class("-open"):
            self._close_search()
            return
        super().action_back()

    # -- follow, copy, privacy ----------------------------------------------------------

    def action_toggle_follow(self) -> None:
        self.following = not self.following

    def watch_following(self, following: bool) -> None:
        if self._poll is not None:
            self._poll.stop()
            self._poll = None
        if following:
            self._poll = self.set_interval(self.FOLLOW_SECONDS, self._follow_tick)
            self.conversation.action_last()
            self.reload(quiet=True)
        self._show_following()
        self._update_status()

    def _follow_tick(self) -> None:
        """Poll, unless a load is still out (a slow server must not pile requests up)."""
        mine = (w for w in self.workers if w.node is self and w.group == "messages")
        if not any(worker.is_running for worker in mine):
            self.reload(quiet=True)

    def action_copy(self) -> None:
        entry = self.conversation.current
        if entry is None:
            self.notify("Nothing to copy", timeout=2)
            return
        text = entry.copy_text()
        if not text:
            self.notify("This message has no text to copy", timeout=2)
            return
        self.console.copy(
            text, "the tool call's arguments" if entry.kind == "tool_call" else "the message"
        )

    def _on_privacy(self, privacy: bool) -> None:
        if privacy:
            self.conversation.clear_search()
            self._search_query = ""
        self._update_status()
