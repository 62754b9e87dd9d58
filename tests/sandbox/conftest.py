"""httpx clients on the sandbox, one per demo token (plain httpx, no typed client).

Clients are per session: creating an httpx.Client costs tens of milliseconds
(its TLS context), and the fresh sandbox keeps its port from test to test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

TOKENS = {"admin": "demo-admin", "reader": "demo-reader", "member": "demo-member"}


def client_for(server: Any, role: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {TOKENS[role]}"} if role else {}
    return httpx.Client(base_url=server.api_url, headers=headers, timeout=10, verify=False)


def _clients(server: Any) -> dict[str, httpx.Client]:
    clients = {role: client_for(server, role) for role in TOKENS}
    clients["control"] = httpx.Client(base_url=f"{server.base_url}/_sandbox", timeout=10,
                                      verify=False)
    return clients


@pytest.fixture(scope="session")
def _shared_clients(sandbox: Any) -> Iterator[dict[str, httpx.Client]]:
    clients = _clients(sandbox)
    yield clients
    for client in clients.values():
        client.close()


@pytest.fixture(scope="session")
def _fresh_clients(_fresh_server: Any) -> Iterator[dict[str, httpx.Client]]:
    clients = _clients(_fresh_server)
    yield clients
    for client in clients.values():
        client.close()


@pytest.fixture
def admin(_shared_clients: dict[str, httpx.Client]) -> httpx.Client:
    return _shared_clients["admin"]


@pytest.fixture
def reader(_shared_clients: dict[str, httpx.Client]) -> httpx.Client:
    return _shared_clients["reader"]


@pytest.fixture
def member(_shared_clients: dict[str, httpx.Client]) -> httpx.Client:
    return _shared_clients["member"]


@pytest.fixture
def fresh_admin(fresh_sandbox: Any, _fresh_clients: dict[str, httpx.Client]) -> httpx.Client:
    return _fresh_clients["admin"]


@pytest.fixture
def fresh_reader(fresh_sandbox: Any, _fresh_clients: dict[str, httpx.Client]) -> httpx.Client:
    return _fresh_clients["reader"]


@pytest.fixture
def fresh_member(fresh_sandbox: Any, _fresh_clients: dict[str, httpx.Client]) -> httpx.Client:
    return _fresh_clients["member"]


@pytest.fixture
def control(fresh_sandbox: Any, _fresh_clients: dict[str, httpx.Client]) -> httpx.Client:
    """The `/_sandbox` control API of the fresh sandbox."""
    return _fresh_clients["control"]
