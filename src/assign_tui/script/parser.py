"""The script commands' arguments, added to `assign-tui`'s parser.

Imported on every `assign-tui` start, so it imports argparse only: the commands
themselves (`assign_tui.script.commands`) load when one of them runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assign_tui.cli import _positive_int, _timestamp
from assign_tui.script import READ_COMMANDS, SCRIPT_COMMANDS, WRITE_COMMANDS

__all__ = ["SCRIPT_COMMANDS", "WRITE_COMMANDS", "add_script_commands"]

SORT_FIELDS = ("id", "createdAt", "updatedAt", "dueAt", "status", "priority")
PRIORITIES = ("low", "normal", "high", "urgent")
EXITS = """\
exit codes: 0 done; 1 server or network error; 2 usage or configuration; 3 not found;
4 not allowed (401/403, or a write in read-only mode); 5 conflict (409/412)."""

_EPILOGS = {
    "ls": """\
examples:
  assign-tui ls --status paused --status active --sort dueAt --order asc
  assign-tui ls --mine --json | jq '.[].id'
  assign-tui ls --all --jsonl > all.jsonl      every page, streamed
  assign-tui ls --all --csv > all.csv""",
    "get": """\
examples:
  assign-tui get 1042
  assign-tui get 1042 --json | jq -r ._etag     the ETag, for update --if-match
  printf '1042\\n1043\\n' | assign-tui get - --jsonl""",
    "messages": """\
examples:
  assign-tui messages 1042                      tool calls paired with their answers
  assign-tui messages 1042 --json | jq '.[] | select(.role == "tool")'""",
    "tasks": """\
examples:
  assign-tui tasks 1042                         each task with its routing preview
  assign-tui tasks 1042 --json | jq '.[] | select(._preview.outcome == "blocked") | .key'""",
    "context": """\
examples:
  assign-tui context 1042
  assign-tui context 1042 --json | jq .member.tags""",
    "current": """\
examples:
  assign-tui current 1042
  assign-tui current 1042 --json | jq .allowedActions""",
    "create": """\
examples:
  assign-tui create --workflow 7 --member 311 --priority high --due 2026-12-01T09:00:00Z
  echo '{"workflowId": 7, "notes": "from the ticket"}' | assign-tui create -
  assign-tui create --workflow 7 --idempotency-key "$TICKET-1"    safe to repeat""",
    "update": """\
examples:
  assign-tui update 1042 --priority urgent --notes "called twice"
  assign-tui update 1042 --clear-due --if-match '"1042-v3"'
  echo '{"status": "paused"}' | assign-tui update 1042 -""",
    "cancel": """\
examples:
  assign-tui cancel 1042 --reason "duplicate"
  assign-tui ls --status paused --json | jq '.[].id' | assign-tui cancel - --reason "duplicate\"""",
    "select": """\
examples:
  assign-tui select 1042 med_review             by the task's key, or its id
  assign-tui select 1042 5 --force              even when the preview says blocked""",
    "doctor": """\
examples:
  assign-tui doctor
  assign-tui --profile staging doctor --json | jq '.[] | select(.ok == false)'""",
}

_HELP = {
    "ls": "list assignments (every filter and sort; --all walks every page)",
    "get": "one assignment (with its ETag)",
    "messages": "an assignment's conversation",
    "tasks": "an assignment's tasks with the routing preview of each",
    "context": "the CEL snapshot, as the server sent it",
    "current": "the current task's detail",
    "create": "create an assignment (with an Idempotency-Key)",
    "update": "change an assignment's fields (If-Match from a fresh read)",
    "cancel": "cancel assignments",
    "select": "make a task current (refused when its preview is blocked, unless --force)",
    "doctor": "check the configuration, the server and the terminal",
}


def _id_or_stdin(text: str) -> int | str:
    return "-" if text == "-" else _positive_int(text)


def _page_size(text: str) -> int:
    value = _positive_int(text)
    if value > 100:
        raise argparse.ArgumentTypeError(f"the API takes at most 100 a page, not {value}")
    return value


def _reason(text: str) -> str:
    if not text.strip() or len(text) > 500:
        raise argparse.ArgumentTypeError("a reason is 1 to 500 characters")
    return text


def _script_flags() -> argparse.ArgumentParser:
    """Flags every script command takes, also after the subcommand (defaults suppressed
    so one given before the subcommand is kept)."""
    parser = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    group = parser.add_argument_group("profile options")
    group.add_argument("--profile", metavar="NAME", help="the profile to use")
    group.add_argument("--config", metavar="PATH", type=Path, help="the configuration file")
    group.add_argument("--read-only", action="store_true",
                       help="refuse every write (exit 4) before sending anything")
    return parser


def _formats(parser: argparse.ArgumentParser, *, csv: bool = False, jsonl: bool = True) -> None:
    group = parser.add_argument_group("output").add_mutually_exclusive_group()
    group.add_argument("--json", dest="format", action="store_const", const="json",
                       help="the API's JSON (errors as JSON on stderr)")
    if jsonl:
        group.add_argument("--jsonl", dest="format", action="store_const", const="jsonl",
                           help="one JSON object a line")
    if csv:
        group.add_argument("--csv", dest="format", action="store_const", const="csv",
                           help="comma-separated values with a heading row")
    parser.set_defaults(format="table")


def _per_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=_id_or_stdin, metavar="ID",
                        help="the assignment's id, or - to read ids from stdin "
                        "(one or more a line)")
    parser.add_argument("--jobs", type=_positive_int, default=4, metavar="N",
                        help="requests in flight at once with ids from stdin (default: 4)")


def _ls(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", action="append", default=[], metavar="STATUS",
                        help="only this status; repeat or join with commas for several")
    parser.add_argument("--mine", action="store_true", help="only assignments of the caller")
    parser.add_argument("--member", type=_positive_int, metavar="ID", help="only this member's")
    parser.add_argument("--task", type=_positive_int, metavar="ID",
                        help="only those whose current task is this workflow task id")
    parser.add_argument("--sort", choices=SORT_FIELDS, default="createdAt",
                        help="sort field (default: createdAt)")
    parser.add_argument("--order", choices=("asc", "desc"), default="desc",
                        help="sort order (default: desc)")
    parser.add_argument("--page", type=_positive_int, default=1, metavar="N",
                        help="the page to show (default: 1); with --all, the first page read")
    parser.add_argument("--page-size", type=_page_size, default=None, metavar="N",
                        help="assignments a page, 1 to 100 (default: the profile's page_size; "
                        "100 with --all)")
    parser.add_argument("--all", action="store_true",
                        help="walk every page from --page on, streaming the output")
    _formats(parser, csv=True)


def _create(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("body", nargs="?", choices=["-"], metavar="-",
                        help="read the JSON body (CreateAssignmentRequest) from stdin; "
                        "flags override its fields")
    parser.add_argument("--workflow", type=_positive_int, metavar="ID", help="the workflow's id")
    parser.add_argument("--member", type=_positive_int, metavar="ID",
                        help="the member's id (default: the caller)")
    parser.add_argument("--priority", choices=PRIORITIES)
    parser.add_argument("--due", type=_timestamp, metavar="TIME",
                        help="RFC 3339, e.g. 2026-12-01T09:00:00Z")
    parser.add_argument("--notes", metavar="TEXT")
    parser.add_argument("--metadata", metavar="JSON", help="a JSON object")
    parser.add_argument("--idempotency-key", metavar="KEY",
                        help="repeat a create safely (default: a new UUID, printed when the "
                        "outcome is unknown)")
    _formats(parser)


def _update(parser: argparse.ArgumentParser) -> None:
    _per_id(parser)
    parser.add_argument("body", nargs="?", choices=["-"], metavar="-",
                        help="read the JSON body (UpdateAssignmentRequest) from stdin; flags "
                        "override its fields")
    parser.add_argument("--priority", choices=PRIORITIES)
    parser.add_argument("--due", type=_timestamp, metavar="TIME", help="RFC 3339 time")
    parser.add_argument("--clear-due", action="store_true", help="remove the due time")
    parser.add_argument("--notes", metavar="TEXT")
    parser.add_argument("--clear-notes", action="store_true", help="remove the notes")
    parser.add_argument("--metadata", metavar="JSON", help="a JSON object (replaces it)")
    parser.add_argument("--status", choices=("active", "paused"))
    parser.add_argument("--if-match", metavar="ETAG",
                        help="send this ETag (default: the one of a fresh read)")
    _formats(parser)


def add_script_commands(commands: Any) -> None:
    """Add every script command to `commands` (the `add_subparsers()` of assign-tui)."""
    flags = _script_flags()
    made: dict[str, argparse.ArgumentParser] = {}
    for name in (*READ_COMMANDS, *WRITE_COMMANDS, "doctor"):
        made[name] = commands.add_parser(
            name, parents=[flags], help=_HELP[name], description=_HELP[name][0].upper()
            + _HELP[name][1:] + ".", epilog=f"{_EPILOGS[name]}\n\n{EXITS}",
            formatter_class=argparse.RawDescriptionHelpFormatter)
    _ls(made["ls"])
    for name in ("get", "messages", "tasks", "context", "current"):
        _per_id(made[name])
        _formats(made[name])
    _create(made["create"])
    _update(made["update"])
    _per_id(made["cancel"])
    made["cancel"].add_argument("--reason", type=_reason, required=True,
                                help="why (1 to 500 characters; the server keeps it)")
    _formats(made["cancel"])
    _per_id(made["select"])
    made["select"].add_argument("task", metavar="TASK",
                                help="the task: its key (e.g. med_review) or its id")
    made["select"].add_argument("--force", action="store_true",
                                help="send even when the preview says blocked or invalid")
    _formats(made["select"])
    _formats(made["doctor"], jsonl=False)
