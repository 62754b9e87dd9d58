"""`create_app`: the sandbox as a FastAPI application over one SQLite file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from assign_tui.sandbox import control, routes, routes_tasks
from assign_tui.sandbox.clock import Clock
from assign_tui.sandbox.constants import DEFAULT_WORKSPACE
from assign_tui.sandbox.db import connect, read_meta
from assign_tui.sandbox.faults import FaultConfig, FaultInjector, FaultMiddleware
from assign_tui.sandbox.guards import BodyGuard, ErrorGuard, install_error_handlers
from assign_tui.sandbox.repository import Repository
from assign_tui.sandbox.seed import seed_database
from assign_tui.sandbox.state import SandboxState


def open_database(db_path: Path, *, seed: int, assignments: int) -> Repository:
    """Open `db_path`, seeding it when empty or seeded with another seed or size.

    An existing database with the same seed and size is reused as is (edits
    made in a previous demo survive); a different seed or size starts over,
    because silently serving other data than asked for would mislead.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(db_path)
    meta = read_meta(conn)
    if meta and (meta.get("seed"), meta.get("assignments")) != (str(seed), str(assignments)):
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        conn = connect(db_path)
        meta = {}
    if not meta:
        seed_database(conn, seed=seed, assignments=assignments)
    return Repository(conn)


def build_state(*, db_path: Path, workspace: str = DEFAULT_WORKSPACE, seed: int = 7,
                assignments: int = 200, now: datetime | None = None,
                faults: FaultConfig | None = None) -> SandboxState:
    """Everything one sandbox holds, over `db_path` (seeded here when needed)."""
    return SandboxState(
        repo=open_database(Path(db_path), seed=seed, assignments=assignments),
        clock=Clock(now), faults=FaultInjector(faults), workspace=workspace.lower(), seed=seed)


def create_app(*, db_path: Path, workspace: str = DEFAULT_WORKSPACE, seed: int = 7,
               assignments: int = 200, now: datetime | None = None,
               faults: FaultConfig | None = None) -> FastAPI:
    """The sandbox app; `now` pins the clock (None: real time).

    The state lives in `app.state.sandbox` and every part reads it from there
    per request, so a server can swap in a fresh database (`SandboxServer.reset`).
    """
    app = FastAPI(title="assign-tui sandbox", docs_url="/_sandbox/docs",
                  redoc_url=None, openapi_url="/_sandbox/openapi.json")
    app.state.sandbox = build_state(db_path=db_path, workspace=workspace, seed=seed,
                                    assignments=assignments, now=now, faults=faults)
    app.include_router(routes.router)
    app.include_router(routes_tasks.router)
    app.include_router(control.router)
    api_routes = [route for router in (routes.router, routes_tasks.router)
                  for route in router.routes if isinstance(route, APIRoute)]
    templates = [(route.path_regex, route.path) for route in api_routes]
    install_error_handlers(app, [*api_routes, *control.router.routes])
    # Outermost last: errors, then faults (counted, scripted), then the body limits.
    app.add_middleware(BodyGuard, owner=app)
    app.add_middleware(FaultMiddleware, owner=app, templates=templates)
    app.add_middleware(ErrorGuard)
    return app
