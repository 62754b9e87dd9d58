"""Every character of a message reaches the screen, at every width, scrollbar or not.

The conversation once wrapped to its full width while the scrollbar's gutter
covered the last two cells ("salió" showed as "sal" at 80x24). The sweep runs
the widget alone (no server) through every width from 40 to 250, reading the
lines its own `render_line` paints, cut where the screen cuts them; the console
check reads the composed screen at a few sizes, the way a terminal shows it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest
from textual.app import App, ComposeResult
from textual.events import Resize
from textual.geometry import Region, Size

from assign_tui.api.models import ChatMessage
from assign_tui.tui.conversation.entries import build_entries
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.widgets.conversation import ConversationView

from .helpers import settle
from .hostile import screen_lines

RICH = 1042

#: Accents, CJK, emoji, right-to-left scripts and words longer than any line. Assistant
#: messages are Markdown, so theirs hold no Markdown syntax (it would not show as typed).
VARIED: list[tuple[str, str]] = [
    ("assistant", "Hola Rosa, soy Ava. ¿Cómo se siente desde que salió del hospital? "
                  "No cambie la dosis hasta hablar con ella, por favor."),
    ("user", "Ça va très bien: àéîõü ñ Ø ß Zoë Anaïs Åsa Łukasz Dvořák İstanbul naïve café."),
    ("user", "王芳的血糖今天早上是七点二，她说头有点晕，需要护士回电话。我们明天下午三点再联系。"),
    ("user", "Emoji 👋📷🩺💊 and 🙂 next to text: ok👍done, then 日本語とEnglishと한국어 텍스트."),
    ("assistant", "فاطمة الزهراء تقول إنها بخير اليوم وتحتاج إلى موعد جديد مع الطبيب"),
    ("user", "שלום, מה שלומך היום? אני צריכה לדבר עם האחות לפני הערב"),
    ("user", "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
             + " https://example.invalid/a/very/long/path/" + "segment" * 30),
    ("assistant", "Ελληνικά κείμενα και русский текст рядом: Здравствуйте, как вы себя чувствуете"),
]


def _source_characters() -> Counter[str]:
    return Counter(char for _role, text in VARIED for char in text if not char.isspace())


def _missing(seen: Counter[str]) -> str:
    return "".join(sorted((_source_characters() - seen).elements()))


def _messages() -> list[ChatMessage]:
    return [
        ChatMessage.model_validate({
            "id": f"m{number}", "role": role, "content": text,
            "created_at": f"2026-11-2{number % 9}T10:00:00Z",
        })
        for number, (role, text) in enumerate(VARIED)
    ]


class TwoConversationsApp(App[None]):
    """The conversation widget twice, without a server: one short enough to scroll,
    one tall enough not to (so one resize shows both)."""

    CSS = "#scrolled { height: 12; } #whole { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield ConversationView(id="scrolled")
        yield ConversationView(id="whole")


async def _resize(pilot: Any, view: ConversationView, width: int, height: int) -> None:
    """`pilot.resize_terminal` without its wait for an idle CPU (211 widths to go);
    `view` is the one in the screen's bottom right corner."""
    size = Size(width, height)
    pilot.app._driver._size = size
    pilot.app.post_message(Resize(size, size))
    for _ in range(400):
        await asyncio.sleep(0.005)
        if (view.region.right, view.region.bottom) == (width, height):
            return
    raise AssertionError(f"the view never took {width} columns")


async def _measured(pilot: Any, view: ConversationView) -> None:
    """Every entry rendered at the current width, so pages tile the conversation exactly."""
    for index in range(len(view.entries)):
        view.entry_lines(index)
    view.refresh()
    await pilot.pause(0)  # the paint brings the virtual size up to date


async def _painted(pilot: Any, view: ConversationView) -> tuple[Counter[str], int]:
    """Characters of every line the widget paints, cut at the visible width (as the
    screen cuts them), and the number of lines."""
    await _measured(pilot, view)
    total, height = view.virtual_size.height, view.size.height
    visible = view.scrollable_content_region.width
    seen: Counter[str] = Counter()
    for top in range(0, total, height):
        view.scroll_y = top
        offset = round(view.scroll_offset.y)
        for y in range(top - offset, min(height, total - offset)):
            seen.update(view.render_line(y).crop(0, visible).text)
    return seen, total


async def test_every_character_shows_at_every_width_with_and_without_a_scrollbar() -> None:
    app = TwoConversationsApp()
    async with app.run_test(size=(40, 200)) as pilot:
        scrolled, whole = app.query(ConversationView)
        for view in (scrolled, whole):
            view.show(build_entries(_messages()))
        _, lines = await _painted(pilot, whole)
        for width in range(40, 251):
            await _resize(pilot, whole, width, 12 + lines + 1)
            while (await _painted(pilot, whole))[1] > lines:  # a rare wider wrap: more room
                lines += 4
                await _resize(pilot, whole, width, 12 + lines + 1)
            for view, scrollbar in ((scrolled, True), (whole, False)):
                seen, total = await _painted(pilot, view)
                assert view.show_vertical_scrollbar is scrollbar, (width, total)
                missing = _missing(seen)
                assert not missing, f"{width} columns, scrollbar {scrollbar}: {missing!r}"
            lines = total  # the whole conversation, with one line to spare, at the next width


def _post(server: Any, role: str, content: str) -> None:
    httpx.post(
        f"{server.base_url}/_sandbox/assignments/{RICH}/messages",
        json={"role": role, "content": content},
        timeout=5,
    ).raise_for_status()


@pytest.mark.parametrize("size", [(40, 15), (60, 20), (80, 24), (133, 30), (250, 50)])
async def test_the_screen_shows_every_character(
    fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    for role, text in VARIED:
        _post(fresh_sandbox, role, text)
    app = fresh_console_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.push_screen(MessagesScreen(RICH))
        await settle(pilot)
        view = app.screen.query_one(ConversationView)
        await _measured(pilot, view)
        region: Region = view.region
        seen: Counter[str] = Counter()
        top = 0
        assert view.show_vertical_scrollbar
        while top < view.virtual_size.height:
            view.scroll_to(y=top, animate=False)
            await pilot.pause()
            offset = round(view.scroll_offset.y)
            rows = screen_lines(app)[region.y : region.bottom]
            for row in rows[top - offset :]:
                seen.update(row)  # the scrollbar's column too: it covers what it hides
            top = offset + region.height
        assert not _missing(seen), _missing(seen)


async def test_an_entry_is_rendered_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's LRUCache keeps a key's first value; the lines of a second width were
    rendered again for every line painted."""
    import assign_tui.tui.widgets.conversation as conversation

    rendered: Counter[tuple[str, int]] = Counter()
    render = conversation.render_entry_lines

    def counting(entry: Any, console: Any, width: int, *rest: Any) -> Any:
        rendered[entry.key, width] += 1
        return render(entry, console, width, *rest)

    monkeypatch.setattr(conversation, "render_entry_lines", counting)
    app = TwoConversationsApp()
    async with app.run_test(size=(80, 40)) as pilot:
        view = app.query_one("#whole", ConversationView)
        view.show(build_entries(_messages()))
        for width in (80, 100, 80):
            await _resize(pilot, view, width, 40)
            await _painted(pilot, view)
            await _painted(pilot, view)
    assert rendered and max(rendered.values()) <= 2, rendered.most_common(3)
