"""Every fault on every screen and action (tests/tui/fault_matrix.py), against a fresh sandbox.

One test per action: the app is brought to the action's screen once, then for
each fault: inject it, do the action, check what the operator reads and that
nothing shown or typed is lost, remove the fault, retry, check the retry
works. Failures are collected per fault so one run reports every broken cell.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, Input
from textual.worker import WorkerCancelled

from assign_tui.api.models import Assignment, AssignmentQuery, AssignmentSortField
from assign_tui.config import Settings
from assign_tui.config.tokens import TokenSource
from assign_tui.tui.app import AssignApp
from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.modals.raw_json import RawJsonModal
from assign_tui.tui.modals.task_detail import TaskDetailModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.screens.cel_playground import CelPlaygroundScreen
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.screens.task_switch import TaskSwitchScreen
from assign_tui.tui.widgets.notice import Notice

from . import fault_matrix as fm
from .conftest import FIXED_NOW
from .helpers import screen_text


async def settle(pilot: Pilot[Any], rounds: int = 50) -> None:
    """Until no worker runs (bounded): fewer frames than helpers.settle, so the matrix is faster."""
    app = pilot.app
    await pilot.pause()
    for _ in range(rounds):
        busy = [w for w in app.workers if not w.is_finished and w.group != "reconnect"]
        if not busy:
            break
        try:
            await app.workers.wait_for_complete(busy)
        except WorkerCancelled:
            pass  # replaced by a newer one of its group: finished too, the loop looks again
        await pilot.pause()

ADMIN = {"Authorization": "Bearer demo-admin"}
TRACE = bool(os.environ.get("FAULT_MATRIX_TRACE"))


class CountingToken(TokenSource):
    """A token source whose value the test may change, counting how often it is read."""

    def __init__(self, value: str = "demo-admin") -> None:
        self.value = value
        self.reads = 0

    def read(self) -> SecretStr:
        self.reads += 1
        return SecretStr(self.value)

    def describe(self) -> str:
        return "the test's token source"


def make_app(server: Any, token: TokenSource | None = None, *, reconnect: bool = False,
             **overrides: Any) -> AssignApp:
    """The console on `server`, tuned for fault tests: retries without waiting, no auto-reconnect."""
    overrides.setdefault("read_timeout", 10.0)  # `run_matrix` shortens it for the slow answer
    overrides.setdefault("page_size", 10)  # fewer rows to redraw: the behaviour is the same
    settings = Settings(profile="sandbox", base_url=server.base_url, workspace=server.workspace,
                        token=token or CountingToken(), is_demo=True, **overrides)
    app = AssignApp(settings, clock=lambda: FIXED_NOW)
    app.client.backoff_base = app.client.backoff_cap = 0.01  # retries as usual, without waiting
    if not reconnect:
        app.RECONNECT_DELAYS = ()  # type: ignore[misc]  # recovery is tested on its own
    return app


# -- the sandbox's control API -----------------------------------------------------------


_HTTP = httpx.Client(timeout=10, verify=False)  # plain loopback http; one client, no TLS setup per call


def control(server: Any, method: str, path: str, body: Any = None) -> Any:
    answer = _HTTP.request(method, f"{server.base_url}/_sandbox{path}", json=body)
    answer.raise_for_status()
    return answer.json() if answer.content else None


def requests_sent(server: Any) -> int:
    return int(control(server, "GET", "/stats")["total"])


def sample(server: Any, path: str) -> Any:
    return _HTTP.get(f"{server.api_url}{path}", headers=ADMIN).json()


def wrong_type(body: Any) -> Any:
    """The real answer with one field of the wrong type."""
    body = json.loads(json.dumps(body))
    if isinstance(body, list):
        body[0]["id"] = {"not": "an id"}
    elif "items" in body:
        body["items"][0]["id"] = "not-a-number"
    elif "member" in body and "workflow" in body:
        body["member"] = "not-an-object"  # a CEL snapshot: free-form, judged by the preview
    elif "assignment" in body:
        body["assignment"]["id"] = "not-a-number"
    else:
        body["id"] = "not-a-number"
    return body


def inject(server: Any, action: fm.Action, fault: fm.Fault) -> None:
    if fault.key == "down":
        server.stop()
        return
    answer = dict(fault.answer or {})
    if fault.key == "wrong_type":
        answer = {"status": 200, "body": wrong_type(sample(server, action.sample))}
    elif fault.key == "truncated":
        answer = {"status": 200, "body": json.dumps(sample(server, action.sample)),
                  "truncate_at": 20}
    entry = {"method": action.method or None, "path": action.path or ".", "times": None, **answer}
    control(server, "POST", "/faults/script", entry)


def heal(server: Any) -> None:
    server.start()  # a no-op when it runs
    control(server, "DELETE", "/faults")


# -- what the operator reads ---------------------------------------------------------------


def notice_text(app: AssignApp) -> str:
    notice = app.screen.query_one(Notice)
    return str(notice.render()) if notice.is_error else ""


def form_text(app: AssignApp) -> str:
    screen = app.screen
    return screen.status.plain if isinstance(screen, FormModal) else ""


def check_error(text: str, fault: fm.Fault, *, form: bool = False,
                first_screen: bool = False, refresh: str = "r") -> list[str]:
    """`refresh`: the screen's key for asking again (the playground's is ctrl+r: r types)."""
    problems = []
    if fault.reads not in text:
        problems.append(f"expected {fault.reads!r} in the error line, got {text!r}")
    hint = fault.hint
    if form and "press r" in hint.lower() or form and fault.key in ("down", "dropped"):
        hint = "ctrl+s"
    else:
        hint = re.sub(r"\bpress r\b", f"press {refresh}", hint, flags=re.IGNORECASE)
    if fault.key == "404":  # Esc is offered only where it leaves the screen
        hint = "check the base_url and workspace" if first_screen else "Esc"
        if first_screen and "esc" in text.lower():
            problems.append(f"Esc offered on the first screen: {text!r}")
    if hint and hint.lower() not in text.lower():
        problems.append(f"expected the hint {hint!r}, got {text!r}")
    return problems


def check_unknown(text: str, fault: fm.Fault, key: str) -> list[str]:
    """A write whose answer was lost: the outcome is unknown, and `key` finds out (or resends)."""
    problems = []
    if "Outcome unknown" not in text or fault.reads not in text:
        problems.append(f"expected 'Outcome unknown' and {fault.reads!r}, got {text!r}")
    if key.lower() not in text.lower() or text.startswith(("✗ Not ", "Not ")):
        problems.append(f"expected {key!r} and no 'Not …', got {text!r}")
    return problems


Step = Callable[[Pilot[Any], fm.Fault], Awaitable[list[str]]]


async def run_matrix(pilot: Pilot[Any], server: Any, action: fm.Action,
                     setup: Callable[[], Awaitable[None]] | None, step: Step) -> None:
    """Run `step` for every fault; collect the failures of every cell, then assert."""
    app: Any = pilot.app
    failures: dict[str, list[str]] = {}
    for fault in fm.FAULTS:
        if setup is not None:
            await setup()
        started = time.perf_counter()
        # Only the slow answer meets the short read timeout; a loaded machine's normal ones do not.
        app.client._http.timeout = httpx.Timeout(
            fm.TIMEOUT_S if fault.key == "timeout" else 10.0, connect=5.0)
        try:
            problems = await step(pilot, fault)
        except Exception as error:  # one broken cell must not hide the others
            problems = [f"{type(error).__name__}: {error}"]
        finally:
            heal(server)
        if app._exit_renderables or app.return_code is not None:
            problems.append("the app exited")
        if "Traceback" in screen_text(pilot):
            problems.append("a traceback is on screen")
        if problems:
            failures[fault.key] = problems
        if TRACE:
            print(f"{action.key} {fault.key} {time.perf_counter() - started:.2f}s")
        if app.return_code is not None:
            break
    assert not failures, f"{action.key}: " + json.dumps(failures, indent=1)


async def fresh_connection(app: Any) -> None:
    """A read just before a write that is never retried, so it does not meet a pooled
    connection the server closed while the (loaded) test machine was busy elsewhere."""
    await app.client.list_assignments(AssignmentQuery(page_size=1))


async def start(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, AssignmentListScreen)
    assert pilot.app.screen.table.row_count > 0


async def open_detail(pilot: Pilot[Any]) -> AssignmentDetailScreen:
    pilot.app.open_assignment(1042)  # type: ignore[attr-defined]
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AssignmentDetailScreen) and screen.assignment is not None
    return screen


async def back_to(pilot: Pilot[Any], kind: type) -> None:
    while not isinstance(pilot.app.screen, kind):
        pilot.app.pop_screen()
        await settle(pilot, 1)


# -- list ----------------------------------------------------------------------------------

LIST_ACTIONS = [a for a in fm.ACTIONS if a.key.startswith("list.")]


@pytest.mark.parametrize("action", LIST_ACTIONS, ids=lambda a: a.key)
async def test_list(fresh_sandbox: Any, action: fm.Action) -> None:
    app = make_app(fresh_sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentListScreen)

        async def step(pilot: Pilot[Any], fault: fm.Fault) -> list[str]:
            rows = [r.id for r in screen.table.rows_shown]
            inject(fresh_sandbox, action, fault)
            if action.key == "list.load":
                await pilot.press("r")
            elif action.key == "list.page":
                await pilot.press("right_square_bracket")
            elif action.key == "list.sort":
                other = "c" if app.list_query.sort_by == AssignmentSortField.UPDATED_AT else "u"
                await pilot.press("s", other)
            elif action.key == "list.quick_filter":
                await pilot.press("slash")
                screen.query_one("#quick-filter", Input).value = ""
                await pilot.press(*"paused", "enter")
            else:
                await pilot.press("f")
                await settle(pilot, 1)
                app.screen.query_one("#mine", Checkbox).value = True
                await pilot.press("ctrl+s")
            await settle(pilot)
            refused = fault.key in action.special
            problems = check_error(notice_text(app), fault, first_screen=True) if not refused else []
            if refused and (fault.reads not in notice_text(app)
                            or "Not applied: " not in notice_text(app)):
                problems.append(f"the refusal is not said: {notice_text(app)!r}")
            if refused and app.list_query != screen.shown_query:
                problems.append("the refused query is still asked for")
            if [r.id for r in screen.table.rows_shown] != rows:
                problems.append("the rows shown changed")
            if fault.key == "down" and app.connection is not False:
                problems.append("the header does not say disconnected")
            if action.key == "list.quick_filter":
                await pilot.press("slash")
                if "paused" not in screen.query_one("#quick-filter", Input).value:
                    problems.append("the typed filter is lost")
                await pilot.press("escape")
            if action.key == "list.filter_form" and not app.list_query.mine and not refused:
                problems.append("the chosen filter is lost")
            heal(fresh_sandbox)
            await pilot.press("r")
            await settle(pilot)
            if notice_text(app) or not screen.loaded:
                problems.append(f"r did not recover: {notice_text(app)!r}")
            if action.key == "list.page":
                await pilot.press("left_square_bracket")
            elif action.key in ("list.quick_filter", "list.filter_form"):
                await pilot.press("x")
            await settle(pilot)
            return problems

        await run_matrix(pilot, fresh_sandbox, action, None, step)


# -- detail, its modals, messages, task switch, playground ---------------------------------


async def _detail_open(pilot: Pilot[Any], server: Any, action: fm.Action,
                       fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    inject(server, action, fault)
    app.open_assignment(1042)
    await settle(pilot)
    screen = app.screen
    problems = check_error(notice_text(app), fault)
    state = screen_text(pilot)
    expected = "could not be loaded." + ("" if fault.key in fm.NO_RETRY else " Press r")
    if behaviour(action, fault) == "error" and expected not in state:
        problems.append(f"no {expected!r} state")
    if fault.key in fm.NO_RETRY and "Press r" in state:
        problems.append("'Press r' offered where asking again cannot help")
    if fault.key == "404" and "does not exist" not in state:
        problems.append("no 'does not exist' state")
    heal(server)
    await pilot.press("r")
    await settle(pilot)
    if screen.assignment is None or notice_text(app):
        problems.append(f"r did not recover: {notice_text(app)!r}")
    await back_to(pilot, AssignmentListScreen)
    return problems


def behaviour(action: fm.Action, fault: fm.Fault) -> str:
    return fm.behaviour(action, fault).split(":")[0]


async def _detail_refresh(pilot: Pilot[Any], server: Any, action: fm.Action,
                          fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    screen = app.screen
    assert isinstance(screen, AssignmentDetailScreen)
    inject(server, action, fault)
    await pilot.press("r")
    await settle(pilot)
    problems = check_error(notice_text(app), fault)
    if behaviour(action, fault) == "error" and not (screen.assignment and screen.has_class("-loaded")):
        problems.append("the assignment shown was dropped")
    if fault.key == "404" and "does not exist" not in screen_text(pilot):
        problems.append("no 'does not exist' state")
    heal(server)
    await pilot.press("r")
    await settle(pilot)
    if screen.assignment is None or notice_text(app) or not screen.has_class("-loaded"):
        problems.append(f"r did not recover: {notice_text(app)!r}")
    return problems


async def _raw_json(pilot: Pilot[Any], server: Any, action: fm.Action, fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    inject(server, fm.Action("any", "", "", ".", "", "", "", ""), fault)
    sent = 0 if fault.key == "down" else requests_sent(server)
    await pilot.press("J")
    await settle(pilot)
    problems = [] if isinstance(app.screen, RawJsonModal) else ["the raw JSON did not open"]
    if fault.key != "down" and requests_sent(server) != sent:
        problems.append("the raw JSON sent a request")
    await back_to(pilot, AssignmentDetailScreen)
    return problems


async def _task_modal(pilot: Pilot[Any], server: Any, action: fm.Action,
                      fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    inject(server, action, fault)
    app.push_screen(TaskDetailModal(1042, 10421))
    await settle(pilot)
    modal = app.screen
    problems = [] if isinstance(modal, TaskDetailModal) else ["the task modal did not stay open"]
    problems += check_error(notice_text(app), fault)
    heal(server)
    await pilot.press("r")
    await settle(pilot)
    if getattr(modal, "assignment_task", None) is None or notice_text(app):
        problems.append(f"r did not recover: {notice_text(app)!r}")
    await back_to(pilot, AssignmentDetailScreen)
    return problems


async def _messages_load(pilot: Pilot[Any], server: Any, action: fm.Action,
                         fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    inject(server, action, fault)
    await pilot.press("m")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MessagesScreen)
    problems = check_error(notice_text(app), fault)
    expected = "not found" if fault.key == "404" else "Could not load the messages." + (
        "" if fault.key in fm.NO_RETRY else " Press r")
    if expected not in screen.conversation.placeholder:
        problems.append(f"the placeholder does not say {expected!r}")
    if fault.key in fm.NO_RETRY and "Press r" in screen.conversation.placeholder:
        problems.append("'Press r' offered where asking again cannot help")
    heal(server)
    await pilot.press("r")
    await settle(pilot)
    if not screen.messages or notice_text(app):
        problems.append(f"r did not recover: {notice_text(app)!r}")
    await back_to(pilot, AssignmentDetailScreen)
    return problems


async def _messages_follow(pilot: Pilot[Any], server: Any, action: fm.Action,
                           fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    screen = app.screen
    assert isinstance(screen, MessagesScreen) and screen.messages
    shown = len(screen.messages)
    inject(server, action, fault)
    await pilot.press("F")  # follow: polls at once
    await settle(pilot)
    problems = check_error(notice_text(app), fault)
    if len(screen.messages or ()) != shown or not screen.conversation.entries:
        problems.append("the conversation shown was dropped")
    heal(server)
    screen.reload(quiet=True)  # the next poll
    await settle(pilot)
    if notice_text(app):
        problems.append(f"the next poll did not recover: {notice_text(app)!r}")
    await pilot.press("F")
    await settle(pilot, 1)
    return problems


async def _switch_load(pilot: Pilot[Any], server: Any, action: fm.Action,
                       fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    inject(server, action, fault)
    await pilot.press("t")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, TaskSwitchScreen)
    problems = check_error(notice_text(app), fault)
    if screen.query_one("#switch-tasks", DataTable).row_count != len(screen.assignment.tasks):
        problems.append("the tasks are not listed")
    heal(server)
    await pilot.press("r")
    await settle(pilot)
    if screen.snapshot is None or notice_text(app):
        problems.append(f"r did not recover: {notice_text(app)!r}")
    await back_to(pilot, AssignmentDetailScreen)
    return problems


async def _confirm_select(pilot: Pilot[Any], screen: TaskSwitchScreen) -> None:
    current = screen.assignment.current_task_id
    target = 10428 if current != 10428 else 10424
    table = screen.query_one("#switch-tasks", DataTable)
    table.move_cursor(row=table.get_row_index(str(target)))
    await pilot.press("enter")
    await settle(pilot, 1)
    pilot.app.screen.query_one("#confirm-send", Button).press()
    await settle(pilot)


async def _switch_select(pilot: Pilot[Any], server: Any, action: fm.Action,
                         fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    await pilot.press("t")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, TaskSwitchScreen) and screen.snapshot is not None
    await fresh_connection(app)
    inject(server, action, fault)
    await _confirm_select(pilot, screen)
    problems = [] if app.screen is screen else ["the task switch screen was left"]
    unknown = behaviour(action, fault) == "unknown"
    if unknown:
        problems += check_unknown(notice_text(app), fault, "press r")
    elif fault.key == "409":
        if "assignment is not active" not in str(screen.query_one("#switch-conflict").render()):
            problems.append("no conflict panel with the server's reason")
    else:
        problems += check_error(notice_text(app), fault)
    heal(server)
    if unknown:  # r finds out; the switch is sent again only when it was not done
        await pilot.press("r")
        await settle(pilot)
        said = str(screen.query_one(Notice).render())
        if "Checked:" not in said:
            problems.append(f"r did not say what happened: {said!r}")
        if "the switch was done" in said:
            await back_to(pilot, AssignmentDetailScreen)
            return problems
    await _confirm_select(pilot, screen)
    if not isinstance(app.screen, AssignmentDetailScreen):
        problems.append(f"the retry did not switch: {notice_text(app)!r}")
    await back_to(pilot, AssignmentDetailScreen)
    return problems


async def _playground_type(pilot: Pilot[Any], server: Any, action: fm.Action,
                           fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    screen = app.screen
    assert isinstance(screen, CelPlaygroundScreen)
    inject(server, fm.Action("any", "", "", ".", "", "", "", ""), fault)
    sent = 0 if fault.key == "down" else requests_sent(server)
    screen.query_one(Input).value = ""
    await pilot.press(*"member.age > 60")
    screen._evaluate()
    await settle(pilot)
    problems = []
    if screen.hint is None or screen.hint.outcome.value != "eligible":
        problems.append(f"not evaluated locally: {screen.hint!r}")
    if fault.key != "down" and requests_sent(server) != sent:
        problems.append("typing sent a request")
    return problems


async def _playground_refresh(pilot: Pilot[Any], server: Any, action: fm.Action,
                              fault: fm.Fault) -> list[str]:
    app: Any = pilot.app
    screen = app.screen
    assert isinstance(screen, CelPlaygroundScreen)
    old = screen.snapshot
    inject(server, action, fault)
    await pilot.press("ctrl+r")
    await settle(pilot)
    problems = []
    if behaviour(action, fault) == "accepted":
        if notice_text(app):
            problems.append(f"an error for a free-form snapshot: {notice_text(app)!r}")
    else:  # ctrl+r asks again here (r types into the expression)
        problems += check_error(notice_text(app), fault, refresh="ctrl+r")
        if screen.snapshot is not old:
            problems.append("the snapshot shown was replaced")
    if screen.expression != "member.age > 60":
        problems.append("the expression typed is lost")
    heal(server)
    await pilot.press("ctrl+r")
    await settle(pilot)
    if notice_text(app) or screen.snapshot.get("member", {}).get("id") != 311:
        problems.append(f"ctrl+r did not recover: {notice_text(app)!r}")
    return problems


DETAIL_STEPS: dict[str, Any] = {
    "detail.open": _detail_open,
    "detail.refresh": _detail_refresh,
    "detail.raw_json": _raw_json,
    "detail.task_modal": _task_modal,
    "messages.load": _messages_load,
    "messages.follow": _messages_follow,
    "task_switch.load": _switch_load,
    "task_switch.select": _switch_select,
    "playground.type": _playground_type,
    "playground.refresh": _playground_refresh,
}


@pytest.mark.parametrize("key", list(DETAIL_STEPS))
async def test_screens(fresh_sandbox: Any, key: str) -> None:
    action = fm.ACTIONS_BY_KEY[key]
    app = make_app(fresh_sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        if key != "detail.open":
            await open_detail(pilot)
        if key == "messages.follow":
            await pilot.press("m")
            await settle(pilot)
        if key.startswith("playground."):
            app.playground_text = "member.age > 60"
            app.open_playground()
            await settle(pilot)
        step = DETAIL_STEPS[key]

        async def run(pilot: Pilot[Any], fault: fm.Fault) -> list[str]:
            return list(await step(pilot, fresh_sandbox, action, fault))

        await run_matrix(pilot, fresh_sandbox, action, None, run)


# -- the write forms -----------------------------------------------------------------------


def active_assignments(server: Any, count: int) -> list[Assignment]:
    page = sample(server, f"/assignments?status=active&pageSize={count + 1}&sortBy=id")
    return [Assignment.model_validate(item) for item in page["items"] if item["id"] != 1042][:count]


FORM_INPUT = {
    "create": {"workflow": "7", "notes": "Call after 5pm", "metadata": '{"channel": "sms"}'},
    "update": {"notes": "Edited by the fault matrix"},
    "cancel": {"reason": "Duplicate of another assignment"},
}


@pytest.mark.parametrize("key", ["create", "update", "cancel"])
async def test_forms(fresh_sandbox: Any, key: str) -> None:
    action = fm.ACTIONS_BY_KEY[key]
    app = make_app(fresh_sandbox)
    to_cancel = iter(active_assignments(fresh_sandbox, len(fm.FAULTS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        detail = await open_detail(pilot) if key == "update" else None

        async def step(pilot: Pilot[Any], fault: fm.Fault) -> list[str]:
            results: list[Any] = []
            modal: FormModal[Any]
            if key == "create":
                modal = CreateAssignmentModal()
            elif key == "update":
                assert detail is not None and detail.assignment is not None
                modal = UpdateAssignmentModal(detail.assignment, detail.etag)
            else:
                modal = CancelAssignmentModal(next(to_cancel))
            app.push_screen(modal, results.append)
            await settle(pilot, 1)
            for name, text in FORM_INPUT[key].items():
                modal.set_field_text(name, f"{text} ({fault.key})" if name in ("notes", "reason") else text)
            typed = {name: modal.field_text(name) for name in modal.fields}
            await fresh_connection(app)
            inject(fresh_sandbox, action, fault)
            await pilot.press("ctrl+s")
            await settle(pilot)
            problems = [] if app.screen is modal else ["the form closed"]
            kind = behaviour(action, fault)
            text = form_text(app)
            if kind == "fields":
                if key == "cancel" and "too long" not in str(modal.row("reason").error or ""):
                    problems.append("the server's message is not at the reason")
                if fault.reads not in text:
                    problems.append(f"expected {fault.reads!r}, got {text!r}")
            elif kind == "stale":
                if "Someone else changed" not in text:
                    problems.append(f"no stale report: {text!r}")
            elif kind == "unknown":
                problems += check_unknown(text, fault, "ctrl+s" if key == "create" else "ctrl+o")
            elif kind == "refused":
                if "can no longer be cancelled" not in text or fault.reads not in text:
                    problems.append(f"no refusal with the reason: {text!r}")
            else:
                problems += check_error(text, fault, form=True)
            if {name: modal.field_text(name) for name in modal.fields} != typed:
                problems.append("what was typed changed")
            heal(fresh_sandbox)
            if kind == "stale":
                modal.action_reapply()  # type: ignore[attr-defined]
            elif kind == "unknown" and key != "create":
                await pilot.press("ctrl+o")  # finds out; sends again only when it was not done
                await settle(pilot)
                if not results:
                    if "checked" not in form_text(app):
                        problems.append(f"ctrl+o did not say what happened: {form_text(app)!r}")
                    await pilot.press("ctrl+s")
            else:
                await pilot.press("ctrl+s")
            await settle(pilot)
            if len(results) != 1 or results[0] is None:
                problems.append(f"the retry did not succeed: {form_text(app)!r}")
            if detail is not None:
                detail.reload()  # the next update starts from the new ETag
                await settle(pilot)
            await back_to(pilot, AssignmentDetailScreen if key == "update" else AssignmentListScreen)
            return problems

        await run_matrix(pilot, fresh_sandbox, action, None, step)


# -- the document --------------------------------------------------------------------------


def test_every_action_of_the_matrix_is_tested() -> None:
    tested = {a.key for a in LIST_ACTIONS} | set(DETAIL_STEPS) | {"create", "update", "cancel"}
    assert tested == set(fm.ACTIONS_BY_KEY)


def test_reliability_doc_holds_the_rendered_matrix() -> None:
    text = fm.DOC.read_text(encoding="utf-8")
    assert fm.document_section(text) == fm.render(), (
        "docs/reliability.md is out of date: run python -m tests.tui.fault_matrix"
    )
