"""What the benches share: a sandbox in its own process, a program in a pseudo-terminal, stats.

The sandbox runs in a separate process so its work never competes with the
measured program for the GIL, and is started before any timing begins.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import platform
import re
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKSPACE = "00000000-0000-4000-8000-000000000001"
NOW = "2026-11-29T07:00:00Z"
HELLO = [sys.executable, str(ROOT / "bench" / "hello_app.py")]
CONSOLE = [str(BIN / "assign-tui")]
_ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_].*?\x1b\\|.)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Sandbox:
    """`assign-tui sandbox` in a child process on a free loopback port."""

    def __init__(self, db: Path, *, assignments: int = 200, latency_ms: int = 0) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        argv = [*CONSOLE, "sandbox", "--port", str(self.port), "--db", str(db), "--now", NOW,
                "--assignments", str(assignments), "--latency-ms", str(latency_ms)]
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 600  # seeding 100,000 takes a while on a slow machine
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the sandbox exited with {self.process.returncode}")
            try:
                httpx.get(f"{self.base_url}/_sandbox/health", timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.close()
        raise SystemExit("the sandbox did not start")

    def env(self, home: Path) -> dict[str, str]:
        """The console's environment: this sandbox, the admin token, no config file."""
        return {**_clean_env(home), "ASSIGN_TUI_BASE_URL": self.base_url,
                "ASSIGN_TUI_WORKSPACE": WORKSPACE, "ASSIGN_TUI_TOKEN": "demo-admin"}

    def control(self, method: str, path: str, body: object = None) -> httpx.Response:
        return httpx.request(method, f"{self.base_url}/_sandbox/{path}", json=body, timeout=10)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _clean_env(home: Path) -> dict[str, str]:
    keep = {"PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_STATE_HOME=str(home / ".local/state"),
               TERM="xterm-256color", COLORTERM="truecolor", LANG=env.get("LANG", "C.UTF-8"))
    return env


class PtyProcess:
    """A program on the slave side of a pseudo-terminal of a given size; we hold the master."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int]) -> None:
        columns, rows = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.master = master
        self.size = size
        self.output = bytearray()
        self.screen: ScreenText | None = None
        self.fed = 0  # bytes of `output` the screen has seen
        self.started = time.perf_counter()
        self.process = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave,
                                        env=env, start_new_session=True, close_fds=True)
        os.close(slave)

    def read_until(self, marker: bytes, timeout: float = 30.0, start: int = 0) -> float:
        """Seconds since the start when `marker` appeared in the plain text after byte `start`."""
        deadline = time.monotonic() + timeout
        while True:
            if marker in plain(bytes(self.output[start:])):
                return time.perf_counter() - self.started
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                tail = plain(bytes(self.output[-2000:])).decode("utf-8", "replace")
                raise TimeoutError(f"{marker!r} did not appear; the screen ended with {tail!r}")
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.5))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise TimeoutError(f"the program exited before {marker!r} appeared")
                self.output += chunk

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def read_screen_until(self, text: str, timeout: float = 30.0) -> None:
        """Read until `text` is on the screen, as a terminal would show it.

        `read_until` looks for the marker in the bytes; the console writes only the cells
        that change (tui/terminal_diff.py), so after a page turn "page 2 of" may arrive as
        the one digit that changed. This feeds the output to the tests' terminal model
        (tests/tui/terminal_model.py) and reads its cells."""
        if self.screen is None:
            self.screen = ScreenText(*self.size)
        self.screen.feed(bytes(self.output[self.fed:]))
        self.fed = len(self.output)
        deadline = time.monotonic() + timeout
        while text not in self.screen.text():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{text!r} did not appear; the screen shows:\n"
                                   f"{self.screen.text()}")
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.5))
            if ready:
                chunk = os.read(self.master, 65536)
                if not chunk:
                    raise TimeoutError(f"the program exited before {text!r} appeared")
                self.output += chunk
                self.screen.feed(chunk)
                self.fed = len(self.output)

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        os.close(self.master)


class ScreenText:
    """What a terminal of `columns` x `rows` shows for a stream of bytes (the tests' model)."""

    def __init__(self, columns: int, rows: int) -> None:
        sys.path.insert(0, str(ROOT))
        from tests.tui.terminal_model import TerminalModel

        self.model = TerminalModel(width=columns, height=rows)
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def feed(self, data: bytes) -> None:
        self.model.feed(self.decoder.decode(data))

    def text(self) -> str:
        return "\n".join("".join(char for char, _ in row) for row in self.model.cells)


def plain(data: bytes) -> bytes:
    """Terminal output without escape sequences (text of one style is written contiguously)."""
    return _ANSI.sub(b"", data)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def time_to_marker(argv: Sequence[str], env: dict[str, str], marker: bytes,
                   size: tuple[int, int] = (120, 40)) -> float:
    """Seconds from spawning `argv` in a pty until `marker` is on screen."""
    process = PtyProcess(argv, env, size)
    try:
        return process.read_until(marker)
    finally:
        process.close()


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def fmt(values: Sequence[float], unit: str = "ms", scale: float = 1000.0) -> str:
    median, low, high = summary(values)
    return f"{median * scale:7.1f} {unit} [{low * scale:.1f} .. {high * scale:.1f}]"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}, "
            f"Python {platform.python_version()}")


def temp_home() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="assign-tui-bench-")
