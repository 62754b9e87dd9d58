"""Shared fixtures: the sandbox server the API and UI tests run against.

- `sandbox` (session, one per xdist worker): seed 7, 200 assignments, clock
  pinned to 2026-11-29T07:00:00Z. Read-only: do not write or inject faults.
- `fresh_sandbox` (function): the same data in a database of its own (a copy
  of a per-session seeded file, swapped into a per-worker server), for tests
  that write, inject faults, move the clock, or stop and restart the server.
- `admin_headers` / `reader_headers` / `member_headers`: the demo tokens.
- `api_prefix`: "/api/v2/w/<workspace>", to join onto `sandbox.base_url`.

The `slow` tier (left out by the fast run, `pytest -m "not slow"`): the end-to-end
tests (every `e2e` test), the files in `SLOW_FILES`, and single tests marked
`@pytest.mark.slow`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

TEST_NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
TEST_SEED = 7
TEST_ASSIGNMENTS = 200

#: Console test files whose tests each drive the app through screens, faults, forms or
#: keys (about a second or more apiece on 2 cores, minutes in all): the slow tier.
SLOW_FILES = frozenset({
    "tests/tui/test_detail_queue.py",
    "tests/tui/test_dismiss_once.py",
    "tests/tui/test_faults_matrix.py",
    "tests/tui/test_first_page_app.py",
    "tests/tui/test_forms.py",
    "tests/tui/test_forms_friction.py",
    "tests/tui/test_forms_refusals.py",
    "tests/tui/test_forms_snapshots.py",
    "tests/tui/test_hostile_extremes.py",
    "tests/tui/test_hostile_screens.py",
    "tests/tui/test_key_footer.py",
    "tests/tui/test_list.py",
    "tests/tui/test_list_bulk.py",
    "tests/tui/test_list_bulk_snapshots.py",
    "tests/tui/test_list_snapshots.py",
    "tests/tui/test_list_sort.py",
    "tests/tui/test_list_truth.py",
    "tests/tui/test_list_views.py",
    "tests/tui/test_memory.py",
    "tests/tui/test_messages_width.py",
    "tests/tui/test_no_color.py",
    "tests/tui/test_playground.py",
    "tests/tui/test_privacy.py",
    "tests/tui/test_random_keys.py",
    "tests/tui/test_screen_writer.py",
    "tests/tui/test_task_switch.py",
    "tests/tui/test_task_switch_snapshots.py",
    "tests/tui/test_task_switch_stale.py",
    "tests/tui/test_terminal_output.py",
    "tests/tui/test_write_outcome.py",
    "tests/tui/test_write_rules.py",
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tier: the files in SLOW_FILES and every end-to-end test."""
    missing = sorted(name for name in SLOW_FILES if not (config.rootpath / name).is_file())
    if missing:  # a renamed file would leave the slow tier silently
        raise pytest.UsageError(f"SLOW_FILES names files that do not exist: {missing}")
    for item in items:
        where = item.path.relative_to(config.rootpath).as_posix()
        if where in SLOW_FILES or item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.slow)


def _server(db_path: Path) -> Any:
    pytest.importorskip("fastapi")
    from assign_tui.sandbox import SandboxServer

    return SandboxServer(db_path, seed=TEST_SEED, assignments=TEST_ASSIGNMENTS, now=TEST_NOW)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded database file to copy (copying is cheaper than seeding again)."""
    pytest.importorskip("fastapi")
    from assign_tui.sandbox.app import open_database

    path = tmp_path_factory.mktemp("sandbox-template") / "sandbox.sqlite3"
    repo = open_database(path, seed=TEST_SEED, assignments=TEST_ASSIGNMENTS)
    repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    repo.conn.close()  # closing folds the WAL into the file, so one file is the whole db
    return path


@pytest.fixture(scope="session")
def sandbox(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The shared, read-only sandbox (a running `SandboxServer`)."""
    path = tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3"
    shutil.copyfile(seeded_db, path)
    with _server(path) as server:
        yield server


@pytest.fixture(scope="session")
def _fresh_server(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("fresh-sandbox") / "sandbox.sqlite3"
    shutil.copyfile(seeded_db, path)
    with _server(path) as server:
        yield server


@pytest.fixture
def fresh_sandbox(_fresh_server: Any, seeded_db: Path, tmp_path: Path) -> Any:
    """A sandbox with data of this test's own: write to it, inject faults, stop and restart it.

    One server per worker serves a fresh copy of the seeded database for each
    test (`SandboxServer.reset`), with faults off and the clock back at TEST_NOW:
    as good as a new server, without the cost of starting one.
    """
    path = tmp_path / "sandbox.sqlite3"
    shutil.copyfile(seeded_db, path)
    return _fresh_server.reset(path).start()


@pytest.fixture
def api_prefix() -> str:
    from assign_tui.sandbox.constants import DEFAULT_WORKSPACE

    return f"/api/v2/w/{DEFAULT_WORKSPACE}"


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return {"Authorization": "Bearer demo-admin"}


@pytest.fixture
def reader_headers() -> dict[str, str]:
    return {"Authorization": "Bearer demo-reader"}


@pytest.fixture
def member_headers() -> dict[str, str]:
    return {"Authorization": "Bearer demo-member"}
