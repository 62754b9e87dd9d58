"""The compacted output draws exactly what Textual's output draws, in fewer bytes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.drivers.headless_driver import HeadlessDriver

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.terminal_output import SgrCompactor, compacting_driver
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle
from tests.tui.terminal_model import TerminalModel

STYLES = [
    "0", "", "1", "2", "3", "4", "7", "9", "1;2", "31", "39", "42", "49", "97", "38;5;12",
    "48;5;236", "1;38;2;224;224;224;48;2;39;39;39", "38;2;161;161;161;48;2;39;39;39",
    "7;38;2;0;48;84;48;2;39;39;39", "0;1;31", "2;3;38;5;1",
    # Codes the compactor does not model, and broken ones: passed through unchanged.
    "4:3", "58;2;1;2;3", "22", "38;2;1;2", "1;38;5", "0;4:3;31",
]
TOKENS = st.one_of(
    st.sampled_from(STYLES).map(lambda params: f"\x1b[{params}m"),
    st.text(alphabet="ab é", min_size=1, max_size=4),
    st.builds(lambda row, column: f"\x1b[{row};{column}H", st.integers(1, 8), st.integers(1, 40)),
    st.sampled_from(["\n", "\r", "\x1b[2C", "\x1b[3G", "\x1b[K", "\x1b[?25l", "\x1b]8;;x\x07"]),
)


def assert_same_screen(original: list[str], compacted: list[str]) -> None:
    before = TerminalModel().feed("".join(original))
    after = TerminalModel().feed("".join(compacted))
    assert after.cells == before.cells
    assert (after.pen, after.x, after.y) == (before.pen, before.x, before.y)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(TOKENS, max_size=30), min_size=1, max_size=4))
def test_any_stream_draws_the_same_cells(writes: list[list[str]]) -> None:
    """Split into writes at token boundaries, as a driver receives it."""
    compactor = SgrCompactor()
    original = ["".join(tokens) for tokens in writes]
    assert_same_screen(original, [compactor(data) for data in original])


def test_repeated_styles_are_written_once() -> None:
    row = "".join(
        f"\x1b[38;2;224;224;224;48;2;39;39;39m{cell}\x1b[0m" for cell in (" 1042 ", " Ann ", " x ")
    )
    data = f"\x1b[4;1H{row}\x1b[5;1H{row}"
    compacted = SgrCompactor()(data)
    assert compacted == (
        "\x1b[4;1H\x1b[38;2;224;224;224;48;2;39;39;39m 1042  Ann  x "
        "\x1b[5;1H 1042  Ann  x \x1b[0m"
    )


def test_a_line_feed_keeps_the_background_it_had() -> None:
    """A line feed at the bottom scrolls, filling the new line with the background."""
    data = "\x1b[41mA\x1b[0m\n\x1b[41mB\x1b[0m"
    assert SgrCompactor()(data) == "\x1b[41mA\x1b[0m\n\x1b[41mB\x1b[0m"


def test_a_colour_change_writes_only_the_colour() -> None:
    data = "\x1b[38;2;1;1;1;48;2;9;9;9mA\x1b[0m\x1b[38;2;2;2;2;48;2;9;9;9mB\x1b[0m"
    assert SgrCompactor()(data) == "\x1b[38;2;1;1;1;48;2;9;9;9mA\x1b[38;2;2;2;2mB\x1b[0m"


def test_a_line_feed_after_an_unknown_style_gets_its_background() -> None:
    """After codes it does not model, the compactor does not know the terminal's style."""
    data = "\x1b[4:3mA\x1b[0m\x1b[41m\nB\x1b[0m"
    assert_same_screen([data], [SgrCompactor()(data)])
    assert SgrCompactor()(data) == "\x1b[4:3mA\x1b[0;41m\nB\x1b[0m"


def test_ending_bold_uses_its_own_code() -> None:
    data = "\x1b[1;31mA\x1b[0m\x1b[31mB\x1b[0m"
    assert SgrCompactor()(data) == "\x1b[1;31mA\x1b[22mB\x1b[0m"


def test_text_after_a_reset_gets_the_reset() -> None:
    assert SgrCompactor()("\x1b[31mA\x1b[0mB") == "\x1b[31mA\x1b[0mB"


async def test_the_driver_writes_the_compacted_stream() -> None:
    written: list[str] = []

    class Recording(HeadlessDriver):
        def write(self, data: str) -> None:
            written.append(data)

    driver_class = compacting_driver(Recording)
    driver = driver_class(app=None)  # type: ignore[arg-type]
    driver.write("\x1b[31mA\x1b[0m\x1b[31mB\x1b[0m")
    assert written == ["\x1b[31mAB\x1b[0m"]


class _Recorder:
    """Makes the headless driver render and keeps what it would have written."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writes: list[str] = []
        monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda _self: False))
        monkeypatch.setattr(HeadlessDriver, "write", lambda _self, data: self.writes.append(data))
        monkeypatch.setattr(HeadlessDriver, "flush", lambda _self: None)


@pytest.mark.parametrize("colours", ["truecolor", "256"])
async def test_every_screen_draws_the_same_in_fewer_bytes(
    console_app: AppFactory, monkeypatch: pytest.MonkeyPatch, colours: str
) -> None:
    """Real frames (list, a scroll, detail, messages) through the console's own driver."""
    monkeypatch.setenv("TERM", "xterm-256color")
    if colours == "truecolor":
        monkeypatch.setenv("COLORTERM", "truecolor")
    else:
        monkeypatch.delenv("COLORTERM", raising=False)
    recorder = _Recorder(monkeypatch)
    app = console_app()
    assert getattr(app.driver_class, "compact_output", False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(25):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
    writes = recorder.writes
    compactor = SgrCompactor()
    compacted = [compactor(data) for data in writes]
    assert len(writes) > 10
    assert_same_frames(writes, compacted)
    before = sum(len(data.encode()) for data in writes)
    after = sum(len(data.encode()) for data in compacted)
    assert after < 0.7 * before, (before, after)


def assert_same_frames(original: list[str], compacted: list[str]) -> None:
    """Write by write: the screens agree after every frame, not only at the end."""
    before, after = TerminalModel(width=80, height=24), TerminalModel(width=80, height=24)
    for data, rewritten in zip(original, compacted, strict=True):
        before.feed(data)
        after.feed(rewritten)
        assert after.cells == before.cells
