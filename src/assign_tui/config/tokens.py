"""Where the bearer token comes from: an environment variable, a file or a command.

Every source is re-read on each `read()` so the console can pick up a renewed
token after a 401. `read()` may block (a command runs with a timeout), so the
console calls it from a worker, never from the UI thread. The token itself is a
`SecretStr`; it never reaches a repr, a log line or an exception message.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import SecretStr

from assign_tui.config.errors import ConfigError, TokenError

__all__ = [
    "TOKEN_ENV",
    "CommandTokenSource",
    "EnvTokenSource",
    "FileTokenSource",
    "StaticTokenSource",
    "TokenSource",
    "child_environ",
    "chmod_hint",
    "readable_by_others",
]

TOKEN_ENV = "ASSIGN_TUI_TOKEN"
_MAX_STDERR = 200


def readable_by_others(path: Path) -> int | None:
    """The file's mode when group or others may read it; None when only the owner may."""
    if os.name != "posix":
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode if mode & 0o044 else None


def chmod_hint(path: Path) -> str:
    """The exact command that makes `path` readable by its owner only."""
    return f"chmod 600 {shlex.quote(str(path))}"


def _display_path(path: Path) -> str:
    home = Path.home()
    try:
        return "~/" + path.relative_to(home).as_posix()
    except ValueError:
        return str(path)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


class TokenSource(ABC):
    """Reads the bearer token on demand and says where it comes from."""

    @abstractmethod
    def read(self) -> SecretStr:
        """Read the token again from its source; `TokenError` when that fails."""

    @abstractmethod
    def describe(self) -> str:
        """Where the token comes from, for messages: "the file ~/.config/assign-tui/token"."""

    def reveal(self) -> str:
        """`read()` unwrapped, for the HTTP client's token callable (its only caller)."""
        return self.read().get_secret_value()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.describe()}>"

    def __str__(self) -> str:
        return self.describe()


class EnvTokenSource(TokenSource):
    """The token is the value of an environment variable."""

    def __init__(self, name: str = TOKEN_ENV, *, environ: Mapping[str, str] | None = None) -> None:
        self.name = name
        self._environ = environ

    def read(self) -> SecretStr:
        environ = os.environ if self._environ is None else self._environ
        value = _first_line(environ.get(self.name, ""))
        if value is None:
            raise TokenError(
                f"The environment variable {self.name} is not set or is empty; "
                "set it to the API token, or configure token_file or token_command."
            )
        return SecretStr(value)

    def describe(self) -> str:
        return f"the environment variable {self.name}"


class FileTokenSource(TokenSource):
    """The token is the first line of a file that only its owner may read."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()

    def read(self) -> SecretStr:
        where = self.describe()
        try:
            mode = readable_by_others(self.path)
            if mode is not None:
                raise TokenError(
                    f"The token in {where} is refused because other users can read the file "
                    f"(mode {mode:04o}). Make it private with: {chmod_hint(self.path)}"
                )
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise TokenError(
                f"There is no token file at {self.path}; create it with the "
                f"API token on its first line, then run {chmod_hint(self.path)}."
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            raise TokenError(f"The token could not be read from {where}: {reason}.") from None
        value = _first_line(text)
        if value is None:
            raise TokenError(
                f"The token file {self.path} is empty; put the API token on its first line."
            )
        return SecretStr(value)

    def describe(self) -> str:
        return f"the file {_display_path(self.path)}"


class CommandTokenSource(TokenSource):
    """The token is the first line a command prints, as `gh auth token` does.

    The command never goes through a shell: a string is split with `shlex.split`,
    a list is taken as the argument vector. It runs with stdin closed and a
    timeout. It is the one child process that inherits the full environment.
    """

    def __init__(
        self,
        command: str | Sequence[str],
        *,
        timeout: float = 10.0,
        profile: str | None = None,
        cwd: Path | None = None,
    ) -> None:
        try:
            argv = shlex.split(command) if isinstance(command, str) else [str(a) for a in command]
        except ValueError as exc:
            raise ConfigError(
                f"The token command {command!r} cannot be split into words: {exc}."
            ) from None
        if not argv:
            raise ConfigError("The token command is empty; give the command that prints the token.")
        self.argv = argv
        self.timeout = timeout
        self.profile = profile
        self.cwd = cwd
        self._display = command if isinstance(command, str) else shlex.join(argv)

    def read(self) -> SecretStr:
        where = self.describe()
        try:
            done = subprocess.run(
                self.argv,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=self.timeout,
                cwd=self.cwd,
                check=False,
            )
        except FileNotFoundError:
            raise TokenError(
                f"The token could not be read from {where}: "
                f"there is no program called {self.argv[0]!r}."
            ) from None
        except subprocess.TimeoutExpired:
            raise TokenError(
                f"The token could not be read from {where}: it did not finish "
                f"within {self.timeout:g} s (raise token_command_timeout)."
            ) from None
        except OSError as exc:
            raise TokenError(f"The token could not be read from {where}: {exc.strerror}.") from None
        if done.returncode != 0:
            said = _first_line(
                "\n".join(reversed(done.stderr.decode("utf-8", "replace").splitlines()))
            )
            tail = f" It said: {said[:_MAX_STDERR]}" if said else ""
            raise TokenError(
                f"The token could not be read from {where}: "
                f"it exited with status {done.returncode}.{tail}"
            )
        value = _first_line(done.stdout.decode("utf-8", "replace"))
        if value is None:
            raise TokenError(f"The token could not be read from {where}: it printed nothing.")
        return SecretStr(value)

    def describe(self) -> str:
        suffix = f" (profile {self.profile})" if self.profile else ""
        return f"the command `{self._display}`{suffix}"


class StaticTokenSource(TokenSource):
    """A token held in memory, such as the sandbox's demo token."""

    def __init__(self, token: SecretStr, description: str) -> None:
        self._token = token
        self._description = description

    def read(self) -> SecretStr:
        return self._token

    def describe(self) -> str:
        return self._description


def child_environ(
    source: TokenSource | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment for any child process other than the token command.

    Drops `ASSIGN_TUI_TOKEN` and, for an `EnvTokenSource`, its variable, so an
    editor or pager started by the console never sees the token.
    """
    env = dict(os.environ if environ is None else environ)
    env.pop(TOKEN_ENV, None)
    if isinstance(source, EnvTokenSource):
        env.pop(source.name, None)
    return env
