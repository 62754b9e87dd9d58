"""The token and the member's data stay where they belong.

- a bug below the client (shown in words, reported privately) never shows the token;
- the real `assign-tui`, run in a pseudo-terminal against the sandbox with HOME and the
  XDG directories in a temporary directory: the token is in no log, no screen byte, no
  command line, no file; no response body (member names, messages) is written to disk,
  and the log holds methods, paths, statuses and timings;
- a TLS server with a self-signed certificate is refused with a clear message, and
  accepted with `ca_bundle` pointing at that certificate.
"""

from __future__ import annotations

import io
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console

from assign_tui.api.client import AssignmentsClient
from assign_tui.tui.app import AssignApp

from .conftest import make_console_app
from .helpers import screen_text, settle

TOKEN = "demo-admin"


class _Exploding(httpx.AsyncBaseTransport):
    """A transport with a bug: not an httpx error, so it escapes the client's handling."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise RuntimeError("a bug below the client")


async def test_a_bug_below_the_client_never_shows_the_token(
    sandbox: Any, capfd: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Until issue 14 this stopped the app and Textual printed the traceback with its locals;
    # now the list's worker error is words on screen (tui/worker_errors.py) and a private report.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    settings = make_console_app(sandbox).settings
    app = AssignApp(settings, client=AssignmentsClient(
        settings.api_root, lambda: "s3cr3t-t0ken-PWNTOK", transport=_Exploding(), max_tries=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Unexpected error: RuntimeError" in shown
    console = Console(file=io.StringIO(), width=200, color_system=None)
    for renderable in app._exit_renderables:
        console.print(renderable)
    captured = capfd.readouterr()
    printed = console.file.getvalue() + captured.out + captured.err  # type: ignore[attr-defined]
    reports = list((tmp_path / "state").rglob("crash-*.txt"))
    assert len(reports) == 1
    report = reports[0].read_text(encoding="utf-8")
    assert "a bug below the client" in report  # what failed, and where
    for text in (printed, shown, report):
        assert "PWNTOK" not in text


# -- the real command in a pseudo-terminal ------------------------------------------


def _read(fd: int, until: float, wanted: bytes, buffer: bytearray) -> bool:
    while time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return wanted in buffer
            if not chunk:
                return wanted in buffer
            buffer.extend(chunk)
        if wanted in buffer:
            return True
    return False


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


@pytest.mark.e2e
def test_the_command_keeps_token_and_bodies_off_disk_and_out_of_ps(
    sandbox: Any, tmp_path: Path
) -> None:
    command = shutil.which("assign-tui", path=str(Path(sys.executable).parent))
    if command is None or not Path("/proc/self/cmdline").exists():
        pytest.skip("needs the installed assign-tui command and /proc")
    home = tmp_path / "home"
    home.mkdir()
    token_file = home / "token"
    token_file.write_text(TOKEN + "\n")
    token_file.chmod(0o600)
    config = home / "config.toml"
    config.write_text(
        f'[profiles.sandbox]\nbase_url = "{sandbox.base_url}"\n'
        f'workspace = "{sandbox.workspace}"\ntoken_file = "{token_file}"\n'
    )
    config.chmod(0o600)
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": str(home), "TERM": "xterm-256color",
        "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"), "XDG_DATA_HOME": str(home / "data"),
        "ASSIGN_TUI_CONFIG": str(config), "COLUMNS": "100", "LINES": "30", "LANG": "C.UTF-8",
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: become assign-tui
        os.execve(command, [command, "--log-level", "debug", "open", "1042"], env)
    screen = bytearray()
    try:
        assert _read(fd, time.monotonic() + 30, "Rosa".encode(), screen), screen[-2000:]
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        children = _children(pid)
        os.write(fd, b"m")  # the messages
        assert _read(fd, time.monotonic() + 20, "insulina".encode(), screen)
        os.write(fd, b"\x11")  # ctrl+q
        _read(fd, time.monotonic() + 10, b"\x00never", screen)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    assert TOKEN.encode() not in cmdline
    assert TOKEN.encode() not in environ  # from a file: not in the environment either
    assert children == []  # the console starts no process (a token command would be the one)
    assert TOKEN.encode() not in screen
    logs = list(home.rglob("*.log"))
    assert logs, "--log-level debug wrote no log file"
    log = "\n".join(path.read_text() for path in logs)
    assert "GET /assignments/1042 200" in log  # methods, paths, statuses...
    assert TOKEN not in log and "uthorization" not in log and "Bearer" not in log
    secrets = ("Rosa", "Martínez", "insulina", "Post-discharge")  # body text: never on disk
    for path in home.rglob("*"):
        if path.is_file() and path not in (token_file, config):
            data = path.read_bytes()
            assert TOKEN.encode() not in data, path
            for secret in secrets:
                assert secret.encode() not in data, (path, secret)


# -- TLS ------------------------------------------------------------------------------


def _self_signed(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        import datetime

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if shutil.which("openssl") is None:
            pytest.skip("neither the cryptography package nor openssl is available")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj",
             "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True,
        )
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(private.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return cert, key


@pytest.fixture
def tls_server(tmp_path: Path) -> Any:
    """A tiny HTTPS server on 127.0.0.1 answering an empty page of assignments."""
    import http.server
    import json
    import ssl
    import threading

    cert, key = _self_signed(tmp_path)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = json.dumps({"items": [], "total": 0, "page": 1, "pageSize": 1,
                               "totalPages": 0}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


async def test_tls_errors_are_refused_and_ca_bundle_trusts_a_private_ca(
    tls_server: Any, tmp_path: Path
) -> None:
    from assign_tui.api.errors import NetworkError
    from assign_tui.config import load_settings

    url, cert = tls_server
    config = tmp_path / "tls.toml"
    workspace = "00000000-0000-0000-0000-000000000000"
    token_env = "ASSIGN_TUI_TLS_TEST_TOKEN"
    os.environ[token_env] = "t"
    try:
        for extra in ("", f'ca_bundle = "{cert}"\n'):
            config.write_text(f'[profiles.tls]\nbase_url = "{url}"\nworkspace = "{workspace}"\n'
                              f'token_env = "{token_env}"\n{extra}')
            config.chmod(0o600)
            settings = load_settings(config_path=config)
            client = AssignmentsClient(settings.api_root, lambda: "t", verify=settings.verify,
                                       max_tries=1)
            async with client:
                if not extra:
                    with pytest.raises(NetworkError) as raised:
                        await client.list_assignments()
                    assert "certificate could not be verified" in raised.value.message
                else:
                    page = await client.list_assignments()
                    assert page.items == []
    finally:
        del os.environ[token_env]
