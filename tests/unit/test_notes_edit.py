"""Editing shown notes changes only what the operator edited in the server's raw notes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets.text_area import Document

from assign_tui.tui.format import safe
from assign_tui.tui.forms.notes_edit import apply_edit, check_sendable, form_text
from assign_tui.tui.forms.validation import FieldError

CRLF = "Line one\r\nLine two"
HOSTILE = "hi \x1b[31mRED\x1b]52;c;SGVsbG8=\x07 end\r\nline2\u202eevil"

#: Raw notes: the characters that matter here (controls, stand-ins, separators) and any others.
RAW_CHARS = st.one_of(
    st.sampled_from("\r\n\t\x1b\x07\x00\x7f\x85\u202e\u2028\u2029\ud800␍␛\ufffd"),
    st.characters(),
)


def test_crlf_notes_keep_their_cr_when_a_character_is_appended() -> None:
    assert form_text(CRLF) == "Line one␍\nLine two"
    assert apply_edit(CRLF, "Line one␍\nLine two!") == "Line one\r\nLine two!"


def test_every_control_character_the_operator_did_not_touch_is_kept() -> None:
    edited = form_text(HOSTILE) + " x"
    assert apply_edit(HOSTILE, edited) == HOSTILE + " x"


def test_an_edit_right_next_to_a_control_character_keeps_it() -> None:
    raw = "a\rb"
    assert apply_edit(raw, "aX␍b") == "aX\rb"
    assert apply_edit(raw, "a␍Xb") == "a\rXb"
    assert apply_edit(raw, "a␍") == "a\r"


def test_deleting_a_stand_in_deletes_the_character_it_stood_for() -> None:
    assert apply_edit(CRLF, "Line one\nLine two") == "Line one\nLine two"
    assert apply_edit("x\u202ey", "xy") == "xy"


def test_a_stand_in_the_server_really_holds_stays_as_it_is() -> None:
    raw = "kept ␍ literally\r\n"
    assert form_text(raw) == "kept ␍ literally␍\n"
    assert apply_edit(raw, "kept ␍ literally!␍\n") == "kept ␍ literally!\r\n"


def test_typed_stand_ins_are_sent_as_typed() -> None:
    assert apply_edit("plain", "plain ␍") == "plain ␍"


def test_untouched_or_cleared_notes() -> None:
    assert apply_edit(HOSTILE, form_text(HOSTILE)) == HOSTILE
    assert apply_edit(HOSTILE, "") == ""
    assert apply_edit("", "new") == "new"


def test_a_kept_lone_surrogate_is_refused_and_deleting_its_stand_in_lets_the_edit_go() -> None:
    raw = "a\ud800b"
    with pytest.raises(FieldError, match="lone surrogate"):
        check_sendable(raw, "a\ufffdb!")
    check_sendable(raw, "ab!")
    assert apply_edit(raw, "ab!") == "ab!"
    check_sendable("plain", "plain \ufffd")  # a typed U+FFFD is a valid character


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_separators_are_shown_as_one_character_the_text_area_keeps(separator: str) -> None:
    raw = f"a{separator}b"
    assert form_text(raw) == "a\ufffdb"
    assert Document(form_text(raw)).text == form_text(raw)
    assert apply_edit(raw, "a\ufffdb!") == f"a{separator}b!"


@settings(max_examples=300, deadline=None)
@given(st.text(RAW_CHARS, max_size=40))
def test_form_text_is_one_shown_character_per_raw_character_and_screen_safe(raw: str) -> None:
    shown = form_text(raw)
    assert len(shown) == len(raw)
    assert safe(shown) == shown  # nothing left for the terminal to interpret
    assert Document(shown).text == shown  # the TextArea gives back exactly what it was given


@st.composite
def raw_and_edit(draw: st.DrawFn) -> tuple[str, str]:
    """Raw notes, and their rendering with a few spans replaced by typed text."""
    raw = draw(st.text(RAW_CHARS, max_size=40))
    edited = form_text(raw)
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(edited)))
        stop = draw(st.integers(start, len(edited)))
        typed = draw(st.text(st.sampled_from("ab␍␛\ufffd\n x"), max_size=5))
        edited = edited[:start] + typed + edited[stop:]
    return raw, edited


@settings(max_examples=400, deadline=None)
@given(raw_and_edit())
def test_the_result_shows_as_the_edit_and_keeps_the_raw_text_around_it(
    case: tuple[str, str],
) -> None:
    raw, edited = case
    result = apply_edit(raw, edited)
    assert form_text(result) == edited
    if edited == form_text(raw):
        assert result == raw
    shown = form_text(raw)
    if edited.startswith(shown):  # appended only: every raw character is kept exactly
        assert result == raw + edited[len(shown) :]
