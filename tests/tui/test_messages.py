"""The messages screen, driven with Pilot against the sandbox."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.geometry import Region

from assign_tui.tui.format import MASK
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.widgets.conversation import ConversationView
from assign_tui.tui.widgets.notice import Notice

from .helpers import screen_text, settle

RICH = 1042  # 10 messages: system, tool calls (one with invalid JSON), an image part
HUGE = 1044  # one assistant message of about 1 MB
LONG = 1043  # 5,000 messages


def _control(server: Any, path: str, body: Any) -> Any:
    response = httpx.post(f"{server.base_url}/_sandbox{path}", json=body, timeout=5)
    response.raise_for_status()
    return response.json()


def _view(app: Any) -> ConversationView:
    return app.screen.query_one(ConversationView)


def _shown(app: Any) -> str:
    """What the conversation paints right now, plus the screen's other text."""
    view = _view(app)
    lines = view.render_lines(Region(0, 0, view.size.width, view.size.height))
    return "\n".join(strip.text for strip in lines)


def _status(app: Any) -> str:
    return str(app.screen.query_one("#messages-status").render())


async def _open(pilot: Any, assignment_id: int = RICH, *, top: bool = True) -> MessagesScreen:
    """Open the conversation; with `top`, go to its first message (it opens at the newest)."""
    await settle(pilot)
    screen = MessagesScreen(assignment_id, title="test")
    await pilot.app.push_screen(screen)
    await settle(pilot)
    if top and screen.messages:
        await pilot.press("g")
        await pilot.pause()
    return screen


async def _cursor_to(pilot: Any, predicate: Any) -> None:
    view = _view(pilot.app)
    for _ in range(len(view.entries)):
        if predicate(view.current):
            return
        await pilot.press("j")
    raise AssertionError("no entry matched")


async def test_open_shows_the_conversation_oldest_first_at_the_newest(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, top=False)
        assert screen.messages is not None and len(screen.messages) == 10
        times = [m.created_at for m in screen.messages]
        assert times == sorted(times)
        view = _view(app)
        assert view.cursor == len(view.entries) - 1
        assert "Gracias 🙏" in _shown(app)
        assert _status(app).startswith(f"{len(view.entries)} of {len(view.entries)}")
        shown = _after(pilot, "g")
        assert shown.index("assistant · 2026-11-21") < shown.index("user · 2026-11-22")
        assert "Hola Rosa" in shown
        assert isinstance(app.focused, ConversationView)


async def test_5000_messages_open_at_the_newest_then_where_the_operator_left(
    console_app: Any,
) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, LONG, top=False)
        view = _view(app)
        assert screen.messages is not None and len(screen.messages) == 5000
        assert view.cursor == len(view.entries) - 1
        newest = view.current
        assert newest is not None and newest.message is screen.messages[-1]
        assert view.scroll_offset.y == view.max_scroll_y  # the newest is in view
        await pilot.press("k", "k", "k")
        left = view.current
        assert left is not None
        await pilot.press("escape")
        await settle(pilot)
        await _open(pilot, LONG, top=False)
        view = _view(app)
        assert view.current is not None and view.current.key == left.key
        shown = _shown(app)
        assert "▌" in shown  # the focused message is in view
        await pilot.press("G", "escape")
        await settle(pilot)
        await _open(pilot, LONG, top=False)
        assert _view(app).cursor == len(_view(app).entries) - 1
        await pilot.press("escape")
        await settle(pilot)
        await _open(pilot, RICH, top=False)  # another conversation: its own newest
        assert _view(app).cursor == len(_view(app).entries) - 1


def _after(pilot: Any, key: str) -> str:
    view = _view(pilot.app)
    view.action_last() if key == "G" else view.action_first()
    return _shown(pilot.app)


async def test_system_message_is_folded_by_default_and_enter_opens_it(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        view = _view(app)
        first = view.entries[0]
        assert first.role == "system" and first.folded
        assert "folded" in _shown(app)
        assert "Never give dosing advice" not in _shown(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not first.folded
        assert "Never give dosing advice" in _shown(app)


async def test_enter_opens_and_folds_a_tool_call_with_its_answer(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await _cursor_to(pilot, lambda e: e.kind == "tool_call")
        entry = _view(app).current
        assert entry is not None and entry.folded and entry.result is not None
        assert "tool call lookup_medications" in _shown(app)
        assert '"member_id": 311' not in _shown(app)
        await pilot.press("enter")
        await pilot.pause()
        shown = _shown(app)
        assert '"member_id": 311,' in shown  # pretty-printed, one key a line
        assert "metformin 500 mg" in shown  # the tool message that answered it
        await pilot.press("j", "enter")  # the second call: its arguments do not parse
        await pilot.pause()
        assert "arguments are not valid JSON" in _shown(app)
        assert '{"member_id": 311, "tests": [' in _shown(app)
        await pilot.press("k", "enter")
        await pilot.pause()
        assert entry.folded
        assert "metformin 500 mg" not in _shown(app)


async def test_search_counts_matches_and_n_and_N_move_between_them(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("slash", *"rosa", "enter")
        await pilot.pause()
        view = _view(app)
        total = view.match_total
        assert total >= 2
        assert f"match 1 of {total}" in _status(app)
        await pilot.press("n")
        assert f"match 2 of {total}" in _status(app)
        await pilot.press("N", "N")
        assert f"match {total} of {total}" in _status(app)
        assert "rosa" in view.current.search_text()  # type: ignore[union-attr]
        assert isinstance(app.focused, ConversationView)


async def test_g_and_G_go_to_the_first_and_last_message(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        view = _view(app)
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == len(view.entries) - 1
        assert "Gracias 🙏" in _shown(app)
        await pilot.press("g")
        await pilot.pause()
        assert view.cursor == 0 and view.scroll_offset.y == 0
        await pilot.press("j", "down")
        assert view.cursor == 2


async def test_y_copies_the_focused_message(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("j", "y")
        assert app.last_copied == _view(app).current.message.text  # type: ignore[union-attr]
        assert app.last_copied.startswith("Hola Rosa")


async def test_follow_picks_up_an_appended_message(
    fresh_console_app: Any, fresh_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MessagesScreen, "FOLLOW_SECONDS", 0.2)
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert screen.following
        assert "following" in str(screen.query_one(Notice).render())
        assert "following" in _status(app)
        _control(
            fresh_sandbox,
            f"/assignments/{RICH}/messages",
            {"role": "user", "content": "Llegué a casa, gracias 4711"},
        )
        for _ in range(50):
            await pilot.pause(0.1)
            if screen.messages is not None and len(screen.messages) == 11:
                break
        await settle(pilot)
        assert screen.messages is not None and len(screen.messages) == 11
        view = _view(app)
        assert view.cursor == len(view.entries) - 1
        assert "Llegué a casa, gracias 4711" in _shown(app)
        await pilot.press("F")
        assert not screen.following
        assert "following" not in _status(app)


async def test_hostile_text_is_shown_inert(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    hostile = (
        "\x1b[31mRED\x1b]52;c;SGVsbG8=\x07 [bold]not bold[/bold] [link=https://x.invalid]y[/link]"
    )
    _control(fresh_sandbox, f"/assignments/{RICH}/messages", {"role": "user", "content": hostile})
    _control(
        fresh_sandbox,
        f"/assignments/{RICH}/messages",
        {
            "role": "assistant",
            "content": "See [the site](https://evil.invalid) ![x](https://evil.invalid/p.png)",
        },
    )
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("G")
        await pilot.pause()
        shown = _shown(app)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "␛[31mRED␛]52;c;SGVsbG8=␇" in shown
        assert "[bold]not bold[/bold]" in shown
        assert "[link=https://x.invalid]y[/link]" in shown
        assert "the site (https://evil.invalid)" in shown  # a link is text, not a hyperlink
        view = _view(app)
        strips = view.render_lines(Region(0, 0, view.size.width, view.size.height))
        assert not any(
            segment.style and segment.style.link for strip in strips for segment in strip
        )


async def test_privacy_mode_masks_contents_and_arguments(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        app.privacy = True
        await pilot.pause()
        await _cursor_to(pilot, lambda e: e.kind == "tool_call")
        await pilot.press("enter", "g")
        await pilot.pause()
        shown = _shown(app)
        assert "Hola Rosa" not in shown and "member_id" not in shown
        assert MASK in shown
        assert "tool call lookup_medications" in shown


async def test_a_huge_message_is_capped_until_shown_in_full(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, HUGE)
        view = _view(app)
        await _cursor_to(pilot, lambda e: len(e.message.text) > 500_000)
        entry = view.current
        assert entry is not None and entry.hidden_chars() > 900_000
        assert "+ shows all" in _status(app)
        lines = len(view.entry_lines(view.cursor))
        assert lines < 600  # 20 KB of text, wrapped at 76 columns
        count = len(view.entries)
        await pilot.press("plus")
        await settle(pilot)
        parts = [e for e in view.entries if e.message is entry.message]
        assert len(view.entries) == count + len(parts) - 1 and len(parts) > 100
        assert sum(len(e.body_text()) for e in parts) == len(entry.message.text)
        assert all(e.hidden_chars() == 0 for e in parts)
        assert "part 1 of" in _status(app)
        await pilot.press("G")
        await pilot.pause()
        assert "That was long" in _shown(app)


async def test_missing_assignment_says_not_found_and_esc_goes_back(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, 999_999)
        assert "Assignment 999999 not found. Press Esc to go back." in _shown(app)
        assert screen.query_one(Notice).is_error
        depth = len(app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == depth - 1
        assert not isinstance(app.screen, MessagesScreen)


async def test_server_error_shows_a_notice_and_r_retries(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    _control(
        fresh_sandbox,
        "/faults/script",
        {"path": r"/messages$", "status": 500, "body": {"detail": "boom"}, "times": 10},
    )
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.query_one(Notice).is_error
        assert "press r to retry" in screen_text(pilot).lower()
        httpx.delete(f"{fresh_sandbox.base_url}/_sandbox/faults", timeout=5).raise_for_status()
        await pilot.press("r")
        await settle(pilot)
        assert not screen.query_one(Notice).is_error
        assert screen.messages is not None and len(screen.messages) == 10


async def test_an_empty_conversation_says_so(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    _control(fresh_sandbox, "/faults/script", {"path": r"/messages$", "status": 200, "body": []})
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.messages == []
        assert "No messages in this conversation yet" in _shown(app)
        assert not screen.query_one(Notice).is_error
