"""The conversation: a line-API widget that renders only the messages in view.

Thousands of messages must open at once, so nothing is mounted per message.
Each entry's height starts as an estimate from its text; an entry is rendered
(Rich, at the current width) the first time it comes into view, and its real
height replaces the guess. Rendered lines live in an LRU cache. A long
message shown in full becomes parts that are rendered one by one, the same way.
"""

from __future__ import annotations

import time

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from assign_tui.tui.session import console_of
from assign_tui.tui.conversation.entries import ROLES, Entry, EntryStyles, split_parts
from assign_tui.tui.conversation.layout import EntryHeights
from assign_tui.tui.conversation.lines import (
    Line,
    Matches,
    find_in_lines,
    highlight,
    make_console,
    render_entry_lines,
)

__all__ = ["ConversationView"]

GUTTER = 2


class ConversationView(ScrollView, can_focus=True):
    """The messages of one assignment, oldest first; a cursor moves between entries."""

    COMPONENT_CLASSES = {
        "conversation--user",
        "conversation--assistant",
        "conversation--system",
        "conversation--tool",
        "conversation--other",
        "conversation--meta",
        "conversation--hint",
        "conversation--warning",
        "conversation--cursor",
        "conversation--cursor-line",
        "conversation--match",
        "conversation--match-current",
    }
    DEFAULT_CSS = """
    ConversationView {
        height: 1fr; overflow-x: hidden; overflow-y: auto;
        scrollbar-gutter: stable; background: $surface;
    }
    ConversationView > .conversation--user { color: $text-primary; text-style: bold; }
    ConversationView > .conversation--assistant { color: $text-success; text-style: bold; }
    ConversationView > .conversation--system { color: $text-warning; text-style: bold; }
    ConversationView > .conversation--tool { color: $text-secondary; text-style: bold; }
    ConversationView > .conversation--other { text-style: bold underline; }
    ConversationView > .conversation--meta { color: $text-muted; }
    ConversationView > .conversation--hint { color: $text-muted; text-style: italic; }
    ConversationView > .conversation--warning { color: $text-warning; text-style: italic; }
    ConversationView > .conversation--cursor { color: $accent; text-style: bold; }
    ConversationView > .conversation--cursor-line { background: $boost; }
    ConversationView > .conversation--match { background: $warning-muted; text-style: underline; }
    ConversationView > .conversation--match-current {
        background: $accent; color: $text; text-style: bold;
    }
    """
    BINDINGS = [
        Binding("j,down", "cursor_down", "Next", show=False, id="messages.next"),
        Binding("k,up", "cursor_up", "Previous", show=False, id="messages.previous"),
        Binding("g,home", "first", "First", show=False, id="messages.first"),
        Binding("G,end", "last", "Last", show=False, id="messages.last"),
        Binding("enter", "toggle_entry", "Open/fold", id="messages.toggle"),
        Binding("plus", "show_all", "Show all", show=False, id="messages.show_all"),
    ]

    placeholder: reactive[str] = reactive("", init=False)
    """What shows while there are no entries: loading, empty or error."""

    cursor: reactive[int] = reactive(0, init=False)
    """Index of the focused entry (the one Enter, + and y act on)."""

    class CursorMoved(Message):
        """The focused entry changed (for the status line)."""

        def __init__(self, view: ConversationView, index: int) -> None:
            super().__init__()
            self.view = view
            self.index = index

        @property
        def control(self) -> ConversationView:
            return self.view

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ConversationView.placeholder, placeholder)
        self.entries: list[Entry] = []
        self._layout_heights = EntryHeights()
        self._cache: LRUCache[str, tuple[tuple[object, ...], list[Line]]] = LRUCache(600)
        self._render_console = make_console()
        self._styles: EntryStyles | None = None
        self._matches: Matches | None = None
        self.match_index = -1
        self._current: tuple[str, int, int] | None = None
        self._width = 0
        self._placeholder_cache: tuple[tuple[str, int], list[Line]] | None = None
        self.painted_at: float | None = None
        """`time.perf_counter()` of the first paint with entries (read by the bench)."""

    # -- state -------------------------------------------------------------------

    @property
    def privacy(self) -> bool:
        console = console_of(self.app)
        return console is not None and console.privacy

    @property
    def current(self) -> Entry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    @property
    def visible_width(self) -> int:
        """Cells really shown per line: the scrollbar's gutter is not ours to paint."""
        return self.scrollable_content_region.width

    @property
    def content_width(self) -> int:
        """The width entries wrap to: what is visible, less the cursor's gutter."""
        return max(0, self.visible_width - GUTTER)

    def on_mount(self) -> None:
        self.watch(self.app, "privacy", lambda _: self._relayout(), init=False)

    def on_unmount(self) -> None:
        """Let go of the entries and their lines at once: a closed screen's widgets are
        freed only by a full garbage collection, which would then have thousands of
        messages to walk (and the next conversation's open would pay for it)."""
        self.entries = []
        self._layout_heights = EntryHeights()
        self._cache.clear()
        self._matches = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    def entry_styles(self) -> EntryStyles:
        if self._styles is None:
            style = self.get_component_rich_style
            roles = {role: style(f"conversation--{role}", partial=True) for role in ROLES}
            roles["other"] = style("conversation--other", partial=True)
            self._styles = EntryStyles(
                roles,
                style("conversation--meta", partial=True),
                style("conversation--hint", partial=True),
                style("conversation--warning", partial=True),
            )
        return self._styles

    def show(
        self,
        entries: list[Entry],
        heights: list[int] | None = None,
        *,
        width: int = 0,
        tail: bool = False,
        at: str | None = None,
    ) -> None:
        """Display `entries` (from `build_entries`), keeping the cursor on the same entry
        (or on the entry keyed `at`, when there is one; else at the end with `tail`).

        `heights` are estimates made for `width` (e.g. in a thread); they are
        used when that is still the content width.
        """
        old_key = at or (self.current.key if self.current else None)
        at_end = bool(self.entries) and self.cursor >= len(self.entries) - 1
        self.entries = entries
        usable = (
            heights is not None and len(heights) == len(entries) and width == self.content_width
        )
        self._layout_heights.reset(
            heights if heights is not None and usable else [2] * len(entries)
        )
        self._relayout(keep_estimates=usable)
        index = (
            next((i for i, e in enumerate(entries) if e.key == old_key), None) if old_key else None
        )
        if at is not None and index is not None:
            self.set_cursor(index)
        elif tail or (at_end and index is not None):
            self.set_cursor(len(entries) - 1, reveal=False)
            self.action_last()
        else:
            self.set_cursor(index if index is not None else 0)
        if self._matches is not None:
            index = self.match_index
            self.search(self._matches.query, jump=False)
            self.match_index = min(index, self.match_total - 1)

    def _relayout(self, keep_estimates: bool = False) -> None:
        """Heights back to estimates (after a resize, a privacy switch or new data)."""
        width, privacy = self.content_width, self.privacy
        self._width = width
        if width <= 0:
            return
        layout = self._layout_heights
        if not keep_estimates:
            layout.reset([entry.estimate_height(width, privacy) for entry in self.entries])
        cache = self._cache
        if cache:  # entries rendered before, at this width and state, keep their real height
            for index, entry in enumerate(self.entries):
                if entry.key in cache:
                    cached = cache[entry.key]
                    if cached[0] == (width, *entry.signature(privacy)):
                        layout.set(index, len(cached[1]))
        self._update_virtual_size()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.content_width != self._width:
            self._relayout()
            if self.entries:
                self.reveal(self.cursor)

    # -- geometry ----------------------------------------------------------------

    def _update_virtual_size(self) -> None:
        size = Size(self.visible_width, self._layout_heights.total)
        if self.virtual_size != size:
            self.virtual_size = size

    def index_at(self, line: int) -> int | None:
        return self._layout_heights.index_at(line) if self.entries else None

    def entry_lines(self, index: int) -> list[Line]:
        """The rendered lines of entry `index`, rendering (and measuring) it if needed."""
        entry = self.entries[index]
        width, privacy = self.content_width, self.privacy
        signature = (width, *entry.signature(privacy))
        cached = self._cache.get(entry.key)
        if cached is not None and cached[0] == signature:
            lines = cached[1]
        else:
            styles = self.entry_styles()
            lines = render_entry_lines(entry, self._render_console, width, styles, privacy)
            # Textual's LRUCache.set keeps the old value of a key it holds: without the
            # discard, an entry seen at another width (or folded) re-rendered on every line.
            self._cache.discard(entry.key)
            self._cache[entry.key] = (signature, lines)
        self._layout_heights.set(index, len(lines))
        return lines

    def _settle(self) -> None:
        """Render every entry in view so the lines painted are real, not estimated."""
        if not self.entries or self.content_width <= 0:
            return
        if self.content_width != self._width:
            self._relayout()
        layout = self._layout_heights
        top = round(self.scroll_offset.y)
        index = self.index_at(top)
        if index is not None and not layout.exact[index] and layout.start(index) < top:
            # Scrolling up into an estimated entry: keep what is on screen where it is.
            old = layout.heights[index]
            self.entry_lines(index)
            if layout.heights[index] != old:
                top = max(0, top + layout.heights[index] - old)
                self._update_virtual_size()
                self.scroll_to(y=top, animate=False, force=True)
        bottom = top + self.size.height
        for _ in range(4):
            index = self.index_at(min(top, layout.total - 1))
            if index is None:
                break
            changed = False
            y = layout.start(index)
            while index < len(self.entries) and y < bottom:
                if not layout.exact[index]:
                    self.entry_lines(index)
                    changed = True
                y += layout.heights[index]
                index += 1
            if not changed:
                break
        self._update_virtual_size()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._settle()
        strips = super().render_lines(crop)
        if self.entries and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return strips

    def _placeholder_line(self, y: int) -> Strip:
        """The empty, loading or error state, in place of the conversation."""
        width, base = self.visible_width, self.rich_style
        key = (self.placeholder, width)
        if self._placeholder_cache is None or self._placeholder_cache[0] != key:
            options = self._render_console.options.update(width=max(8, width - 4), height=None)
            text = Text(self.placeholder, style=self.entry_styles().hint)
            lines = self._render_console.render_lines(text, options, pad=False)
            self._placeholder_cache = (key, lines)
        lines = self._placeholder_cache[1]
        if not 1 <= y <= len(lines):
            return Strip.blank(width, base)
        strip = Strip([Segment("  ", base), *Segment.apply_style(lines[y - 1], base)])
        return strip.adjust_cell_length(width, base)

    def watch_placeholder(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.visible_width
        base = self.rich_style
        if not self.entries:
            return self._placeholder_line(y)
        line_no = round(self.scroll_offset.y) + y
        index = self.index_at(line_no)
        if index is None:
            return Strip.blank(width, base)
        lines = self.entry_lines(index)
        local = line_no - self._layout_heights.start(index)
        if not 0 <= local < len(lines):
            return Strip.blank(width, base)
        segments = self._highlight(self.entries[index], local, lines[local])
        style, gutter = base, Segment("  ", base)
        if index == self.cursor:
            if local == 0:
                style = base + self.get_component_rich_style("conversation--cursor-line")
            if lines[local] or local == 0:
                gutter = Segment("▌ ", base + self.get_component_rich_style("conversation--cursor"))
        strip = Strip([gutter, *Segment.apply_style(segments, style)])
        return strip.adjust_cell_length(width, style)

    # -- search ------------------------------------------------------------------

    def search(self, query: str, *, jump: bool = True) -> int:
        """Find `query` (case-insensitive) in every entry; returns the number of matches."""
        if not query:
            self.clear_search()
            return 0
        self._matches = matches = Matches.find(self.entries, query)
        self.match_index = -1
        self._current = None
        if jump and matches.total:
            self.goto_match(matches.first_from(self.cursor))
        self.refresh()
        return matches.total

    def clear_search(self) -> None:
        self._matches, self.match_index, self._current = None, -1, None
        self.refresh()

    @property
    def match_in_view(self) -> bool:
        """Whether the focused match was found in the rendered (not hidden) text."""
        return self._current is not None

    @property
    def match_total(self) -> int:
        return self._matches.total if self._matches else 0

    def goto_match(self, number: int) -> bool:
        """Focus match `number` (0-based, wrapping); False when it lies in a hidden part."""
        matches = self._matches
        if matches is None or not matches.total:
            return False
        self.match_index = number % matches.total
        index, nth = matches.locate(self.match_index)
        entry = self.entries[index]
        entry.folded = False
        self.set_cursor(index, reveal=False)
        found = find_in_lines(self.entry_lines(index), matches.query, nth, 0 if entry.part else 1)
        if found is None:
            self._current = None
            self.reveal(index)
        else:
            self._current = (entry.key, *found)
            self.reveal(index, line=found[0])
        self.refresh()
        return found is not None

    def _highlight(self, entry: Entry, local: int, segments: Line) -> Line:
        matches = self._matches
        if matches is None or (local == 0 and not entry.part) or not segments:
            return segments
        current = self._current
        position = current[2] if current and current[:2] == (entry.key, local) else None
        match = self.get_component_rich_style("conversation--match", partial=True)
        focused = self.get_component_rich_style("conversation--match-current", partial=True)
        return highlight(segments, matches.query, position, match, focused)

    # -- cursor and scrolling ----------------------------------------------------

    def set_cursor(self, index: int, *, reveal: bool = True) -> None:
        if not self.entries:
            return
        self.cursor = max(0, min(index, len(self.entries) - 1))
        if reveal:
            self.reveal(self.cursor)

    def watch_cursor(self) -> None:
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    def reveal(self, index: int, *, line: int | None = None) -> None:
        """Scroll so entry `index` (or its `line`) is in view.

        The scrolls are forced: before the layout has shown the scrollbar (as when a
        conversation first arrives), Textual ignores a scroll that is not."""
        if not self.entries or self.content_width <= 0:
            return
        view = max(1, self.size.height)
        self.entry_lines(index)
        above, y = 0, index - 1
        while y >= 0 and above < view:  # measure what will show above it
            above += len(self.entry_lines(y))
            y -= 1
        self._update_virtual_size()
        start, height = self._layout_heights.start(index), self._layout_heights.heights[index]
        top = round(self.scroll_offset.y)
        if line is not None:
            target = start + line
            if top <= target < top + view:
                return
            self.scroll_to(y=max(0, target - view // 3), animate=False, force=True)
        elif start < top or height > view:
            self.scroll_to(y=start, animate=False, force=True)
        elif start + height > top + view:
            self.scroll_to(y=start + height - view, animate=False, force=True)

    def _visible_cursor(self) -> bool:
        offsets = self._layout_heights.offsets
        if not 0 <= self.cursor < len(self.entries):
            return False
        top = round(self.scroll_offset.y)
        return offsets[self.cursor] < top + self.size.height and offsets[self.cursor + 1] > top

    def _step(self, delta: int) -> None:
        if not self.entries:
            return
        if not self._visible_cursor():
            first = self.index_at(round(self.scroll_offset.y)) or 0
            self.set_cursor(first)
            return
        self.set_cursor(self.cursor + delta)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self.set_cursor(0, reveal=False)
        self.scroll_to(y=0, animate=False, force=True)

    def action_last(self) -> None:
        if not self.entries:
            return
        self.set_cursor(len(self.entries) - 1, reveal=False)
        self.reveal(len(self.entries) - 1)
        self.scroll_to(y=self._layout_heights.total, animate=False, force=True)

    def action_toggle_entry(self) -> None:
        entry = self.current
        if entry is None:
            return
        if entry.foldable:
            entry.folded = not entry.folded
            self._remeasure(self.cursor)
        elif entry.hidden_chars():
            self.action_show_all()

    def action_show_all(self) -> None:
        entry = self.current
        if entry is None or entry.show_all:
            return
        entry.show_all, entry.folded = True, False
        if entry.splittable:
            self._replace(self.cursor, split_parts(entry))
        self._remeasure(self.cursor)

    def _replace(self, index: int, parts: list[Entry]) -> None:
        """Put `parts` where entry `index` was (a long message shown in full)."""
        width, privacy = self.content_width, self.privacy
        self.entries[index : index + 1] = parts
        self._layout_heights.replace(
            index, [part.estimate_height(width, privacy) for part in parts]
        )
        if self._matches is not None:
            self.search(self._matches.query, jump=False)

    def _remeasure(self, index: int) -> None:
        self.entry_lines(index)
        self._update_virtual_size()
        self.reveal(index)
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = self.index_at(round(self.scroll_offset.y) + event.y)
        if index is not None:
            self.set_cursor(index, reveal=False)
