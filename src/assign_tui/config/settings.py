"""What the console gets: one resolved profile (`Settings`) and its transport checks."""

from __future__ import annotations

import functools
import ipaddress
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assign_tui.config.tokens import TokenSource
from assign_tui.config.views import ViewSpec

__all__ = ["Settings", "base_url_problem", "is_loopback_host", "make_ssl_context"]


def is_loopback_host(host: str) -> bool:
    """`localhost`, `127.0.0.0/8` and `::1` (brackets allowed)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url_problem(url: str, *, allow_insecure_http: bool) -> str | None:
    """Why `url` cannot be the API's base URL, or None when it can."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if "://" not in url:
        suggestion = f"https://{url.lstrip('/')}" if url.strip("/") else "https://HOST"
        return f"has no scheme; write it in full, e.g. {suggestion}"
    if parts.scheme not in ("http", "https"):
        return (f"uses {parts.scheme or 'an empty scheme'}://; the API is reached over https:// "
                "(http:// only for a loopback host)")
    if not host:
        return "names no host; write it as https://HOST"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    if parts.username or parts.password:
        return "must not hold a user name or password (use a token source)"
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback_host(host):
        return (
            f"uses plain http:// for {host}, which is not a loopback host; use https://, "
            "or set allow_insecure_http = true in the profile if you accept that the "
            "token travels unencrypted"
        )
    return None


def make_ssl_context(ca_bundle: Path | None = None) -> ssl.SSLContext:
    """TLS with verification on: the private CA bundle if given, else the system store."""
    if ca_bundle is not None:
        return ssl.create_default_context(cafile=str(ca_bundle))
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class Settings(BaseModel):
    """One resolved profile: everything the console needs to talk to one workspace."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    profile: str
    base_url: str
    workspace: str
    token: TokenSource
    connect_timeout: float = Field(5.0, gt=0)
    read_timeout: float = Field(15.0, gt=0)
    theme: str = "textual-dark"
    read_only: bool = False
    privacy: bool = False
    auto_refresh: float = Field(0.0, ge=0)
    """Seconds between list refreshes; 0 turns auto-refresh off."""
    page_size: int = Field(50, ge=1, le=100)
    max_response_bytes: int = Field(20 * 1024 * 1024, gt=0)
    keys: dict[str, str] = Field(default_factory=dict)
    """Binding id -> key, e.g. {"list.next_page": "]"}; the UI applies them."""
    views: dict[str, ViewSpec] = Field(default_factory=dict)
    """The profile's `[views.*]` tables, over the defaults (`config.views.resolve_views`)."""
    view_order: tuple[str, ...] = ()
    is_demo: bool = False
    allow_insecure_http: bool = False
    ca_bundle: Path | None = None
    log_level: str | None = None
    config_path: Path | None = None
    """The file the profile came from (None for the demo or environment-only setups)."""

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.strip().rstrip("/")

    @model_validator(mode="after")
    def _check_transport(self) -> Settings:
        problem = base_url_problem(self.base_url, allow_insecure_http=self.allow_insecure_http)
        if problem:
            raise ValueError(f"base_url {self.base_url} {problem}")
        return self

    @property
    def api_root(self) -> str:
        return f"{self.base_url}/api/v2/w/{self.workspace}"

    def ssl_context(self) -> ssl.SSLContext:
        """A TLS context of its own, for a request made off the event loop's thread (the
        first page, api/first_page.py). truststore's context holds a lock through each
        handshake: shared, a slow handshake in that thread would stall the event loop's."""
        return make_ssl_context(self.ca_bundle)

    @property
    def verify(self) -> ssl.SSLContext:
        """The `verify=` value for the httpx clients: one context per CA bundle for the
        process, made on first use (reading the trust store costs milliseconds)."""
        return _shared_ssl_context(self.ca_bundle)


@functools.lru_cache(maxsize=4)
def _shared_ssl_context(ca_bundle: Path | None) -> ssl.SSLContext:
    # Keyed by the bundle, not kept on the (frozen, copied) Settings: a copy made with
    # another ca_bundle (`model_copy(update=...)`) never gets the first one's context.
    return make_ssl_context(ca_bundle)
