"""The configuration file: named profiles in TOML, read strictly.

A typo in a key is an error that names the key, not a silently ignored setting.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from assign_tui.config.errors import ConfigError
from assign_tui.config.tokens import chmod_hint, readable_by_others
from assign_tui.config.views import ViewSpec, check_view_order

__all__ = ["ConfigFile", "Profile", "read_config_file"]

LogLevel = Literal["debug", "info", "warning"]
_UNION_TAGS = {"str", "list[str]"}


class Profile(BaseModel):
    """One `[profiles.NAME]` table. `base_url` and `workspace` may come from the environment."""

    model_config = ConfigDict(extra="forbid")

    base_url: str | None = None
    workspace: str | None = None
    token_env: str | None = None
    token_file: str | None = None
    token_command: str | list[str] | None = None
    token_command_timeout: float = Field(10.0, gt=0)
    connect_timeout: float = Field(5.0, gt=0)
    read_timeout: float = Field(15.0, gt=0)
    theme: str = "textual-dark"
    read_only: bool = False
    privacy: bool = False
    auto_refresh: float = Field(0, ge=0)
    page_size: int = Field(50, ge=1, le=100)
    max_response_mb: float = Field(20, gt=0)
    keys: dict[str, str] = Field(default_factory=dict)
    #: `[profiles.NAME.views.VIEW]`: views of the list (see config/views.py); before
    #: `view_order`, which is checked against them.
    views: dict[str, ViewSpec] = Field(default_factory=dict)
    view_order: list[str] = Field(default_factory=list)
    log_level: LogLevel | None = None
    allow_insecure_http: bool = False
    ca_bundle: str | None = None

    @field_validator("token_env", "token_file", "ca_bundle", "base_url", "workspace")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("view_order")
    @classmethod
    def _order_names_views(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return check_view_order(value, info.data.get("views") or {})

    @field_validator("token_command")
    @classmethod
    def _command_not_empty(cls, value: str | list[str] | None) -> str | list[str] | None:
        if value is not None and not (value.strip() if isinstance(value, str) else value):
            raise ValueError("must not be empty")
        return value


class ConfigFile(BaseModel):
    """The whole file: `default_profile`, `[profiles.*]` and a shared `[keys]` table."""

    model_config = ConfigDict(extra="forbid")

    default_profile: str | None = None
    profiles: dict[str, Profile] = Field(default_factory=dict)
    keys: dict[str, str] = Field(default_factory=dict)


def _validation_paragraph(path: Path, exc: ValidationError) -> str:
    problems: dict[str, str] = {}
    for error in exc.errors(include_input=False, include_url=False):
        loc = [str(part) for part in error["loc"]]
        message = error["msg"]
        if loc and loc[-1] in _UNION_TAGS:
            loc, message = loc[:-1], "must be a string or a list of strings"
        elif error["type"] == "extra_forbidden":
            message = "is not a setting assign-tui knows"
        problems.setdefault(".".join(loc) or "the file", message)
    listed = "; ".join(f"{where}: {message}" for where, message in problems.items())
    return (
        f"The configuration file {path} has invalid settings: {listed}. "
        "See docs/configuration.md for the settings a profile takes."
    )


def read_config_file(path: Path) -> ConfigFile:
    """Parse and validate the file; refuse it when other users can read it."""
    try:
        mode = readable_by_others(path)
        data = path.read_bytes()
    except IsADirectoryError:
        raise ConfigError(
            f"The configuration path {path} is a directory, not a TOML file."
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"The configuration file {path} could not be read: {exc.strerror}."
        ) from None
    if mode is not None:
        raise ConfigError(
            f"The configuration file {path} is refused because other users can read it "
            f"(mode {mode:04o}) and it may say where your token is. "
            f"Make it private with: {chmod_hint(path)}"
        )
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"The configuration file {path} is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The configuration file {path} is not valid TOML: {exc}. "
            "Fix that line, or move the file aside to start over."
        ) from None
    try:
        return ConfigFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_validation_paragraph(path, exc)) from None
