"""Profiles and settings: TOML under the platform config directory, the environment, flags.

Never imports textual. See docs/configuration.md for the file's format.
"""

from assign_tui.config.errors import ConfigError, TokenError
from assign_tui.config.loader import (
    BASE_URL_ENV,
    CONFIG_ENV,
    PROFILE_ENV,
    WORKSPACE_ENV,
    default_config_path,
    load_settings,
    profile_names,
)
from assign_tui.config.profiles import ConfigFile, Profile
from assign_tui.config.settings import Settings, is_loopback_host, make_ssl_context
from assign_tui.config.tokens import (
    TOKEN_ENV,
    CommandTokenSource,
    EnvTokenSource,
    FileTokenSource,
    StaticTokenSource,
    TokenSource,
    child_environ,
)

__all__ = [
    "BASE_URL_ENV",
    "CONFIG_ENV",
    "PROFILE_ENV",
    "TOKEN_ENV",
    "WORKSPACE_ENV",
    "CommandTokenSource",
    "ConfigError",
    "ConfigFile",
    "EnvTokenSource",
    "FileTokenSource",
    "Profile",
    "Settings",
    "StaticTokenSource",
    "TokenError",
    "TokenSource",
    "child_environ",
    "default_config_path",
    "is_loopback_host",
    "make_ssl_context",
    "load_settings",
    "profile_names",
]
