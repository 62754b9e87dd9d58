"""httpx clients on the sandbox, one per demo token (plain httpx, no typed client)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

TOKENS = {"admin": "demo-admin", "reader": "demo-reader", "member": "demo-member"}


def client_for(server: Any, role: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {TOKENS[role]}"} if role else {}
    return httpx.Client(base_url=server.api_url, headers=headers, timeout=10)


@pytest.fixture
def admin(sandbox: Any) -> Iterator[httpx.Client]:
    with client_for(sandbox, "admin") as client:
        yield client


@pytest.fixture
def reader(sandbox: Any) -> Iterator[httpx.Client]:
    with client_for(sandbox, "reader") as client:
        yield client


@pytest.fixture
def member(sandbox: Any) -> Iterator[httpx.Client]:
    with client_for(sandbox, "member") as client:
        yield client


@pytest.fixture
def fresh_admin(fresh_sandbox: Any) -> Iterator[httpx.Client]:
    with client_for(fresh_sandbox, "admin") as client:
        yield client


@pytest.fixture
def fresh_member(fresh_sandbox: Any) -> Iterator[httpx.Client]:
    with client_for(fresh_sandbox, "member") as client:
        yield client


@pytest.fixture
def control(fresh_sandbox: Any) -> Iterator[httpx.Client]:
    """The `/_sandbox` control API of the fresh sandbox."""
    with httpx.Client(base_url=f"{fresh_sandbox.base_url}/_sandbox", timeout=10) as client:
        yield client
