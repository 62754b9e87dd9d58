"""The conversation's pure parts: entries, caps, parts, search arithmetic, heights."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment

from assign_tui.api.models import ChatMessage
from assign_tui.tui.conversation.entries import (
    CAP_CHARS,
    CAP_LINES,
    build_entries,
    cap_text,
    split_parts,
)
from assign_tui.tui.conversation.layout import EntryHeights
from assign_tui.tui.conversation.lines import Matches, find_in_lines


def _message(id: str, role: str, content: Any = None, **extra: Any) -> ChatMessage:
    return ChatMessage.model_validate({"id": id, "role": role, "content": content, **extra})


def _call(call_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def test_tool_calls_sit_under_their_message_with_the_answer_matched_by_id() -> None:
    messages = [
        _message("1", "system", "be kind"),
        _message("2", "assistant", None, tool_calls=[_call("a", "f", "{}"), _call("b", "g", "{")]),
        _message("3", "tool", "answer to b", tool_call_id="b"),
        _message("4", "tool", "answer to a", tool_call_id="a"),
        _message("5", "tool", "answer to nobody", tool_call_id="zzz"),
    ]
    entries = build_entries(messages)
    assert [(e.kind, e.message.id) for e in entries] == [
        ("message", "1"),
        ("message", "2"),
        ("tool_call", "2"),
        ("tool_call", "2"),
        ("message", "5"),
    ]
    assert entries[0].folded and entries[2].folded and entries[3].folded
    assert entries[2].result is not None and entries[2].result.text == "answer to a"
    assert entries[3].result is not None and entries[3].result.text == "answer to b"
    assert entries[3].arguments() == (False, "{")
    assert entries[1].gap_after is False and entries[3].gap_after is True


def test_fold_state_survives_a_reload() -> None:
    messages = [_message("1", "system", "x"), _message("2", "user", "y")]
    first = build_entries(messages)
    first[0].folded = False
    again = build_entries([*messages, _message("3", "user", "z")], {e.key: e for e in first})
    assert again[0].folded is False and len(again) == 3


def test_cap_keeps_the_first_lines_or_characters() -> None:
    many_lines = "\n".join(str(n) for n in range(1_000))
    shown, hidden = cap_text(many_lines)
    assert shown.count("\n") == CAP_LINES - 1 and hidden == len(many_lines) - len(shown)
    long_line = "x" * (CAP_CHARS * 3)
    assert cap_text(long_line) == ("x" * CAP_CHARS, CAP_CHARS * 2)
    assert cap_text(long_line, show_all=True) == (long_line, 0)
    assert cap_text("short") == ("short", 0)


def test_a_long_message_splits_into_parts_that_cover_it_exactly() -> None:
    text = ("A paragraph of text. " * 40 + "\n\n") * 200
    entry = build_entries([_message("1", "assistant", text)])[0]
    assert entry.splittable
    parts = split_parts(entry)
    assert "".join(part.body_text() for part in parts) == text
    assert parts[0].key == "1" and parts[0].part == 0 and all(p.parts == len(parts) for p in parts)
    assert all(part.body_text().endswith("\n") for part in parts[:-1])  # cut at line ends


def test_matches_are_numbered_across_entries() -> None:
    entries = build_entries(
        [
            _message("1", "user", "Rosa rosa"),
            _message("2", "user", "no"),
            _message("3", "user", "ROSA"),
        ]
    )
    matches = Matches.find(entries, "rOsA")
    assert matches.total == 3
    assert [matches.locate(n) for n in range(3)] == [(0, 0), (0, 1), (2, 0)]
    assert matches.first_from(1) == 2 and matches.first_from(3) == 0
    lines = [[Segment("header rosa")], [Segment("a "), Segment("Rosa")], [Segment("rosa rosa")]]
    assert find_in_lines(lines, "rosa", 0, 1) == (1, 2)
    assert find_in_lines(lines, "rosa", 2, 1) == (2, 5)
    assert find_in_lines(lines, "rosa", 3, 1) is None


def test_heights_give_offsets_and_the_entry_on_a_line() -> None:
    heights = EntryHeights()
    heights.reset([3, 1, 4])
    assert heights.offsets == [0, 3, 4, 8] and heights.total == 8
    assert [heights.index_at(y) for y in (0, 2, 3, 4, 7, 8)] == [0, 0, 1, 2, 2, None]
    assert heights.set(1, 5) and heights.exact[1] and heights.total == 12
    heights.replace(2, [2, 2])
    assert heights.offsets == [0, 3, 8, 10, 12] and heights.exact == [False, True, False, False]
