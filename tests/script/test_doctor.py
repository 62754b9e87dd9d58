"""`assign-tui doctor` against the sandbox: all checks holding, then each one failing in turn."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from assign_tui import cli
from assign_tui.script import doctor, terminal_checks

SECRET = "demo-admin"
Doctor = Callable[..., tuple[int, dict[str, dict[str, Any]]]]


@pytest.fixture
def config(tmp_path: Path, sandbox: Any) -> Path:
    """A private configuration file with one profile on the sandbox."""
    path = tmp_path / "config.toml"
    path.write_text(f'[profiles.local]\nbase_url = "{sandbox.base_url}"\n'
                    f'workspace = "{sandbox.workspace}"\ntoken_env = "DOCTOR_TOKEN"\n',
                    encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def run_doctor(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Doctor:
    """`doctor --json` in a healthy setting that each test then breaks in one place."""
    monkeypatch.setenv("ASSIGN_TUI_CONFIG", str(config))
    monkeypatch.setenv("DOCTOR_TOKEN", SECRET)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_CTYPE", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(terminal_checks, "terminal_size", lambda: (120, 40))

    def run(*argv: str) -> tuple[int, dict[str, dict[str, Any]]]:
        capsys.readouterr()
        code = cli.main(["doctor", "--json", *argv])
        out = capsys.readouterr().out
        assert SECRET not in out
        return code, {c["check"]: c for c in json.loads(out)}

    return run


def _failed(checks: dict[str, dict[str, Any]]) -> list[str]:
    return [name for name, check in checks.items() if check["ok"] is False]


def test_all_checks_hold(run_doctor: Doctor) -> None:
    code, checks = run_doctor()
    assert code == 0 and _failed(checks) == []
    assert list(checks) == ["config file", "profile", "base URL and TLS", "token",
                            "server reachable", "authorised", "workspace", "clock", "TERM",
                            "colours", "size", "UTF-8 locale", "ESCDELAY", "tmux"]
    assert checks["token"]["detail"] == ("read from the environment variable DOCTOR_TOKEN "
                                         "(value not shown)")
    assert checks["server reachable"]["detail"].startswith("answered in ")
    assert checks["tmux"]["ok"] is None


def test_text_output_is_a_line_a_check_with_the_fix(
    run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ESCDELAY", "soon")
    assert cli.main(["doctor"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 14
    assert lines[0].startswith("✓ config file")
    assert lines[-2] == ("✗ ESCDELAY          'soon' is not a number of milliseconds → fix: "
                         "export ESCDELAY=100 (raise it to 300 over slow links), or unset it")


def test_config_file_readable_by_others(run_doctor: Doctor, config: Path) -> None:
    config.chmod(0o644)
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["config file", "profile"]
    assert checks["config file"]["fix"] == f"chmod 600 {config}"
    assert checks["server reachable"]["detail"] == "not checked: no profile"


def test_no_configuration_at_all(
    run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ASSIGN_TUI_CONFIG")
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["config file", "profile"]
    assert "docs/configuration.md" in checks["config file"]["fix"]


def test_unknown_profile(run_doctor: Doctor) -> None:
    code, checks = run_doctor("--profile", "staging")
    assert code == 1 and _failed(checks) == ["profile"]
    assert "no profile named 'staging'" in checks["profile"]["detail"]


def test_token_source_fails(run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCTOR_TOKEN")
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["token"]
    assert "DOCTOR_TOKEN is not set" in checks["token"]["detail"]
    assert checks["authorised"]["detail"] == "not checked: no token"


def test_token_refused(run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCTOR_TOKEN", "expired-token-value")
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["authorised"]
    assert "HTTP 401" in checks["authorised"]["detail"]


def test_workspace_missing(run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSIGN_TUI_WORKSPACE", "00000000-0000-4000-8000-00000000beef")
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["workspace"]


def test_server_unreachable(run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("ASSIGN_TUI_BASE_URL", f"http://127.0.0.1:{port}")
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["server reachable"]
    assert "Cannot reach the server" in checks["server reachable"]["detail"]
    assert "VPN or proxy" in checks["server reachable"]["fix"]
    assert checks["clock"] == {"check": "clock", "ok": None, "fix": "",
                               "detail": "not checked: the server did not answer"}


def test_server_failing(
    run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch, fresh_sandbox: Any
) -> None:
    monkeypatch.setenv("ASSIGN_TUI_BASE_URL", fresh_sandbox.base_url)
    httpx.post(f"{fresh_sandbox.base_url}/_sandbox/faults/script",
               json={"method": "GET", "path": "/assignments$", "status": 502, "times": None})
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["server reachable"]
    assert "HTTP 502" in checks["server reachable"]["detail"]


def test_clock_skew(run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch) -> None:
    real_now = doctor._now
    monkeypatch.setattr(doctor, "_now", lambda: real_now() + timedelta(minutes=5))
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["clock"]
    assert "ahead of the server" in checks["clock"]["detail"]


@pytest.mark.parametrize(("env", "failed"), [
    ({"TERM": None}, ["TERM", "colours"]),
    ({"TERM": "dumb"}, ["TERM", "colours"]),
    ({"TERM": "vt100"}, ["colours"]),
    ({"LANG": "C"}, ["UTF-8 locale"]),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "POSIX"}, ["UTF-8 locale"]),
    ({"ESCDELAY": "25ms"}, ["ESCDELAY"]),
])
def test_terminal_settings(
    run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch, env: dict[str, str | None],
    failed: list[str],
) -> None:
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == failed


def test_no_color_is_a_choice_not_a_failure(
    run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, checks = run_doctor()
    assert code == 0 and "NO_COLOR" in checks["colours"]["detail"]


@pytest.mark.parametrize(("size", "says"), [((79, 40), "79x40"), ((120, 20), "120x20"),
                                            (None, "not a terminal")])
def test_terminal_size(
    run_doctor: Doctor, monkeypatch: pytest.MonkeyPatch, size: Any, says: str
) -> None:
    monkeypatch.setattr(terminal_checks, "terminal_size", lambda: size)
    code, checks = run_doctor()
    assert code == 1 and _failed(checks) == ["size"] and checks["size"]["detail"] == says


@pytest.fixture
def tmux_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """A tmux server of the test's own, named in $TMUX as if doctor ran inside it."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    sock = tmp_path / "tmux.sock"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm-256color"}
    subprocess.run(["tmux", "-S", str(sock), "-f", "/dev/null", "new-session", "-d", "sleep 600"],
                   env=env, check=True, timeout=30)
    monkeypatch.setenv("TMUX", f"{sock},1,0")

    def tmux_set(*args: str) -> None:
        subprocess.run(["tmux", "-S", str(sock), "set", *args], env=env, check=True, timeout=30)

    yield tmux_set
    subprocess.run(["tmux", "-S", str(sock), "kill-server"], env=env, timeout=30, check=False)


def test_tmux_options(run_doctor: Doctor, tmux_server: Callable[..., None]) -> None:
    tmux_server("-sg", "escape-time", "500")
    tmux_server("-s", "set-clipboard", "off")
    tmux_server("-g", "allow-passthrough", "off")
    code, checks = run_doctor()
    assert code == 1
    # One fix for y: set-clipboard on. Passthrough is not asked for on top of it.
    assert _failed(checks) == ["tmux escape-time", "tmux set-clipboard"]
    assert checks["tmux escape-time"]["fix"].startswith("tmux set -sg escape-time 25")
    assert checks["tmux allow-passthrough"]["ok"] is None
    tmux_server("-sg", "escape-time", "10")
    tmux_server("-s", "set-clipboard", "on")
    tmux_server("-g", "allow-passthrough", "on")
    code, checks = run_doctor()
    assert code == 0 and checks["tmux set-clipboard"]["detail"] == "on"


@pytest.mark.parametrize(("clipboard", "passthrough", "failed"), [
    # tmux's default: y hands the text to `tmux load-buffer -w`; passthrough plays no part
    # (doctor used to fail this working set-up and ask to loosen passthrough).
    ("external", "off", []),
    ("on", "off", []),
    # off: y's only way out is the passthrough-wrapped OSC 52.
    ("off", "on", []),
    ("off", "off", ["tmux set-clipboard"]),
])
def test_tmux_clipboard_routes(
    run_doctor: Doctor, tmux_server: Callable[..., None], clipboard: str, passthrough: str,
    failed: list[str],
) -> None:
    tmux_server("-sg", "escape-time", "10")
    tmux_server("-s", "set-clipboard", clipboard)
    tmux_server("-g", "allow-passthrough", passthrough)
    code, checks = run_doctor()
    assert _failed(checks) == failed and code == (1 if failed else 0)
    assert "allow-passthrough on" not in " ".join(check["fix"] for check in checks.values())


def _certificate(tmp_path: Path, days: int) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / f"cert{days}.pem", tmp_path / f"key{days}.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                    str(days), "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   capture_output=True, check=True, timeout=60)
    return cert, key


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[Callable[[int], tuple[int, Path]]]:
    """A TLS listener on loopback with a self-signed certificate valid for `days`."""
    listeners: list[socket.socket] = []

    def start(days: int) -> tuple[int, Path]:
        cert, key = _certificate(tmp_path, days)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)

        def serve() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                try:
                    with context.wrap_socket(conn, server_side=True):
                        pass
                except (OSError, ssl.SSLError):
                    conn.close()

        threading.Thread(target=serve, daemon=True).start()
        return listener.getsockname()[1], cert

    yield start
    for listener in listeners:
        listener.close()


def _https_profile(config: Path, port: int, ca_bundle: Path | None) -> None:
    bundle = f'ca_bundle = "{ca_bundle}"\n' if ca_bundle else ""
    config.write_text(f'[profiles.tls]\nbase_url = "https://localhost:{port}"\n'
                      'workspace = "00000000-0000-4000-8000-000000000001"\n'
                      f'token_env = "DOCTOR_TOKEN"\n{bundle}', encoding="utf-8")


def test_tls_certificate_chain_and_expiry(
    run_doctor: Doctor, config: Path, tls_server: Callable[[int], tuple[int, Path]]
) -> None:
    port, cert = tls_server(365)
    _https_profile(config, port, None)
    _, checks = run_doctor()
    assert checks["base URL and TLS"]["ok"] is False
    assert "certificate not trusted" in checks["base URL and TLS"]["detail"]
    assert "ca_bundle" in checks["base URL and TLS"]["fix"]
    _https_profile(config, port, cert)
    _, checks = run_doctor()
    assert checks["base URL and TLS"]["ok"] is True
    assert "certificate verified, expires in 36" in checks["base URL and TLS"]["detail"]
    port, cert = tls_server(5)
    _https_profile(config, port, cert)
    _, checks = run_doctor()
    assert checks["base URL and TLS"]["ok"] is False
    assert "expires in 4 days" in checks["base URL and TLS"]["detail"]
