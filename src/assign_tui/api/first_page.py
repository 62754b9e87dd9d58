"""The list's first page, asked for before the console's heavy imports.

`assign-tui` spends its first half second importing Textual, httpx and
pydantic. `FirstPage` sends the list's first request from a thread, with the
standard library only, as soon as the profile is known, so the server's work,
the network (and TLS handshake) and the token command overlap with those
imports; the app takes the answer when its list mounts.

Only a 200 with a JSON body within the size bound is kept. Anything else (an
error status, a timeout, a refused connection, a body too big) is dropped
without a word, and the app asks again through its client, which retries and
reports errors the usual way. Behind a proxy (`HTTPS_PROXY` and friends) it
does not ask at all: the client would go through the proxy, this would not.
The body is held in memory only.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

if TYPE_CHECKING:
    from assign_tui.config import Settings

__all__ = ["FirstPage", "first_page_params"]


def _behind_proxy(scheme: str, host: str) -> bool:
    """Whether `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` apply to `host` (`NO_PROXY` aside)."""
    # `proxy_bypass` (typed, unlike `proxy_bypass_environment`) reads `NO_PROXY` from the
    # environment on every platform whenever environment proxies are set, as they are here.
    from urllib.request import getproxies_environment, proxy_bypass

    proxies = getproxies_environment()
    if not (proxies.get(scheme) or proxies.get("all")):
        return False
    return not proxy_bypass(host)


def first_page_params(page_size: int) -> dict[str, str | int]:
    """The list's first query: what `AssignmentQuery(page_size=...).params()` gives."""
    return {"page": 1, "pageSize": page_size, "sortBy": "createdAt", "sortOrder": "desc"}


class FirstPage:
    """The first page's request, running in a thread from construction."""

    def __init__(self, settings: Settings) -> None:
        self.params = first_page_params(settings.page_size)
        self._answer: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._token: str | None = None
        self._token_read = threading.Event()
        threading.Thread(target=self._run, args=(settings,), name="first-page", daemon=True).start()

    @property
    def answer(self) -> concurrent.futures.Future[Any]:
        """The decoded JSON body, or None when the request did not get a usable answer."""
        return self._answer

    def take_token(self) -> str | None:
        """The token read for this request, once (then None): the client need not read it
        again (a token command runs once at start). Waits until the read has finished."""
        self._token_read.wait()
        token, self._token = self._token, None
        return token

    def _run(self, settings: Settings) -> None:
        try:
            self._answer.set_result(self._fetch(settings))
        except Exception:  # noqa: BLE001 - any failure means "ask again through the client"
            self._answer.set_result(None)
        finally:
            self._token_read.set()

    def _fetch(self, settings: Settings) -> Any:
        try:
            token = settings.token.reveal()
        finally:
            self._token_read.set()
        self._token = token
        parts = urlsplit(settings.api_root)
        host = parts.hostname or ""
        if _behind_proxy(parts.scheme, host):
            return None  # the client goes through the proxy (httpx reads the same variables)
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                host, parts.port, timeout=settings.connect_timeout, context=settings.ssl_context()
            )
        else:
            connection = http.client.HTTPConnection(
                host, parts.port, timeout=settings.connect_timeout
            )
        try:
            connection.connect()
            if connection.sock is not None:
                connection.sock.settimeout(settings.read_timeout)
            connection.request(
                "GET",
                f"{parts.path}/assignments?{urlencode(self.params)}",
                headers={
                    "Accept": "application/json",
                    "User-Agent": "assign-tui",
                    "Authorization": f"Bearer {token}",
                },
            )
            del token
            response = connection.getresponse()
            kind = response.getheader("Content-Type", "")
            if response.status != 200 or not kind.startswith("application/json"):
                return None
            body = response.read(settings.max_response_bytes + 1)
            if len(body) > settings.max_response_bytes:
                return None
            return json.loads(body)
        finally:
            connection.close()
