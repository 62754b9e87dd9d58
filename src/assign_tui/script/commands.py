"""Run one script command: resolve the profile, refuse writes in read-only mode, call the API.

The profile, token source, client, retries and `ApiError` family are the
console's own; only what is printed differs. Imported only when a script
command runs (see `assign_tui.script`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

from assign_tui.api.client import AssignmentsClient
from assign_tui.api.configured import client_for
from assign_tui.api.errors import ApiError
from assign_tui.config import ConfigError, Settings, load_settings
from assign_tui.script import exits
from assign_tui.script.output import print_error
from assign_tui.script.parser import WRITE_COMMANDS

__all__ = ["UsageProblem", "load_script_settings", "run_script"]

Handler = Callable[[AssignmentsClient, argparse.Namespace], Awaitable[int]]


class UsageProblem(Exception):
    """Input the command cannot use (a bad body on stdin, nothing to update): exit 2."""


def load_script_settings(args: argparse.Namespace) -> Settings:
    """The profile as the console would resolve it, with the command line's flags."""
    from assign_tui.cli import _with_flags

    settings = load_settings(profile=args.profile, config_path=args.config)
    return _with_flags(settings, args)


def _fixed_mmap_threshold() -> None:
    """Keep glibc from raising its mmap threshold as big answers are freed.

    Otherwise each page's body (hundreds of KB) lands on the heap after the first few, and
    the heap's fragments grow the peak RSS of `ls --all` with every page read: 53 to 73 MB
    over 200 pages of 100, flat at 51 MB with the threshold fixed (bench/script_ls_all.py).
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD, glibc's default
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): nothing to fix
        pass


def _handlers() -> dict[str, Handler]:
    from assign_tui.script import reads, writes

    return {
        "ls": reads.ls, "get": reads.get, "messages": reads.messages, "tasks": reads.tasks,
        "context": reads.context, "current": reads.current, "create": writes.create,
        "update": writes.update, "cancel": writes.cancel, "select": writes.select,
    }


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    args.settings = settings  # for defaults the profile sets (ls --page-size)
    async with client_for(settings) as client:
        return await _handlers()[args.command](client, args)


def run_script(args: argparse.Namespace) -> int:
    """The exit code of `assign-tui <command>` (see `exits`)."""
    try:
        return _run_script(args)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as a shell tool does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return exits.DONE


def _run_script(args: argparse.Namespace) -> int:
    as_json = args.format in ("json", "jsonl")
    if args.command == "doctor":
        from assign_tui.script.doctor import run_doctor

        return run_doctor(args)
    try:
        settings = load_script_settings(args)
    except ConfigError as error:
        print_error(str(error), exits.USAGE, as_json=as_json)
        return exits.USAGE
    if args.command in WRITE_COMMANDS and settings.read_only:
        why = "--read-only" if args.read_only else f"profile {settings.profile!r} is read_only"
        print_error(f"read-only mode ({why}): {args.command} refused; nothing was sent",
                    exits.NOT_ALLOWED, as_json=as_json)
        return exits.NOT_ALLOWED
    from assign_tui.cli import setup_logging

    setup_logging(settings.log_level)
    _fixed_mmap_threshold()
    try:
        return asyncio.run(_run(settings, args))
    except UsageProblem as problem:
        print_error(str(problem), exits.USAGE, as_json=as_json)
        return exits.USAGE
    except ApiError as error:
        code = exits.exit_code_for(error)
        print_error(error, code, as_json=as_json)
        return code
