"""`assign-tui doctor`: why the console does not work on this host, one check a line.

The checks use the console's own pieces (the profile loader, the token source,
the `AssignmentsClient` with one try), so what passes here works there. A check
that depends on a failed one is shown as not checked. The token's value is
never printed: only where it came from.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import ssl
import sys
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from assign_tui.api.configured import client_for
from assign_tui.api.errors import (
    ApiError,
    AuthError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
)
from assign_tui.api.models import AssignmentQuery
from assign_tui.config import ConfigError, Settings, is_loopback_host
from assign_tui.config.loader import BASE_URL_ENV, WORKSPACE_ENV, _config_location
from assign_tui.config.tokens import chmod_hint, readable_by_others
from assign_tui.script import exits
from assign_tui.script.commands import load_script_settings
from assign_tui.script.output import dumps
from assign_tui.script.terminal_checks import Check, terminal_checks

__all__ = ["run_doctor", "server_checks"]

MAX_SKEW_SECONDS = 30
EXPIRY_WARNING_DAYS = 14


def _now() -> datetime:
    return datetime.now(UTC)


def _skipped(name: str, because: str) -> Check:
    return Check(name, None, f"not checked: {because}")


def config_check(args: argparse.Namespace) -> Check:
    path, named_by = _config_location(args.config, os.environ)
    if not path.exists():
        if os.environ.get(BASE_URL_ENV) and os.environ.get(WORKSPACE_ENV):
            return Check("config file", None, f"none at {path}; the profile comes from "
                         f"{BASE_URL_ENV} and {WORKSPACE_ENV}")
        where = f" (named by {named_by})" if named_by else ""
        return Check("config file", False, f"none at {path}{where}",
                     "create it with a profile: see docs/configuration.md")
    try:
        mode = readable_by_others(path)
    except OSError as error:
        return Check("config file", False, f"{path}: {error.strerror}", "check its permissions")
    if mode is not None:
        return Check("config file", False, f"{path} is readable by others (mode {mode:04o})",
                     chmod_hint(path))
    return Check("config file", True, f"{path} (private)")


def tls_check(settings: Settings) -> Check:
    """The certificate chain as the client verifies it (system store or ca_bundle), and expiry."""
    parts = urlsplit(settings.base_url)
    host = parts.hostname or ""
    if parts.scheme == "http":
        if is_loopback_host(host):
            return Check("base URL and TLS", True,
                         f"{settings.base_url} (loopback: no TLS needed)")
        return Check("base URL and TLS", False, f"{settings.base_url}: the token travels "
                     "unencrypted (allow_insecure_http)", "use the server's https:// URL")
    port = parts.port or 443
    try:
        with socket.create_connection((host, port), timeout=settings.connect_timeout) as raw, \
                settings.ssl_context().wrap_socket(raw, server_hostname=host) as tls:
            der = tls.getpeercert(binary_form=True)
    except ssl.SSLCertVerificationError as error:
        return Check("base URL and TLS", False, f"{host}: certificate not trusted "
                     f"({error.verify_message})",
                     "set ca_bundle in the profile to your CA's PEM file")
    except (OSError, ssl.SSLError) as error:
        why = ("the host name does not resolve" if isinstance(error, socket.gaierror)
               else "no answer in time" if isinstance(error, TimeoutError)
               else error.strerror or type(error).__name__)
        return Check("base URL and TLS", False, f"{host}:{port}: no TLS connection ({why})",
                     "check base_url, the network and any proxy")
    left = _days_left(der)
    if left is None:
        return Check("base URL and TLS", True, f"{settings.base_url} (certificate verified)")
    if left < EXPIRY_WARNING_DAYS:
        return Check("base URL and TLS", False,
                     f"{host}: the certificate expires in {left} days",
                     "ask the server's operators to renew it")
    return Check("base URL and TLS", True,
                 f"{settings.base_url} (certificate verified, expires in {left} days)")


def _days_left(der: bytes | None) -> int | None:
    if not der:
        return None
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".pem") as pem:
        pem.write(ssl.DER_cert_to_PEM_cert(der))
        pem.flush()
        try:
            decoded = ssl._ssl._test_decode_cert(pem.name)  # type: ignore[attr-defined]
        except (AttributeError, ssl.SSLError, OSError):
            return None
    expires = ssl.cert_time_to_seconds(decoded["notAfter"])
    return int((expires - time.time()) // 86400)


def token_check(settings: Settings) -> Check:
    try:
        settings.token.read()
    except ConfigError as error:
        return Check("token", False, str(error), "fix the token source named above")
    return Check("token", True, f"read from {settings.token.describe()} (value not shown)")


class _DateRecorder(httpx.AsyncBaseTransport):
    """The client's transport, noting the last answer's Date header (for the clock check)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.date: str | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.date = response.headers.get("date")
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def server_checks(settings: Settings) -> list[Check]:
    """Reachable (latency), authorised, workspace exists, clock skew: from one list request."""
    recorder = _DateRecorder(httpx.AsyncHTTPTransport(verify=settings.verify))
    started = time.perf_counter()
    failure: ApiError | None = None
    async with client_for(settings, max_tries=1, transport=recorder) as client:
        try:
            await client.list_assignments(AssignmentQuery(page_size=1))
        except ApiError as error:
            failure = error
    ms = (time.perf_counter() - started) * 1000
    if isinstance(failure, NetworkError):
        return [Check("server reachable", False, failure.message,
                      "check base_url, the network, a VPN or proxy"),
                *(_skipped(n, "the server did not answer") for n in
                  ("authorised", "workspace", "clock"))]
    checks = [Check("server reachable", True, f"answered in {ms:.0f} ms")]
    if isinstance(failure, AuthError | PermissionDeniedError):
        checks.append(Check("authorised", False, failure.message,
                            "renew the token, or ask for the ASSIGNMENTS_READ scope"))
        checks.append(_skipped("workspace", "not authorised"))
    elif isinstance(failure, NotFoundError):
        checks.append(Check("authorised", True, "the token was accepted"))
        checks.append(Check("workspace", False, f"{settings.workspace}: {failure.message}",
                            "copy the workspace's UUID from the server's web console"))
    elif failure is not None:
        checks[0] = Check("server reachable", False, failure.message,
                          "the server is failing: retry later or tell its operators")
        checks += [_skipped(name, "no usable answer") for name in ("authorised", "workspace")]
    else:
        checks += [Check("authorised", True, "the token was accepted"),
                   Check("workspace", True, settings.workspace)]
    return [*checks, _clock_check(recorder.date)]


def _clock_check(date: str | None) -> Check:
    if not date:
        return _skipped("clock", "the server sends no Date header")
    try:
        server = parsedate_to_datetime(date)
    except (TypeError, ValueError):
        return _skipped("clock", "the server's Date header does not parse")
    skew = (_now() - server).total_seconds()
    if abs(skew) > MAX_SKEW_SECONDS:
        side = "ahead of" if skew > 0 else "behind"
        return Check("clock", False, f"this host is {abs(skew):.0f} s {side} the server",
                     "sync the clock (e.g. timedatectl set-ntp true): tokens and times need it")
    return Check("clock", True, f"within {MAX_SKEW_SECONDS} s of the server ({skew:+.0f} s)")


def all_checks(args: argparse.Namespace) -> list[Check]:
    checks = [config_check(args)]
    try:
        settings = load_script_settings(args)
    except ConfigError as error:
        checks.append(Check("profile", False, str(error), "fix the configuration as said"))
        later = ("base URL and TLS", "token", "server reachable", "authorised", "workspace",
                 "clock")
        checks += [_skipped(name, "no profile") for name in later]
    else:
        checks.append(Check("profile", True, f"{settings.profile}: {settings.api_root}"))
        token = token_check(settings)
        checks += [tls_check(settings), token]
        if token.ok:
            checks += asyncio.run(server_checks(settings))
        else:
            checks += [_skipped(name, "no token") for name in
                       ("server reachable", "authorised", "workspace", "clock")]
    return checks + terminal_checks()


def _marks() -> tuple[str, str, str]:
    try:
        "✓✗–".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return "ok", "FAIL", "-"
    return "✓", "✗", "–"


def run_doctor(args: argparse.Namespace) -> int:
    """Print every check; exit 0 only when none failed."""
    checks = all_checks(args)
    if args.format == "json":
        print(dumps([{"check": c.name, "ok": c.ok, "detail": c.detail, "fix": c.fix}
                     for c in checks], indent=2))
    else:
        from assign_tui.tui.format import safe

        good, bad, skipped = _marks()
        width = max(len(c.name) for c in checks)
        for c in checks:
            mark = good if c.ok else bad if c.ok is False else skipped
            fix = f" → fix: {c.fix}" if c.fix and c.ok is False else ""
            print(safe(f"{mark} {c.name.ljust(width)}  {c.detail}{fix}", single_line=True))
    return exits.DONE if all(c.ok is not False for c in checks) else exits.FAILED
