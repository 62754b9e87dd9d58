"""Fixtures for the client's tests against the sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from assign_tui.api import AssignmentsClient


@pytest.fixture
async def client(fresh_sandbox: Any) -> AsyncIterator[AssignmentsClient]:
    """A client on a sandbox of its own (faults may be injected), retrying without waiting."""
    async with AssignmentsClient(
        fresh_sandbox.api_url, lambda: "demo-admin", backoff_base=0.01, read_timeout=5
    ) as made:
        yield made
