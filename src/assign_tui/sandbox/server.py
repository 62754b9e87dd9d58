"""Running the sandbox: in a background thread (`SandboxServer`) or blocking (`serve`).

Quiet by design: no access log, and uvicorn's own logger gets a NullHandler,
because in `assign-tui demo` the console's TUI owns the terminal.
"""

from __future__ import annotations

import logging
import socket
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI

from assign_tui.sandbox.app import build_state, create_app
from assign_tui.sandbox.constants import API_PREFIX_TEMPLATE, DEFAULT_WORKSPACE
from assign_tui.sandbox.faults import FaultConfig
from assign_tui.sandbox.state import SandboxState

__all__ = ["SandboxServer", "serve"]


def _quiet_uvicorn() -> None:
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


#: Idle connections live longer than the client keeps them (30 s), as real
#: servers and load balancers do (60-75 s): a pooled connection the server
#: already closed would fail a write that must not be retried.
KEEP_ALIVE_SECONDS = 75


def _config(app: FastAPI, host: str, port: int, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_config=None, log_level=log_level,
                          access_log=False, lifespan="off", timeout_graceful_shutdown=2,
                          ws="none", timeout_keep_alive=KEEP_ALIVE_SECONDS)


class SandboxServer:
    """A sandbox on 127.0.0.1 in a background thread; restartable on the same port.

    `stop()` then `start()` brings the same app (same database, faults, clock)
    back on the same port, for "the server goes away and comes back" tests.
    Leaving the context manager (or `close()`) also closes the database.
    """

    def __init__(self, db_path: Path | None = None, *, workspace: str = DEFAULT_WORKSPACE,
                 seed: int = 7, assignments: int = 200, now: datetime | None = None,
                 faults: FaultConfig | None = None, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if db_path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="assign-tui-sandbox-")
            db_path = Path(self._tmp.name) / "sandbox.sqlite3"
        self.db_path = Path(db_path)
        self.host = host
        self.port = port
        self.workspace = workspace.lower()
        self._options: dict[str, Any] = {"workspace": workspace, "seed": seed,
                                         "assignments": assignments, "now": now}
        self.app = create_app(db_path=self.db_path, faults=faults, **self._options)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> SandboxState:
        state: SandboxState = self.app.state.sandbox
        return state

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """`base_url` plus the API prefix for this workspace."""
        return self.base_url + API_PREFIX_TEMPLATE.format(workspace_uuid=self.workspace)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> SandboxServer:
        if self.running:
            return self
        _quiet_uvicorn()
        # proto=IPPROTO_TCP, or asyncio leaves Nagle on and every answer waits ~40 ms.
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))  # uvicorn closes it on shutdown
        self.port = sock.getsockname()[1]
        server = uvicorn.Server(_config(self.app, self.host, self.port, "warning"))
        self.state.faults.server_state = server.server_state
        self._server = server
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                        name=f"sandbox:{self.port}", daemon=True)
        self._thread.start()
        while not server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the sandbox server failed to start")
            self._thread.join(0.005)
        return self

    def reset(self, db_path: Path, faults: FaultConfig | None = None) -> SandboxServer:
        """Serve another database (seeded if needed) with faults off and a fresh clock.

        Much cheaper than a new server: the tests' `fresh_sandbox` uses it.
        """
        old = self.state
        new = build_state(db_path=Path(db_path), faults=faults, **self._options)
        new.faults.server_state = old.faults.server_state
        self.app.state.sandbox = new
        old.close()
        self.db_path = Path(db_path)
        return self

    def stop(self) -> None:
        """Stop answering (connections refused) but keep the app and database."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)
        self._server = None
        self._thread = None

    def close(self) -> None:
        self.stop()
        self.state.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class _AnnouncingServer(uvicorn.Server):
    """Calls `on_started(base_url)` once listening: only then is the URL true and, with
    port 0, known. (uvicorn's own "running on" line is an info log, below our level.)"""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[str], None] | None) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self._on_started is not None:
            port = self.servers[0].sockets[0].getsockname()[1]
            host = self.config.host
            self._on_started(f"http://{f'[{host}]' if ':' in host else host}:{port}")


def serve(host: str = "127.0.0.1", port: int = 8765, db_path: Path | None = None,
          seed: int = 7, assignments: int = 200, workspace: str = DEFAULT_WORKSPACE,
          now: datetime | None = None, faults: FaultConfig | None = None,
          on_started: Callable[[str], None] | None = None, **uvicorn_options: Any) -> None:
    """Serve until interrupted (`assign-tui sandbox`); `db_path` None uses a temp file.

    `on_started(base_url)` is called once the server listens (the command prints it).
    """
    with tempfile.TemporaryDirectory(prefix="assign-tui-sandbox-") as tmp:
        app = create_app(db_path=db_path or Path(tmp) / "sandbox.sqlite3", workspace=workspace,
                         seed=seed, assignments=assignments, now=now, faults=faults)
        config = uvicorn.Config(app, host=host, port=port, access_log=False,
                                log_level="warning", lifespan="off", ws="none",
                                timeout_keep_alive=KEEP_ALIVE_SECONDS,
                                **uvicorn_options)
        server = _AnnouncingServer(config, on_started)
        app.state.sandbox.faults.server_state = server.server_state
        try:
            server.run()
        finally:
            app.state.sandbox.close()
