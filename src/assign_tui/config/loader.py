"""Resolve one profile from the file, the environment and `--profile` into `Settings`.

Precedence, highest first: `--profile` / `--config` arguments, the
`ASSIGN_TUI_*` environment variables, the file. An `ASSIGN_TUI_TOKEN` in the
environment wins over the profile's own token source.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from assign_tui.config.errors import ConfigError
from assign_tui.config.profiles import ConfigFile, Profile, read_config_file
from assign_tui.config.settings import Settings, base_url_problem
from assign_tui.config.tokens import (
    TOKEN_ENV,
    CommandTokenSource,
    EnvTokenSource,
    FileTokenSource,
    TokenSource,
)

__all__ = [
    "BASE_URL_ENV",
    "CONFIG_ENV",
    "PROFILE_ENV",
    "WORKSPACE_ENV",
    "default_config_path",
    "load_settings",
    "profile_names",
]

BASE_URL_ENV = "ASSIGN_TUI_BASE_URL"
WORKSPACE_ENV = "ASSIGN_TUI_WORKSPACE"
PROFILE_ENV = "ASSIGN_TUI_PROFILE"
CONFIG_ENV = "ASSIGN_TUI_CONFIG"
_EXAMPLE = (
    '[profiles.work] with base_url = "https://assignments.example.com", '
    'workspace = "<workspace UUID>" and token_command = "gh auth token"'
)


def default_config_path() -> Path:
    """`config.toml` in the platform's config directory for assign-tui."""
    from platformdirs import user_config_path

    return user_config_path("assign-tui") / "config.toml"


def _env(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def _resolve_path(value: str, base: Path | None) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() or base is None else base / path


def _pick_profile(
    file: ConfigFile, requested: str | None, path: Path, exists: bool, requested_by: str = ""
) -> tuple[str, Profile]:
    known = ", ".join(sorted(file.profiles)) or "none"
    if requested is not None:
        if requested in file.profiles:
            return requested, file.profiles[requested]
        where = f"the configuration file {path}" if exists else f"{path}, which does not exist"
        fix = (f"Change or unset {requested_by}" if requested_by == PROFILE_ENV
               else "Pick one with --profile NAME")
        raise ConfigError(
            f"There is no profile named {requested!r} (from {requested_by or '--profile'}) in "
            f"{where}. Known profiles: {known}. {fix}."
        )
    if file.default_profile is not None:
        if file.default_profile in file.profiles:
            return file.default_profile, file.profiles[file.default_profile]
        raise ConfigError(
            f"default_profile = {file.default_profile!r} in {path} names a profile "
            f"the file does not define. Known profiles: {known}."
        )
    if len(file.profiles) == 1:
        return next(iter(file.profiles.items()))
    if file.profiles:
        raise ConfigError(
            f"The configuration file {path} has several profiles ({known}) and no "
            "default_profile; pick one with --profile NAME or ASSIGN_TUI_PROFILE, "
            "or set default_profile at the top of the file."
        )
    return "default", Profile()


def _token_source(
    profile: Profile, name: str, path: Path, environ: Mapping[str, str] | None
) -> TokenSource:
    env = os.environ if environ is None else environ
    if _env(env, TOKEN_ENV):
        return EnvTokenSource(TOKEN_ENV, environ=environ)
    given = [key for key in ("token_env", "token_file", "token_command") if getattr(profile, key)]
    if len(given) > 1:
        raise ConfigError(
            f"Profile {name!r} in {path} sets {' and '.join(given)}; keep exactly one token source."
        )
    if profile.token_env:
        return EnvTokenSource(profile.token_env, environ=environ)
    if profile.token_file:
        return FileTokenSource(_resolve_path(profile.token_file, path.parent))
    if profile.token_command:
        return CommandTokenSource(
            profile.token_command, timeout=profile.token_command_timeout, profile=name
        )
    raise ConfigError(
        f"Profile {name!r} has no token source. Add token_command (e.g. "
        '"gh auth token"), token_file or token_env to [profiles.'
        f"{name}] in {path}, or set {TOKEN_ENV}."
    )


def _config_location(
    config_path: Path | str | None, env: Mapping[str, str]
) -> tuple[Path, str | None]:
    """The file to read, and what named it (None for the default location)."""
    if config_path is not None:
        return Path(config_path).expanduser(), "--config"
    if _env(env, CONFIG_ENV):
        return Path(env[CONFIG_ENV].strip()).expanduser(), CONFIG_ENV
    return default_config_path(), None


def profile_names(
    *, config_path: Path | str | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    """The profiles the configuration file defines, sorted; [] when there is no file."""
    path, _ = _config_location(config_path, os.environ if environ is None else environ)
    return sorted(read_config_file(path).profiles) if path.exists() else []


def load_settings(
    *,
    profile: str | None = None,
    config_path: Path | str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Read the configuration and resolve one profile; `ConfigError` when that is impossible.

    Args:
        profile: the `--profile` argument; else `ASSIGN_TUI_PROFILE`, else the
            file's `default_profile`, else its only profile.
        config_path: the `--config` argument; else `ASSIGN_TUI_CONFIG`, else
            `default_config_path()`.
        environ: the environment to read (tests pass a dict); `os.environ` by default.
    """
    env = os.environ if environ is None else environ
    path, named_by = _config_location(config_path, env)
    exists = path.exists()
    if named_by is not None and not exists:
        raise ConfigError(f"The configuration file {path} (named by {named_by}) does not exist.")
    file = read_config_file(path) if exists else ConfigFile()

    requested_by = "--profile" if profile else PROFILE_ENV
    name, chosen = _pick_profile(
        file, profile or _env(env, PROFILE_ENV), path, exists, requested_by
    )
    base_url = _env(env, BASE_URL_ENV) or chosen.base_url
    workspace = _env(env, WORKSPACE_ENV) or chosen.workspace
    in_profile = f"profile {name!r} in {path}"
    base_url_from = f"set by {BASE_URL_ENV}" if _env(env, BASE_URL_ENV) else f"of {in_profile}"
    workspace_from = f"set by {WORKSPACE_ENV}" if _env(env, WORKSPACE_ENV) else f"of {in_profile}"
    if not exists and (base_url is None or workspace is None):
        raise ConfigError(
            f"No configuration found: there is no file at {path}, and {BASE_URL_ENV} and "
            f"{WORKSPACE_ENV} are not both set. Create that file with a profile, for example "
            f"{_EXAMPLE}; or set {BASE_URL_ENV}, {WORKSPACE_ENV} and {TOKEN_ENV}. "
            "To try the console without a server, run: assign-tui demo"
        )
    missing = [
        key for key, value in (("base_url", base_url), ("workspace", workspace)) if value is None
    ]
    if missing:
        raise ConfigError(
            f"Profile {name!r} in {path} has no {' and no '.join(missing)}. Add "
            f"{' and '.join(missing)} to [profiles.{name}] (or set {BASE_URL_ENV} / "
            f"{WORKSPACE_ENV}); for example {_EXAMPLE}."
        )
    assert base_url is not None and workspace is not None

    problem = base_url_problem(base_url.strip(), allow_insecure_http=chosen.allow_insecure_http)
    if problem:
        raise ConfigError(f"The base_url {base_url!r} {base_url_from} {problem}.")
    try:
        workspace = str(uuid.UUID(workspace))
    except ValueError:
        raise ConfigError(
            f"The workspace {workspace!r} {workspace_from} is not a UUID; copy the "
            "workspace's UUID from the server's web console."
        ) from None
    ca_bundle = _resolve_path(chosen.ca_bundle, path.parent) if chosen.ca_bundle else None
    if ca_bundle is not None and not ca_bundle.is_file():
        raise ConfigError(
            f"The ca_bundle {ca_bundle} of {in_profile} does not exist; give the "
            "path of a PEM file with your private CA's certificates."
        )

    try:
        return Settings(
            profile=name,
            base_url=base_url,
            workspace=workspace,
            token=_token_source(chosen, name, path, environ),
            connect_timeout=chosen.connect_timeout,
            read_timeout=chosen.read_timeout,
            theme=chosen.theme,
            read_only=chosen.read_only,
            privacy=chosen.privacy,
            auto_refresh=chosen.auto_refresh,
            page_size=chosen.page_size,
            max_response_bytes=int(chosen.max_response_mb * 1024 * 1024),
            keys={**file.keys, **chosen.keys},
            views=chosen.views,
            view_order=tuple(chosen.view_order),
            allow_insecure_http=chosen.allow_insecure_http,
            ca_bundle=ca_bundle,
            log_level=chosen.log_level,
            config_path=path if exists else None,
        )
    except ValidationError as exc:  # pragma: no cover - every field was checked above
        raise ConfigError(
            f"Profile {name!r} in {path} is invalid: {exc.errors()[0]['msg']}."
        ) from None
