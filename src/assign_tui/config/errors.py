"""Configuration errors: each one a paragraph the operator can act on."""

from __future__ import annotations

__all__ = ["ConfigError", "TokenError"]


class ConfigError(Exception):
    """A missing or broken configuration.

    `str()` is one paragraph saying what is wrong, where, and how to fix it;
    the command prints it and exits 2. It never holds a token.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message.strip())


class TokenError(ConfigError):
    """The token could not be read from its source (raised by `TokenSource.read`)."""
