"""The `assign-tui` command, with the console and the sandbox replaced by recorders."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from assign_tui import cli
from assign_tui.config import Settings, StaticTokenSource

WORKSPACE = "6f1c2a9e-0b7d-4c1e-9a51-3f0d2b8c7e11"
SECRET = "s3cr3t-t0ken-value-4242"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No real config, data or log directory; the package logger restored afterwards."""
    for name in list(os.environ):
        if name.startswith("ASSIGN_TUI_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for kind in ("CONFIG", "DATA", "STATE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))
    logger = logging.getLogger("assign_tui")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    for handler in logger.handlers:
        if handler not in saved[0]:
            handler.close()
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSIGN_TUI_BASE_URL", "https://assign.example.com")
    monkeypatch.setenv("ASSIGN_TUI_WORKSPACE", WORKSPACE)
    monkeypatch.setenv("ASSIGN_TUI_TOKEN", SECRET)


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every console launch, instead of running the app."""
    calls: list[dict[str, Any]] = []

    def fake_run_app(
        settings: Settings, *, open_assignment: int | None, mouse: bool, **_: Any
    ) -> int:
        calls.append({"settings": settings, "open_assignment": open_assignment, "mouse": mouse})
        return 0

    monkeypatch.setattr(cli, "_run_app", fake_run_app)
    return calls


def run_python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSIGN_TUI_")}
    env["HOME"] = str(tmp_path / "home")
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


# -- help and usage ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            [],
            [
                "--profile",
                "--config",
                "--read-only",
                "--privacy",
                "--no-mouse",
                "--theme",
                "--log-level",
                "open",
                "demo",
                "sandbox",
                "examples:",
                "ASSIGN_TUI_TOKEN",
            ],
        ),
        (["open"], ["ID", "--profile", "--read-only", "assign-tui open 1042"]),
        (
            ["demo"],
            [
                "--token",
                "demo-reader",
                "demo-member",
                "pip install 'assign-tui[sandbox]'",
                "sandbox.sqlite3",
            ],
        ),
        (
            ["sandbox"],
            [
                "--host",
                "--port",
                "--db",
                "--seed",
                "--assignments",
                "--workspace",
                "--latency-ms",
                "--error-rate",
                "--rate-limit-rate",
                "--drop-rate",
                "--now",
            ],
        ),
    ],
)
def test_help_exits_0_and_names_the_flags(
    argv: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*argv, "--help"]) == 0
    out = capsys.readouterr().out
    for text in expected:
        assert text in out


def test_no_flag_takes_a_real_token(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    token_flags = [
        (name, action)
        for name, sub in [("main", parser), *subparsers.choices.items()]
        for action in sub._actions
        if any("token" in option for option in action.option_strings)
    ]
    assert [name for name, _ in token_flags] == ["demo"]
    assert token_flags[0][1].choices == ("demo-admin", "demo-member", "demo-reader")
    assert cli.main(["demo", "--token", "my-real-token"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["open", "not-a-number"]) == 2
    assert "expected a positive whole number" in capsys.readouterr().err
    assert cli.main(["--log-level", "loud"]) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("assign-tui ")


# -- the console -------------------------------------------------------------------


def test_missing_config_is_one_paragraph_and_exit_2(
    launches: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("assign-tui: No configuration found")
    assert str(tmp_path / "config" / "assign-tui" / "config.toml") in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert launches == []


def test_console_starts_with_the_profile_and_flags(
    configured: None, launches: list[dict[str, Any]]
) -> None:
    assert cli.main(["--read-only", "--theme", "textual-light", "--no-mouse"]) == 0
    (call,) = launches
    settings: Settings = call["settings"]
    assert settings.api_root == f"https://assign.example.com/api/v2/w/{WORKSPACE}"
    assert settings.read_only and not settings.privacy and settings.theme == "textual-light"
    assert call == {"settings": settings, "open_assignment": None, "mouse": False}
    assert settings.token.reveal() == SECRET


def test_open_starts_on_the_assignment_with_flags_after_the_subcommand(
    configured: None, launches: list[dict[str, Any]]
) -> None:
    assert cli.main(["--privacy", "open", "1042", "--read-only"]) == 0
    (call,) = launches
    assert call["open_assignment"] == 1042 and call["mouse"] is True
    assert call["settings"].read_only and call["settings"].privacy


def test_the_collector_is_off_from_a_console_command_until_the_console_settles(
    configured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What start builds lives as long as the console: no collection walks it on the way
    to the first page. The console (`Startup.settle`) turns it back on; so does `main`
    once the console is over, or never ran."""
    seen: list[bool] = []
    monkeypatch.setattr(cli, "_run_app", lambda *_, **__: seen.append(gc.isenabled()) or 0)
    try:
        assert cli.main(["--read-only"]) == 0
        assert seen == [False] and gc.isenabled()
        assert cli.main(["--read-only", "open", "1042"]) == 0
        assert seen == [False, False] and gc.isenabled()
        assert [cli.pause_collector_for_start(name) for name in ("ls", "sandbox", "doctor")] \
            == [False, False, False] and gc.isenabled()
    finally:
        gc.enable()


def test_a_console_that_never_starts_leaves_the_collector_on(
    launches: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([]) == 2  # no configuration: the console never starts
    assert gc.isenabled() and launches == []


def test_profile_and_config_flags(launches: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "alt.toml"
    path.write_text(
        f'[profiles.a]\nbase_url = "https://a.example.com"\nworkspace = "{WORKSPACE}"\n'
        'token_env = "A_TOKEN"\n'
        f'[profiles.b]\nbase_url = "https://b.example.com"\nworkspace = "{WORKSPACE}"\n'
        'token_command = "gh auth token"\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    assert cli.main(["--config", str(path), "--profile", "b"]) == 0
    assert launches[0]["settings"].base_url == "https://b.example.com"
    assert launches[0]["settings"].profile == "b"


def test_unknown_profile_exits_2(
    configured: None, launches: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--profile", "nope"]) == 2
    assert "no profile named 'nope'" in capsys.readouterr().err


@pytest.fixture
def console_runs(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    """The real `_run_app` with the console and the first request replaced by recorders."""
    runs: list[Settings] = []

    class FakeApp:
        return_code = 0

        def __init__(self, settings: Settings, **kwargs: Any) -> None:
            self.settings = settings

        def run(self, *, mouse: bool = True) -> None:
            runs.append(self.settings)

    module = types.ModuleType("assign_tui.tui.app")
    module.AssignApp = FakeApp  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assign_tui.tui.app", module)
    monkeypatch.setattr("assign_tui.api.first_page.FirstPage", lambda settings: None)
    return runs


def test_an_unknown_theme_flag_is_refused_with_the_themes(
    configured: None, console_runs: list[Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--theme", "nonsense"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("assign-tui: There is no theme named 'nonsense' (given with --theme)")
    assert "textual-dark" in err and "nord" in err and "Traceback" not in err
    assert console_runs == []
    assert cli.main(["--theme", "nord"]) == 0
    assert console_runs[0].theme == "nord"


def test_an_unknown_theme_in_the_profile_names_the_profile_and_file(
    console_runs: list[Settings], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "themed.toml"
    path.write_text(
        f'[profiles.work]\nbase_url = "https://a.example.com"\nworkspace = "{WORKSPACE}"\n'
        'token_env = "A_TOKEN"\ntheme = "solarised"\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    assert cli.main(["--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"'solarised' (theme of profile 'work' in {path})" in err
    assert "solarized-dark" in err
    assert console_runs == []
    assert cli.main(["--config", str(path), "--theme", "solarized-dark"]) == 0  # the flag wins


def test_ctrl_c_exits_130_without_traceback(
    configured: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run_app", interrupted)
    assert cli.main([]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_log_level_writes_to_the_state_dir_and_redacts_bearer(
    configured: None, launches: list[dict[str, Any]], tmp_path: Path
) -> None:
    assert cli.main(["--log-level", "info"]) == 0
    logging.getLogger("assign_tui.api").info(
        "GET /assignments 200 Authorization: Bearer %s", SECRET
    )
    logging.getLogger("assign_tui.api").debug("not at info")
    text = (tmp_path / "state" / "assign-tui" / "assign-tui.log").read_text(encoding="utf-8")
    assert "GET /assignments 200" in text and "[redacted]" in text
    assert SECRET not in text and "not at info" not in text


def test_logging_off_by_default(
    configured: None, launches: list[dict[str, Any]], tmp_path: Path
) -> None:
    assert cli.main([]) == 0
    assert not (tmp_path / "state").exists()
    assert launches[0]["settings"].log_level is None


# -- demo and sandbox -----------------------------------------------------------------


class FakeServer:
    instances: list[FakeServer] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.events: list[str] = []
        self.base_url = "http://127.0.0.1:50123"
        self.workspace = "00000000-0000-4000-8000-000000000001"
        FakeServer.instances.append(self)

    def start(self) -> None:
        self.events.append("start")

    def stop(self) -> None:
        self.events.append("stop")


@pytest.fixture
def fake_sandbox(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    served: dict[str, Any] = {}

    def serve(*args: Any, **kwargs: Any) -> None:
        served["args"] = args
        served["kwargs"] = kwargs

    def fault_config(**kwargs: Any) -> dict[str, Any]:
        return kwargs

    parts = {
        "SandboxServer": FakeServer,
        "serve": serve,
        "FaultConfig": fault_config,
        "DEFAULT_WORKSPACE": "00000000-0000-4000-8000-000000000001",
    }
    monkeypatch.setattr(cli, "_sandbox", lambda *names: tuple(parts[name] for name in names))
    FakeServer.instances.clear()
    return served


def test_demo_runs_the_console_against_the_in_process_sandbox(
    fake_sandbox: dict[str, Any], launches: list[dict[str, Any]], tmp_path: Path
) -> None:
    assert cli.main(["demo", "--token", "demo-reader", "--read-only"]) == 0
    (server,) = FakeServer.instances
    assert server.events == ["start", "stop"]
    assert server.kwargs["db_path"] == tmp_path / "data" / "assign-tui" / "sandbox.sqlite3"
    settings: Settings = launches[0]["settings"]
    assert settings.is_demo and settings.read_only and settings.profile == "demo"
    assert settings.api_root == f"{server.base_url}/api/v2/w/{server.workspace}"
    assert isinstance(settings.token, StaticTokenSource)
    assert settings.token.reveal() == "demo-reader"
    assert "demo-reader" not in repr(settings)
    assert "demo-reader" not in os.environ.values()


def test_demo_stops_the_server_when_the_console_fails(
    fake_sandbox: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run_app", broken)
    assert cli.main(["demo"]) == 130
    assert FakeServer.instances[0].events == ["start", "stop"]


def test_sandbox_serves_with_the_flags(fake_sandbox: dict[str, Any], tmp_path: Path) -> None:
    argv = [
        "sandbox",
        "--port",
        "9001",
        "--db",
        str(tmp_path / "s.db"),
        "--seed",
        "7",
        "--assignments",
        "500",
        "--latency-ms",
        "30",
        "--error-rate",
        "0.1",
        "--rate-limit-rate",
        "0.2",
        "--drop-rate",
        "0.05",
        "--now",
        "2026-11-29T07:00:00Z",
    ]
    assert cli.main(argv) == 0
    host, port, db, seed, count, workspace, now, faults = fake_sandbox["args"]
    assert (host, port, db, seed, count) == ("127.0.0.1", 9001, tmp_path / "s.db", 7, 500)
    assert workspace == "00000000-0000-4000-8000-000000000001"
    assert now.isoformat() == "2026-11-29T07:00:00+00:00"
    assert faults == {
        "latency_ms": 30,
        "error_rate": 0.1,
        "rate_limit_rate": 0.2,
        "drop_rate": 0.05,
    }


def test_demo_says_where_its_data_lives(
    fake_sandbox: dict[str, Any], launches: list[dict[str, Any]], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "data" / "assign-tui" / "sandbox.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_text("edited")
    assert cli.main(["demo"]) == 0
    err = capsys.readouterr().err
    assert f"the data is in {db} and kept between runs" in err
    assert "assign-tui demo --fresh" in err
    assert db.read_text() == "edited"


def test_demo_fresh_deletes_the_database_so_it_is_seeded_again(
    fake_sandbox: dict[str, Any], launches: list[dict[str, Any]], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "data" / "assign-tui" / "sandbox.sqlite3"
    db.parent.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).write_text("edited")
    other = db.with_name("keep.txt")
    other.write_text("not the demo's")
    assert cli.main(["demo", "--fresh"]) == 0
    assert sorted(p.name for p in db.parent.iterdir()) == ["keep.txt"]
    assert FakeServer.instances[0].kwargs["db_path"] == db  # the sandbox seeds a new file
    assert f"started again from the seed; the data is in {db}" in capsys.readouterr().err


def test_sandbox_rejects_a_rate_above_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sandbox", "--error-rate", "1.5"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["demo"], ["sandbox"]])
def test_without_fastapi_the_pip_command_is_printed(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "pip install 'assign-tui[sandbox]'" in err
    assert "Traceback" not in err


def test_without_fastapi_in_a_fresh_process(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
        "from assign_tui.cli import main\n"
        "raise SystemExit(main(['demo']))\n"
    )
    done = run_python(code, tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("pip install 'assign-tui[sandbox]'")
    assert "Traceback" not in done.stderr


def test_cli_import_and_help_stay_light(tmp_path: Path) -> None:
    code = (
        "import sys, contextlib, io\n"
        "import assign_tui.cli as cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    for argv in ([], ['open'], ['demo'], ['sandbox']):\n"
        "        assert cli.main([*argv, '--help']) == 0\n"
        "heavy = {'textual', 'fastapi', 'celpy', 'uvicorn'}\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & heavy)\n"
        "print(','.join(heavy))\n"
    )
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_run_app_builds_the_console_and_runs_it_with_the_mouse_flag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    class FakeApp:
        return_code = 3

        def __init__(
            self, settings: Settings, *, open_assignment: int | None = None, first_page: Any
        ) -> None:
            seen.update(settings=settings, open_assignment=open_assignment, first_page=first_page)

        def run(self, *, mouse: bool = True) -> None:
            seen["mouse"] = mouse

    class FakeFirstPage:
        def __init__(self, settings: Settings) -> None:
            self.settings = settings

    module = types.ModuleType("assign_tui.tui.app")
    module.AssignApp = FakeApp  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assign_tui.tui.app", module)
    monkeypatch.setattr("assign_tui.api.first_page.FirstPage", FakeFirstPage)
    token = StaticTokenSource(SecretStr(SECRET), "a test token")
    settings = Settings(
        profile="p", base_url="https://x.example.com", workspace=WORKSPACE, token=token
    )
    assert cli._run_app(settings, open_assignment=1042, mouse=False) == 3
    first_page = seen.pop("first_page")
    assert isinstance(first_page, FakeFirstPage) and first_page.settings is settings
    assert seen == {"settings": settings, "open_assignment": 1042, "mouse": False}


def test_help_and_an_unknown_command_name_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The console's start builds no script parsers; --help and a mistyped command still
    name them (they listed open, demo and sandbox only)."""
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("open", "demo", "sandbox", "ls", "get", "select", "doctor"):
        assert f"\n    {command} " in out
    assert cli.main(["lss"]) == 2
    assert "'doctor')" in capsys.readouterr().err
    assert cli.main(["--profile"]) == 2
    assert "expected one argument" in capsys.readouterr().err
