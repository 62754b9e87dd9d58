"""The client as a profile configures it: one recipe for the console and the script commands.

Both talk to the API through the same `AssignmentsClient`, with the profile's
timeouts, TLS and size bound and the token read from its source. Only the hooks
differ: the console passes the early request's token (`FirstPage`) and its
connection callback; the script commands pass retries or a recording transport.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assign_tui.api.client import AssignmentsClient
    from assign_tui.api.first_page import FirstPage
    from assign_tui.config import Settings

__all__ = ["client_for"]


def client_for(
    settings: Settings, *, first_page: FirstPage | None = None, **options: Any
) -> AssignmentsClient:
    """The client for `settings`; `options` go to `AssignmentsClient` (hooks, retries).

    With `first_page`, the token that request read is used once, so that a token
    command runs once at start rather than once per request path.
    """
    from assign_tui.api.client import AssignmentsClient

    token = settings.token

    def read_token() -> str:
        early = first_page.take_token() if first_page is not None else None
        return early or token.reveal()

    return AssignmentsClient(
        settings.api_root,
        read_token,
        token_source=token.describe(),
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        verify=settings.ssl_context(),
        max_response_bytes=settings.max_response_bytes,
        **options,
    )
