"""Hostile strings, a driver that records what the console writes, and checks on both.

Every payload carries a visible marker (`PWN...`) right after its escape or
control character: a test can then check both that the marker reached the
screen (so the data was really shown) and that the escape in front of it
never reached the terminal.
"""

from __future__ import annotations

from typing import Any

import httpx
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver

#: (name, text). Each text starts with something a terminal or a markup parser acts on.
PAYLOADS: tuple[tuple[str, str], ...] = (
    ("osc52", "\x1b]52;c;UFdOIGNsaXBib2FyZA==\x07PWN52"),
    ("osc8", "\x1b]8;;https://evil.example/PWN8\x1b\\click\x1b]8;;\x1b\\"),
    ("csi", "\x1b[5;7;9;2JPWNCSI\x1b[6n"),
    ("dcs", "\x1bPq#0;2;0;0;0PWNDCS\x1b\\"),
    ("bare-esc", "\x1bcPWNRIS"),
    ("c1", "\x9b2JPWNC1\x9d52;c;UFdO\x9c"),
    ("rich", "[bold red]PWNRICH[/] [link=https://evil.example/PWNLINK]click[/link] [/]"),
    ("textual", "[$accent]PWNVAR $accent[/] [@click=app.quit]PWNCLICK[/] [reverse]$text"),
    ("bidi", "\u202ePWNBIDI\u202c \u2067rtl\u2069"),
    ("nul", "\x00PWNNUL\x00"),
    ("zero-width", "PWN\u200bZW\u200d\u2060J\u0301\u0301\u0301\u0301\ufeff"),
    ("wide", "PWN患者名前テスト👩‍⚕️🏥ＦＵＬＬ"),
)

#: What must never reach the terminal: a payload's escape followed by its marker or parameters.
FORBIDDEN: tuple[str, ...] = (
    "\x1b]52;c;UFdO",
    "\x1b]8;;https://evil",
    "\x1b[5;7;9;2J",
    "\x1b[6n",
    "\x1bPq#0",
    "\x1bcPWN",
    "\x9b",
    "\x9d",
    "\x9c",
    "\u202e",
    "\u2067",
    "\x00",
)

#: Rich/Textual markup must show as typed: these exact texts appear on screen.
LITERAL_MARKUP = ("[bold red]PWNRICH[/]", "[link=https://evil.example/PWNLINK]", "[$accent]PWNVAR")


def mixed(tag: str, shift: int = 0) -> str:
    """Every payload in one string, rotated by `shift` so that each leads in some field."""
    parts = [text for _, text in PAYLOADS]
    shift %= len(parts)
    return f"{tag}:" + " ".join(parts[shift:] + parts[:shift])


def hostile_overwrite(shift: int = 0) -> dict[str, Any]:
    """A body for `POST /_sandbox/assignments/{id}/overwrite` with every field hostile."""
    field = iter(range(shift, shift + 100))
    tool_args = '{"query": "' + mixed("args", next(field)).replace("\\", "\\\\").replace(
        '"', '\\"'
    ).replace("\x00", "\\u0000") + '"}'
    return {
        "member_name": mixed("member", next(field)),
        "workflow_name": mixed("workflow", next(field)),
        "notes": mixed("notes", next(field)),
        "cancel_reason": mixed("reason", next(field)),
        "metadata": {mixed("metakey", next(field)): mixed("metavalue", next(field))},
        "instructions": "# " + mixed("heading", next(field)) + "\n\n" + mixed("instr", next(field))
        + "\n\n[click me](https://evil.example/PWNMDLINK) ![img](https://evil.example/PWNIMG.png)"
        + " <img src='https://evil.example/PWNHTML'> <https://evil.example/PWNAUTO>",
        "form_data": {mixed("formkey", next(field)): mixed("formvalue", next(field))},
        "tasks": {
            str(position): {
                "name": mixed(f"task{position}", next(field)),
                "description": mixed(f"desc{position}", next(field)),
                "output": {mixed("outkey", next(field)): mixed("outvalue", next(field))},
            }
            for position in range(1, 5)
        },
        "messages": [
            {"role": "user", "content": mixed("user", next(field)), "name": mixed("uname", 3)},
            {"role": "assistant", "content": mixed("assistant", next(field))
             + "\n\n[md link](https://evil.example/PWNMDLINK2) ![x](https://evil.example/PWNIMG2)"},
            {"role": "assistant", "content": [{"type": "text", "text": mixed("part", next(field))},
                                              {"type": mixed("ptype", 1)}],
             "tool_calls": [{"id": mixed("callid", 2), "type": "function",
                             "function": {"name": mixed("tool", next(field)),
                                          "arguments": tool_args}},
                            {"id": "c2", "type": "function",
                             "function": {"name": "raw", "arguments": mixed("badargs", 5)}}]},
            {"role": "tool", "tool_call_id": mixed("callid", 2), "content": mixed("result", 6)},
            {"role": mixed("role", 7), "content": mixed("other", next(field))},
        ],
    }


def overwrite(server: Any, assignment_id: int, body: dict[str, Any]) -> None:
    response = httpx.post(
        f"{server.base_url}/_sandbox/assignments/{assignment_id}/overwrite", json=body, timeout=10
    )
    response.raise_for_status()


class RecordingDriver(HeadlessDriver):
    """A headless driver that keeps everything the app writes to the terminal.

    It says it is not headless, so Textual really renders and writes each frame.
    """

    written: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.written = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        data.encode("utf-8")  # as the real driver does: a lone surrogate would raise here
        self.written.append(data)


def recording(app: App[Any]) -> App[Any]:
    """`app`, set to run on a `RecordingDriver` (use `app.run_test(headless=False, ...)`)."""
    app.driver_class = RecordingDriver
    return app


def output(app: App[Any]) -> str:
    driver = app._driver
    assert isinstance(driver, RecordingDriver), "run the app with recording() and headless=False"
    return "".join(driver.written)


def forbidden_in(text: str) -> list[str]:
    """The forbidden sequences found in `text` (empty when it is clean)."""
    return [repr(seq) for seq in FORBIDDEN if seq in text]


def screen_lines(app: App[Any]) -> list[str]:
    """The screen as plain lines, as the compositor renders it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]
