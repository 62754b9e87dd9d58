"""The conversation as a list of entries: what the operator moves between.

A chat message is one entry; each tool call of an assistant message is an
entry of its own right under it, carrying the `tool` message that answered it
(matched by `tool_call_id`), so the answer is read next to the question.
Everything here is plain data and Rich renderables; the widget that scrolls
them lives in `tui/widgets/conversation.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from rich.console import RenderableType
from rich.markdown import Markdown
from rich.style import Style
from rich.text import Text

from assign_tui.api.models import ChatMessage, ToolCall
from assign_tui.tui.format import MASK, safe, short_time

__all__ = [
    "CAP_CHARS",
    "CAP_LINES",
    "Entry",
    "EntryStyles",
    "build_entries",
    "cap_text",
    "split_parts",
]

#: What one message shows until the operator asks for the rest.
CAP_CHARS = 20_000
CAP_LINES = 200
#: A long message shown in full becomes parts of about this size, each rendered
#: only when it scrolls into view.
PART_CHARS = 8_000

ROLES = ("user", "assistant", "system", "tool")


def cap_text(text: str, show_all: bool = False) -> tuple[str, int]:
    """The part of `text` to render, and how many characters are left out."""
    if show_all or (len(text) <= CAP_CHARS and text.count("\n", 0, CAP_CHARS) < CAP_LINES):
        return text, 0
    end = min(len(text), CAP_CHARS)
    position = -1
    for _ in range(CAP_LINES):
        position = text.find("\n", position + 1, end)
        if position < 0:
            break
    else:
        end = position
    return text[:end], len(text) - end


def _size(chars: int) -> str:
    if chars >= 1_000_000:
        return f"{chars / 1_000_000:.1f} M characters"
    if chars >= 1_000:
        return f"{chars / 1_000:.0f} K characters"
    return f"{chars} characters"


@dataclass(frozen=True)
class EntryStyles:
    """Rich styles from the widget's component classes (so themes apply)."""

    roles: dict[str, Style]
    meta: Style
    hint: Style
    warning: Style


@dataclass(eq=False)
class Entry:
    """One navigable item: a message, or one tool call with its answer."""

    key: str
    kind: Literal["message", "tool_call"]
    message: ChatMessage
    call: ToolCall | None = None
    result: ChatMessage | None = None
    folded: bool = False
    show_all: bool = False
    gap_after: bool = True
    span: tuple[int, int] | None = None
    """For a long message shown in full: the slice of its text this part holds."""
    part: int = 0
    parts: int = 1
    _search: str | None = field(default=None, repr=False)
    _arguments: tuple[bool, str] | None = field(default=None, repr=False)

    @property
    def foldable(self) -> bool:
        return self.kind == "tool_call" or self.message.role == "system"

    @property
    def role(self) -> str:
        return self.message.role

    def arguments(self) -> tuple[bool, str]:
        """(parsed, text): pretty-printed JSON, or the raw text when it does not parse."""
        if self._arguments is None:
            assert self.call is not None
            ok, value = self.call.function.parsed_arguments()
            text = json.dumps(value, indent=2, ensure_ascii=False) if ok else str(value)
            self._arguments = (ok, text)
        return self._arguments

    def body_text(self) -> str:
        """The text this entry shows when open (uncapped)."""
        if self.kind == "tool_call":
            assert self.call is not None
            parts = [self.call.function.name, self.arguments()[1]]
            if self.result is not None:
                parts.append(self.result.text)
            return "\n".join(parts)
        if self.span is not None:
            return self.message.text[self.span[0] : self.span[1]]
        return self.message.text

    @property
    def splittable(self) -> bool:
        """Whether "show all" turns this message into parts rendered one by one."""
        return (
            self.kind == "message"
            and self.span is None
            and isinstance(self.message.content, str)
            and len(self.message.content) > CAP_CHARS
        )

    def copy_text(self) -> str:
        if self.kind == "tool_call":
            assert self.call is not None
            return self.call.function.arguments
        return self.message.text

    def search_text(self) -> str:
        if self._search is None:
            self._search = self.body_text().lower()
        return self._search

    def hidden_chars(self) -> int:
        """Characters left out by the cap (0 when everything shows)."""
        if self.show_all or self.folded or self.span is not None:
            return 0
        if self.kind == "tool_call":
            hidden = cap_text(self.arguments()[1])[1]
            if self.result is not None:
                hidden += cap_text(self.result.text)[1]
            return hidden
        return cap_text(self.message.text)[1]

    def signature(self, privacy: bool) -> tuple[object, ...]:
        """Everything that changes this entry's rendered lines, except the width."""
        result = self.result.id if self.result is not None else None
        return (privacy, self.folded, self.show_all, self.gap_after, result, self.span)

    # -- rendering -------------------------------------------------------------

    def header(self, styles: EntryStyles, privacy: bool) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.kind == "tool_call":
            assert self.call is not None
            text.append("▸ " if self.folded else "▾ ", style=styles.meta)
            text.append("tool call ", style=styles.roles["tool"])
            text.append(safe(self.call.function.name or "?", single_line=True), style="bold")
            if self.call.id:
                text.append(f"  {safe(self.call.id, single_line=True)}", style=styles.meta)
            if self.result is not None:
                text.append("  ✓ answered", style=styles.meta)
            else:
                text.append("  … no answer", style=styles.warning)
            if self.folded:
                text.append("  (Enter opens)", style=styles.hint)
            return text
        message = self.message
        if self.part:
            return text  # a continuation: no header of its own
        if self.foldable:
            text.append("▸ " if self.folded else "▾ ", style=styles.meta)
        role_style = styles.roles.get(message.role, styles.roles["other"])
        text.append(safe(message.role, single_line=True) or "?", style=role_style)
        if message.name:
            name = MASK if privacy else safe(message.name, single_line=True)
            text.append(f" · {name}", style=styles.meta)
        text.append(f" · {short_time(message.created_at)}", style=styles.meta)
        if message.tool_call_id:
            text.append(
                f" · answers {safe(message.tool_call_id, single_line=True)}", style=styles.meta
            )
        if self.parts > 1:
            text.append(f"  shown in full, {self.parts} parts", style=styles.hint)
        if self.folded:
            lines = message.text.count("\n") + 1 if message.text else 0
            text.append(
                f"  folded, {lines} line{'s' * (lines != 1)} (Enter opens)", style=styles.hint
            )
        return text

    def body(self, styles: EntryStyles, privacy: bool) -> list[tuple[RenderableType, int]]:
        """The renderables under the header, each with its left indent."""
        if self.folded:
            return []
        if self.kind == "tool_call":
            return self._tool_body(styles, privacy)
        message = self.message
        parts: list[tuple[RenderableType, int]] = []
        content = message.content
        if privacy and content:
            return [(Text(MASK, style=styles.meta), 0)] if not self.part else []
        if self.span is not None:
            return self._text(self.body_text(), styles)
        if isinstance(content, list):
            for part in content:
                if part.type == "text":
                    parts.extend(self._text(part.text or "", styles))
                else:
                    label = f"[{safe(part.type, single_line=True)} part]"
                    parts.append((Text(label, style=styles.hint), 0))
        elif content:
            parts.extend(self._text(content, styles))
        elif not message.tool_calls:
            parts.append((Text("(no content)", style=styles.hint), 0))
        return parts

    def _text(self, raw: str, styles: EntryStyles) -> list[tuple[RenderableType, int]]:
        shown, hidden = cap_text(raw, self.show_all)
        shown = safe(shown)
        renderable: RenderableType
        if self.role == "assistant":
            renderable = Markdown(shown, hyperlinks=False)
        else:
            renderable = Text(shown)
        parts: list[tuple[RenderableType, int]] = [(renderable, 0)]
        if hidden:
            note = f"… {_size(hidden)} more: press + (or Enter) to show all"
            parts.append((Text(note, style=styles.hint), 0))
        return parts

    def _tool_body(self, styles: EntryStyles, privacy: bool) -> list[tuple[RenderableType, int]]:
        ok, arguments = self.arguments()
        label = "arguments" if ok else "arguments are not valid JSON"
        parts: list[tuple[RenderableType, int]] = [
            (Text(label + ":", style=styles.meta if ok else styles.warning), 2)
        ]
        if privacy:
            parts.append((Text(MASK, style=styles.meta), 4))
        else:
            shown, hidden = cap_text(arguments, self.show_all)
            parts.append((Text(safe(shown)), 4))
            if hidden:
                parts.append(
                    (Text(f"… {_size(hidden)} more: press + to show all", style=styles.hint), 4)
                )
        result = self.result
        if result is None:
            parts.append((Text("no tool message answered this call", style=styles.hint), 2))
            return parts
        label = f"answer · {short_time(result.created_at)}"
        if result.name:
            label += f" · {MASK if privacy else safe(result.name, single_line=True)}"
        parts.append((Text(label + ":", style=styles.roles["tool"]), 2))
        if privacy:
            parts.append((Text(MASK, style=styles.meta), 4))
        else:
            shown, hidden = cap_text(result.text, self.show_all)
            parts.append((Text(safe(shown) or "(empty)"), 4))
            if hidden:
                parts.append(
                    (Text(f"… {_size(hidden)} more: press + to show all", style=styles.hint), 4)
                )
        return parts

    def estimate_height(self, width: int, privacy: bool) -> int:
        """A cheap guess of the rendered height, until the entry is rendered."""
        gap = 1 if self.gap_after else 0
        if self.folded:
            return 1 + gap
        if privacy:
            return 2 + gap if self.kind == "message" else 5 + gap
        if self.span is not None:
            return (
                sum(len(line) // max(8, width) + 1 for line in self.body_text().split("\n")) + gap
            )
        width = max(8, width)
        if self.kind == "tool_call":
            texts = [self.arguments()[1]] + ([self.result.text] if self.result else [])
            extra = 3
        else:
            texts = [self.message.text]
            extra = 1
        lines = extra + gap
        for text in texts:
            shown, hidden = cap_text(text, self.show_all)
            if "\n" in shown:
                lines += sum(len(line) // width + 1 for line in shown.split("\n"))
            else:  # most messages: the same sum without splitting (a third of the time)
                lines += len(shown) // width + 1
            lines += 1 if hidden else 0
        return lines


def split_parts(entry: Entry) -> list[Entry]:
    """A long message, shown in full, as consecutive parts of about `PART_CHARS`."""
    text = entry.message.text
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + PART_CHARS)
        if end < len(text):
            cut = text.rfind("\n\n", start + PART_CHARS // 2, end)
            if cut < 0:
                cut = text.rfind("\n", start + PART_CHARS // 2, end)
            end = cut + 1 if cut >= 0 else end
        spans.append((start, end))
        start = end
    return [
        Entry(
            entry.key if number == 0 else f"{entry.key}#{number}",
            "message",
            entry.message,
            show_all=True,
            gap_after=entry.gap_after if number == len(spans) - 1 else False,
            span=span,
            part=number,
            parts=len(spans),
        )
        for number, span in enumerate(spans)
    ]


def build_entries(
    messages: list[ChatMessage], previous: dict[str, Entry] | None = None
) -> list[Entry]:
    """Entries for `messages` (oldest first), keeping the fold state of `previous`."""
    previous = previous or {}
    answers: dict[str, ChatMessage] = {}
    for message in messages:
        if message.role == "tool" and message.tool_call_id:
            answers.setdefault(message.tool_call_id, message)
    called = {
        call.id
        for message in messages
        for call in message.tool_calls or ()
        if call.id and call.id in answers
    }
    entries: list[Entry] = []
    for message in messages:
        if message.role == "tool" and message.tool_call_id in called:
            continue  # shown under the call it answers
        key = message.id
        old = previous.get(key)
        entry = Entry(key, "message", message, folded=message.role == "system")
        if old is not None:
            entry.folded, entry.show_all = old.folded, old.show_all
        entries.append(entry)
        first = len(entries) - 1
        for index, call in enumerate(message.tool_calls or ()):
            call_key = f"{key}/{index}:{call.id}"
            old = previous.get(call_key)
            tool = Entry(
                call_key, "tool_call", message, call=call, result=answers.get(call.id), folded=True
            )
            if old is not None:
                tool.folded, tool.show_all = old.folded, old.show_all
            entries[-1].gap_after = False
            entries.append(tool)
        if entry.show_all and entry.splittable:
            entries[first : first + 1] = split_parts(entry)
    return entries
