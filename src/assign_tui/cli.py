"""The `assign-tui` command: parse arguments, load the profile, run the console or the sandbox.

Kept light at import time: `assign-tui --help` must not import textual, FastAPI
or celpy, so everything heavy is imported inside the function that needs it.
Exit codes: 0 ok, 2 usage or configuration error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import logging
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assign_tui.config import Settings

__all__ = ["build_parser", "main"]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
INSTALL_SANDBOX = "pip install 'assign-tui[sandbox]'"
DEMO_TOKENS = ("demo-admin", "demo-member", "demo-reader")
SANDBOX_SEED = 7  # the seed the tests and screenshots use
SANDBOX_ASSIGNMENTS = 200
LOG_LEVELS = ("debug", "info", "warning")

_MAIN_EPILOG = """\
examples:
  assign-tui                         open the console on the default profile
  assign-tui --profile staging       use another profile from the configuration file
  assign-tui open 1042               start on assignment 1042
  assign-tui demo                    try the console against a local sandbox
  assign-tui sandbox --port 8765     serve the sandbox API only
  assign-tui ls --mine --json        scripting: also get, messages, tasks, context,
                                     current, create, update, cancel, select (README)
  assign-tui doctor                  check the configuration, the server and the terminal

configuration: {config} (see docs/configuration.md);
environment: ASSIGN_TUI_PROFILE, ASSIGN_TUI_CONFIG, ASSIGN_TUI_BASE_URL,
ASSIGN_TUI_WORKSPACE, ASSIGN_TUI_TOKEN. The token is never a command-line flag.
"""

_OPEN_EPILOG = """\
examples:
  assign-tui open 1042
  assign-tui open 1042 --profile staging --read-only
"""

_DEMO_EPILOG = """\
The sandbox runs in this process on a free loopback port, with its database at
{db} (seeded on first use, kept between runs: what you change
stays; --fresh starts again from the seed). Needs the sandbox extra: {install}

examples:
  assign-tui demo
  assign-tui demo --fresh                  throw away earlier edits, reseed
  assign-tui demo --token demo-reader      see what a read-only role sees
  assign-tui demo --token demo-member --privacy
"""

_SANDBOX_EPILOG = """\
Serves the sandbox API until Ctrl+C. Once it listens it prints its URL, API
root, workspace, the demo tokens (demo-admin, demo-member, demo-reader) and its
database. Needs the sandbox extra: {install}

examples:
  assign-tui sandbox
  assign-tui sandbox --port 8765 --assignments 100000 --db /tmp/big.sqlite3
  assign-tui sandbox --latency-ms 300 --error-rate 0.1 --rate-limit-rate 0.05
  assign-tui sandbox --now 2026-11-29T07:00:00Z --seed 7
"""


class _SandboxMissing(Exception):
    """FastAPI or uvicorn is not installed."""


def _global_flags(*, suppress: bool) -> argparse.ArgumentParser:
    """The flags every console command takes; subcommands suppress defaults so that
    a flag given before the subcommand is not overwritten."""
    parser = argparse.ArgumentParser(
        add_help=False, argument_default=argparse.SUPPRESS if suppress else None
    )
    group = parser.add_argument_group("console options")
    group.add_argument(
        "--profile",
        metavar="NAME",
        help="the profile to use (default: ASSIGN_TUI_PROFILE, else default_profile)",
    )
    group.add_argument(
        "--config",
        metavar="PATH",
        type=Path,
        help="the configuration file (default: ASSIGN_TUI_CONFIG, else config.toml in the "
        "platform's config directory)",
    )
    group.add_argument("--read-only", action="store_true", help="hide every action that writes")
    group.add_argument(
        "--privacy",
        action="store_true",
        help="mask member names, form data and messages (for screen sharing)",
    )
    group.add_argument(
        "--no-mouse",
        action="store_true",
        help="do not capture the mouse (keeps the terminal's own text selection)",
    )
    group.add_argument(
        "--theme",
        metavar="NAME",
        help="a Textual theme, e.g. textual-dark, textual-light, nord (an unknown name is "
        "refused with the list)",
    )
    group.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        help="log requests (method, path, status, timing; never bodies or headers) to a file; "
        "off by default",
    )
    return parser


def _default_db() -> Path:
    from platformdirs import user_data_path

    return user_data_path("assign-tui") / "sandbox.sqlite3"


def _timestamp(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an RFC 3339 time: {text!r} (e.g. 2026-11-29T07:00:00Z)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {text!r}")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a fraction between 0 and 1, not {text!r}")
    return value


def build_parser(*, script_commands: bool = True) -> argparse.ArgumentParser:
    """The whole parser; without `script_commands` (the console's start) the script
    commands (ls, get, ..., doctor) are left out, which saves building a dozen parsers.
    That parser raises `argparse.ArgumentError` on an unknown command instead of
    exiting: `main` then lets the whole parser say it, with every command named."""
    from platformdirs import user_config_path

    from assign_tui import __version__

    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="assign-tui",
        description="A terminal console for the assignments API.",
        epilog=_MAIN_EPILOG.format(config=user_config_path("assign-tui") / "config.toml"),
        formatter_class=raw,
        parents=[_global_flags(suppress=False)],
        exit_on_error=script_commands,
    )
    parser.add_argument("--version", action="version", version=f"assign-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    flags = _global_flags(suppress=True)

    open_ = commands.add_parser(
        "open",
        parents=[flags],
        formatter_class=raw,
        epilog=_OPEN_EPILOG,
        help="start the console on one assignment's detail",
        description="Start the console straight on one assignment.",
    )
    open_.add_argument(
        "assignment_id", type=_positive_int, metavar="ID", help="the assignment's id"
    )

    demo = commands.add_parser(
        "demo",
        parents=[flags],
        formatter_class=raw,
        epilog=_DEMO_EPILOG.format(db=_default_db(), install=INSTALL_SANDBOX),
        help="try the console against a local sandbox server",
        description="Start the sandbox in this process and the console against it.",
    )
    demo.add_argument(
        "--fresh",
        action="store_true",
        help="delete the demo database and start again from the seed",
    )
    demo.add_argument(
        "--token",
        choices=DEMO_TOKENS,
        default="demo-admin",
        help="the demo role to sign in as (default: demo-admin)",
    )

    sandbox = commands.add_parser(
        "sandbox",
        formatter_class=raw,
        epilog=_SANDBOX_EPILOG.format(install=INSTALL_SANDBOX),
        help="serve the sandbox API only (for tests and scripts)",
        description="Serve the sandbox assignments API until interrupted.",
    )
    sandbox.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    sandbox.add_argument(
        "--port",
        type=int,
        default=8765,
        help="port to listen on; 0 picks a free one (default: 8765)",
    )
    sandbox.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"SQLite database, seeded when new (default: {_default_db()})",
    )
    sandbox.add_argument(
        "--seed",
        type=int,
        default=SANDBOX_SEED,
        help=f"random seed of the generated data (default: {SANDBOX_SEED})",
    )
    sandbox.add_argument(
        "--assignments",
        type=_positive_int,
        default=SANDBOX_ASSIGNMENTS,
        metavar="N",
        help=f"how many assignments to seed (default: {SANDBOX_ASSIGNMENTS})",
    )
    sandbox.add_argument(
        "--workspace",
        metavar="UUID",
        help="the workspace UUID to serve (default: the sandbox's fixed one)",
    )
    sandbox.add_argument(
        "--latency-ms", type=int, default=0, metavar="MS", help="delay added to every answer"
    )
    sandbox.add_argument(
        "--error-rate",
        type=_rate,
        default=0.0,
        metavar="P",
        help="fraction of requests answered 500",
    )
    sandbox.add_argument(
        "--rate-limit-rate",
        type=_rate,
        default=0.0,
        metavar="P",
        help="fraction of requests answered 429 with Retry-After",
    )
    sandbox.add_argument(
        "--drop-rate",
        type=_rate,
        default=0.0,
        metavar="P",
        help="fraction of connections dropped without an answer",
    )
    sandbox.add_argument(
        "--now",
        type=_timestamp,
        metavar="TIME",
        help="pin the server's clock, e.g. 2026-11-29T07:00:00Z",
    )
    sandbox.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        default=argparse.SUPPRESS,
        help="log to the assign-tui log file",
    )

    if script_commands:  # ls, get, ..., doctor: their code loads only when one runs
        from assign_tui.script.parser import add_script_commands

        add_script_commands(commands)
    return parser


class _RedactingFormatter(logging.Formatter):
    """Defence in depth: nothing that looks like a bearer token reaches the file."""

    _BEARER = re.compile(r"(?i)(bearer\s+)\S+")

    def format(self, record: logging.LogRecord) -> str:
        return self._BEARER.sub(r"\1[redacted]", super().format(record))


def setup_logging(level: str | None) -> Path | None:
    """Log `assign_tui.*` to the state directory at `level`; None keeps logging off.

    Off means a `NullHandler`, so a stray warning never prints over the console.
    """
    logger = logging.getLogger("assign_tui")
    logger.propagate = False
    if level is None:
        logger.addHandler(logging.NullHandler())
        return None
    from platformdirs import user_state_path

    directory = user_state_path("assign-tui")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "assign-tui.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    return path


def _skip_unused_imports() -> None:
    """Keep httpx from importing its command-line client (click, pygments, rich.syntax: about
    a tenth of the console's start) when those happen to be installed; httpx then defines a
    stub `httpx.main` instead, which the console never calls. See docs/performance.md."""
    if "httpx" not in sys.modules:
        # A None entry makes the import fail (the import system documents it); typeshed
        # types sys.modules' values as modules only.
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def check_theme(name: str, source: str) -> None:
    """Refuse a theme Textual does not have, listing those it has (`ConfigError`).

    Checked after the console's imports (Textual is loaded then anyway), so a
    theme named in the profile does not delay the first page's request.
    """
    from textual.theme import BUILTIN_THEMES

    from assign_tui.config import ConfigError

    if name not in BUILTIN_THEMES:
        raise ConfigError(
            f"There is no theme named {name!r} ({source}). "
            f"Themes: {', '.join(sorted(BUILTIN_THEMES))}."
        )


def _theme_source(settings: Settings, args: argparse.Namespace) -> str:
    """Where the theme came from, for the error that refuses it."""
    if args.theme:
        return "given with --theme"
    where = f" in {settings.config_path}" if settings.config_path else ""
    return f"theme of profile {settings.profile!r}{where}"


def _run_app(
    settings: Settings, *, open_assignment: int | None, mouse: bool, theme_source: str = ""
) -> int:
    """Run the console until it exits; its return code, or 0."""
    from assign_tui.api.first_page import FirstPage

    # Asked now, so the server's work overlaps with importing the console.
    first_page = FirstPage(settings)
    _skip_unused_imports()
    from assign_tui.tui.app import AssignApp

    check_theme(settings.theme, theme_source or "given with --theme")

    app = AssignApp(settings, open_assignment=open_assignment, first_page=first_page)
    app.run(mouse=mouse)
    return app.return_code or EXIT_OK


def _sandbox(*names: str) -> tuple[Any, ...]:
    """Named parts of the sandbox package; `_SandboxMissing` without FastAPI/uvicorn."""
    try:
        import assign_tui.sandbox as sandbox

        return tuple(getattr(sandbox, name) for name in names)
    except ImportError as exc:  # SandboxUnavailable is an ImportError
        missing = type(exc).__name__ == "SandboxUnavailable" or (exc.name or "").split(".")[0] in {
            "fastapi",
            "uvicorn",
            "starlette",
        }
        if missing:
            raise _SandboxMissing from exc
        raise


def _with_flags(settings: Settings, args: argparse.Namespace) -> Settings:
    update: dict[str, Any] = {}
    if args.read_only:
        update["read_only"] = True
    if args.privacy:
        update["privacy"] = True
    if args.theme:
        update["theme"] = args.theme
    if args.log_level:
        update["log_level"] = args.log_level
    return settings.model_copy(update=update)


def _console(args: argparse.Namespace) -> int:
    from assign_tui.config import load_settings

    settings = _with_flags(load_settings(profile=args.profile, config_path=args.config), args)
    setup_logging(settings.log_level)
    return _run_app(
        settings,
        open_assignment=getattr(args, "assignment_id", None),
        mouse=not args.no_mouse,
        theme_source=_theme_source(settings, args),
    )


def _remove_database(db_path: Path) -> None:
    """Delete a SQLite database with its journal files, so the next open seeds it again."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)


def _demo_data_line(db_path: Path, *, fresh: bool) -> str:
    """Where the demo's data lives and how to start over (left on screen after the console)."""
    if fresh:
        return f"assign-tui demo: started again from the seed; the data is in {db_path}."
    return (
        f"assign-tui demo: the data is in {db_path} and kept between runs (your edits "
        "stay); `assign-tui demo --fresh` starts again from the seed."
    )


def _demo(args: argparse.Namespace) -> int:
    from pydantic import SecretStr

    from assign_tui.config import Settings, StaticTokenSource

    (server_class,) = _sandbox("SandboxServer")
    if args.theme:
        check_theme(args.theme, "given with --theme")  # before the sandbox starts
    setup_logging(args.log_level)
    db_path = _default_db()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        _remove_database(db_path)
    print(_demo_data_line(db_path, fresh=args.fresh), file=sys.stderr, flush=True)
    server = server_class(
        db_path=db_path, seed=SANDBOX_SEED, assignments=SANDBOX_ASSIGNMENTS, now=None
    )
    server.start()
    try:
        role = args.token.removeprefix("demo-")
        token = StaticTokenSource(
            SecretStr(args.token), f"the sandbox's demo token for the {role} role"
        )
        settings = Settings(
            profile="demo",
            base_url=server.base_url,
            workspace=server.workspace,
            token=token,
            is_demo=True,
        )
        return _run_app(_with_flags(settings, args), open_assignment=None, mouse=not args.no_mouse)
    finally:
        server.stop()


def _serve(args: argparse.Namespace) -> int:
    serve, fault_config, default_workspace = _sandbox("serve", "FaultConfig", "DEFAULT_WORKSPACE")
    setup_logging(args.log_level)
    db_path: Path = args.db or _default_db()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    faults = fault_config(
        latency_ms=args.latency_ms,
        error_rate=args.error_rate,
        rate_limit_rate=args.rate_limit_rate,
        drop_rate=args.drop_rate,
    )
    workspace = args.workspace or default_workspace

    def started(base_url: str) -> None:
        print(_sandbox_banner(base_url, workspace, db_path), flush=True)

    serve(
        args.host,
        args.port,
        db_path,
        args.seed,
        args.assignments,
        workspace,
        args.now,
        faults,
        on_started=started,
    )
    return EXIT_OK


def _sandbox_banner(base_url: str, workspace: str, db_path: Path) -> str:
    """What `assign-tui sandbox` prints once it listens: enough to point a client at it."""
    from assign_tui.sandbox.constants import API_PREFIX_TEMPLATE

    api_root = base_url + API_PREFIX_TEMPLATE.format(workspace_uuid=workspace.lower())
    return (
        f"assign-tui sandbox: serving {base_url}\n"
        f"  API root   {api_root}\n"
        f"  workspace  {workspace.lower()}\n"
        "  tokens     demo-admin (reads and writes everything), demo-reader (reads "
        "only),\n             demo-member (only member 311's own assignments)\n"
        f"  database   {db_path} (kept between runs; delete it to reseed)\n"
        "Press Ctrl+C to stop."
    )


#: The commands that open the console (None: plain `assign-tui`).
CONSOLE_COMMANDS = frozenset((None, "open", "demo"))


def pause_collector_for_start(command: str | None) -> bool:
    """Turn the garbage collector off before a console command's imports; whether it did.

    Everything the start builds (Textual, pydantic and the models, the CSS, the
    screens: ~80k objects) lives as long as the console, so each collection on the
    way to the first page walks it for nothing: ~40 young and a few full passes,
    one of them 25-57 ms (docs/performance.md). The console's `Startup` turns the
    collector back on once settled, after one collection and `gc.freeze()`
    (tui/startup.py), or as it closes if it never settled; the scripting commands
    and the sandbox keep it on.
    """
    if command not in CONSOLE_COMMANDS:
        return False
    gc.disable()
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """The `assign-tui` console script."""
    from assign_tui.pydantic_plugins import keep_plugins_out
    from assign_tui.script import SCRIPT_COMMANDS

    given = sys.argv[1:] if argv is None else list(argv)
    # --help names every command; so does the error for one that does not exist.
    whole = not SCRIPT_COMMANDS.isdisjoint(given) or not {"-h", "--help"}.isdisjoint(given)
    try:
        try:
            args = build_parser(script_commands=whole).parse_args(given)
        except argparse.ArgumentError:
            args = build_parser().parse_args(given)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    keep_plugins_out()  # before anything imports pydantic (--help never does)
    paused = pause_collector_for_start(args.command)
    try:
        from assign_tui.config import ConfigError

        try:
            if args.command in SCRIPT_COMMANDS:
                from assign_tui.script.commands import run_script

                return run_script(args)
            if args.command == "demo":
                return _demo(args)
            if args.command == "sandbox":
                return _serve(args)
            return _console(args)
        except ConfigError as error:
            print(f"assign-tui: {error}", file=sys.stderr)
            return EXIT_USAGE
        except _SandboxMissing:
            print(
                f"assign-tui: the sandbox needs FastAPI and uvicorn, which are not installed. "
                f"Install them with:\n  {INSTALL_SANDBOX}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if paused:
            gc.enable()  # the console never started (a configuration error), or has ended
