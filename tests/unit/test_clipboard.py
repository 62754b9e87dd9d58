"""What `y` sends and says where tmux does not decide (the tmux cases: tests/e2e/test_clipboard.py)."""

from __future__ import annotations

from assign_tui.tui.clipboard import TmuxClipboard, copy_route, osc52


def test_outside_tmux_a_plain_osc52_and_no_claim_of_success() -> None:
    result = copy_route("1042", "the id", None, in_tmux=False)
    assert result.sequence == osc52("1042", tmux=False)
    assert result.message == "Sent the id to the terminal's clipboard (cannot confirm)"
    assert not result.confirmed and not result.failed


def test_tmux_with_set_clipboard_on_takes_the_plain_form() -> None:
    result = copy_route("1042", "the id", TmuxClipboard("on", False), in_tmux=True)
    assert result.sequence == osc52("1042", tmux=False)
    assert "cannot confirm" in result.message


def test_a_tmux_that_does_not_answer_gets_both_forms_and_no_promise() -> None:
    result = copy_route("1042", "the id", None, in_tmux=True)
    assert result.sequence == osc52("1042", tmux=False) + osc52("1042", tmux=True)
    assert "cannot confirm" in result.message
