"""Profiles, environment overrides, token sources and the transport checks."""

from __future__ import annotations

import os
import shlex
import ssl
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from assign_tui.config import (
    CommandTokenSource,
    ConfigError,
    EnvTokenSource,
    FileTokenSource,
    Settings,
    StaticTokenSource,
    TokenError,
    child_environ,
    default_config_path,
    load_settings,
    profile_names,
)

WORKSPACE = "6f1c2a9e-0b7d-4c1e-9a51-3f0d2b8c7e11"
SECRET = "s3cr3t-t0ken-value-4242"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never read the real user's configuration or environment."""
    for name in list(os.environ):
        if name.startswith("ASSIGN_TUI_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


def write_config(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def profile(
    name: str = "work", extra: str = "", base_url: str = "https://assign.example.com"
) -> str:
    return (
        f'[profiles.{name}]\nbase_url = "{base_url}"\nworkspace = "{WORKSPACE}"\n'
        f'token_env = "MY_TOKEN"\n{extra}\n'
    )


def load(path: Path, environ: dict[str, str] | None = None, **kwargs: object) -> Settings:
    return load_settings(config_path=path, environ=environ or {}, **kwargs)  # type: ignore[arg-type]


def script(tmp_path: Path, body: str) -> list[str]:
    """A token command as an argument vector: this Python running `body`."""
    file = tmp_path / "token_cmd.py"
    file.write_text(body, encoding="utf-8")
    return [sys.executable, str(file)]


# -- profiles and the file --------------------------------------------------


def test_default_config_path_is_under_the_platform_config_dir(tmp_path: Path) -> None:
    assert default_config_path() == tmp_path / "xdg-config" / "assign-tui" / "config.toml"


def test_single_profile_is_used_with_defaults(tmp_path: Path) -> None:
    settings = load(write_config(tmp_path / "c.toml", profile()))
    assert settings.profile == "work"
    assert settings.base_url == "https://assign.example.com"
    assert settings.api_root == f"https://assign.example.com/api/v2/w/{WORKSPACE}"
    assert (settings.connect_timeout, settings.read_timeout) == (5.0, 15.0)
    assert settings.theme == "textual-dark"
    assert settings.read_only is False and settings.privacy is False and settings.is_demo is False
    assert settings.auto_refresh == 0 and settings.page_size == 50
    assert settings.max_response_bytes == 20 * 1024 * 1024
    assert settings.log_level is None and settings.keys == {}
    assert settings.config_path == tmp_path / "c.toml"


def test_default_profile_selection_and_profile_argument(tmp_path: Path) -> None:
    text = (
        'default_profile = "b"\n'
        + profile("a", "read_timeout = 20")
        + profile("b", "page_size = 10")
    )
    path = write_config(tmp_path / "c.toml", text)
    assert load(path).profile == "b"
    assert load(path).page_size == 10
    chosen = load(path, profile="a")
    assert (chosen.profile, chosen.read_timeout) == ("a", 20.0)
    assert load(path, {"ASSIGN_TUI_PROFILE": "a"}).profile == "a"
    assert load(path, {"ASSIGN_TUI_PROFILE": "a"}, profile="b").profile == "b"
    assert profile_names(config_path=path, environ={}) == ["a", "b"]


def test_all_settings_and_keys_are_parsed(tmp_path: Path) -> None:
    extra = (
        'theme = "textual-light"\nread_only = true\nprivacy = true\nauto_refresh = 30\n'
        'max_response_mb = 1.5\nlog_level = "debug"\nconnect_timeout = 2\n'
        '[profiles.work.keys]\n"list.next_page" = "]"\n'
    )
    text = '[keys]\n"list.next_page" = "n"\n"app.help" = "f1"\n' + profile(extra=extra)
    settings = load(write_config(tmp_path / "c.toml", text))
    assert settings.theme == "textual-light"
    assert settings.read_only and settings.privacy
    assert settings.auto_refresh == 30 and settings.connect_timeout == 2
    assert settings.max_response_bytes == int(1.5 * 1024 * 1024)
    assert settings.log_level == "debug"
    assert settings.keys == {"list.next_page": "]", "app.help": "f1"}


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    other = "0b2e8d5c-1111-4222-8333-944455556666"
    env = {"ASSIGN_TUI_BASE_URL": "https://other.example.com/", "ASSIGN_TUI_WORKSPACE": other}
    settings = load(write_config(tmp_path / "c.toml", profile()), env)
    assert settings.base_url == "https://other.example.com"
    assert settings.workspace == other


def test_environment_alone_is_enough(tmp_path: Path) -> None:
    env = {
        "ASSIGN_TUI_BASE_URL": "https://assign.example.com",
        "ASSIGN_TUI_WORKSPACE": WORKSPACE,
        "ASSIGN_TUI_TOKEN": SECRET,
    }
    settings = load_settings(environ=env)
    assert settings.profile == "default" and settings.config_path is None
    assert settings.token.read().get_secret_value() == SECRET


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = write_config(tmp_path / "elsewhere.toml", profile("env-named"))
    assert load_settings(environ={"ASSIGN_TUI_CONFIG": str(path)}).profile == "env-named"


def test_missing_configuration_says_where_the_file_goes() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={})
    message = str(caught.value)
    assert str(default_config_path()) in message
    assert "ASSIGN_TUI_BASE_URL" in message and "assign-tui demo" in message
    assert "\n" not in message


def test_named_config_file_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml \(named by --config\) does not exist"):
        load_settings(config_path=tmp_path / "nope.toml", environ={})


def test_profile_without_base_url_names_what_is_missing(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", '[profiles.work]\ntoken_env = "X"\n')
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert "no base_url and no workspace" in str(caught.value)
    assert str(path) in str(caught.value)


def test_broken_toml_gives_line_and_column(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", '[profiles.work]\nbase_url = "https://x\n')
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert "not valid TOML" in str(caught.value)
    assert "line 2, column" in str(caught.value)
    assert str(path) in str(caught.value)


def test_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile("work") + profile("home"))
    with pytest.raises(ConfigError, match="no profile named 'play'.*Known profiles: home, work"):
        load(path, profile="play")


def test_several_profiles_without_a_default(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile("work") + profile("home"))
    with pytest.raises(ConfigError, match=r"several profiles \(home, work\)"):
        load(path)


def test_default_profile_naming_nothing(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", 'default_profile = "gone"\n' + profile())
    with pytest.raises(ConfigError, match="default_profile = 'gone'.*Known profiles: work"):
        load(path)


def test_unknown_and_invalid_settings_are_named(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile(extra="raed_timeout = 3\npage_size = 500"))
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert "profiles.work.raed_timeout: is not a setting" in str(caught.value)
    assert "profiles.work.page_size" in str(caught.value)


def test_workspace_must_be_a_uuid(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile().replace(WORKSPACE, "acme"))
    with pytest.raises(ConfigError, match=r"'acme' of profile 'work' in .*c\.toml is not a UUID"):
        load(path)


@posix_only
def test_config_readable_by_others_is_refused_with_chmod_hint(tmp_path: Path) -> None:
    path = write_config(tmp_path / "my dir" / "c.toml", profile(), mode=0o644)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert "mode 0644" in str(caught.value)
    assert str(caught.value).endswith(f"chmod 600 {shlex.quote(str(path))}")
    path.chmod(0o600)
    assert load(path).profile == "work"


def test_two_token_sources_are_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile(extra='token_file = "t"'))
    with pytest.raises(ConfigError, match="token_env and token_file"):
        load(path)


def test_no_token_source_is_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile().replace('token_env = "MY_TOKEN"\n', ""))
    with pytest.raises(ConfigError, match="has no token source"):
        load(path)


# -- transport ---------------------------------------------------------------


def test_plain_http_is_refused_for_remote_hosts(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile(base_url="http://assign.example.com"))
    with pytest.raises(ConfigError, match="plain http:// for assign.example.com"):
        load(path)


def test_plain_http_allowed_when_the_profile_opts_in(tmp_path: Path) -> None:
    text = profile(base_url="http://assign.example.com", extra="allow_insecure_http = true")
    assert load(write_config(tmp_path / "c.toml", text)).base_url == "http://assign.example.com"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://localhost:8765", "http://[::1]:9000", "http://127.0.0.2"],
)
def test_plain_http_allowed_for_loopback(tmp_path: Path, url: str) -> None:
    assert load(write_config(tmp_path / "c.toml", profile(base_url=url))).base_url == url


@pytest.mark.parametrize("url", ["ftp://x.example.com", "https://", "https://x.example.com/?a=1"])
def test_malformed_base_url_is_refused(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError, match="base_url"):
        load(write_config(tmp_path / "c.toml", profile(base_url=url)))


def test_settings_itself_refuses_remote_http() -> None:
    token = StaticTokenSource(SecretStr(SECRET), "a test token")
    with pytest.raises(ValidationError):
        Settings(profile="p", base_url="http://example.com", workspace=WORKSPACE, token=token)


def test_ca_bundle_must_exist(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile(extra='ca_bundle = "missing-ca.pem"'))
    with pytest.raises(
        ConfigError, match=r"ca_bundle .*missing-ca\.pem of profile 'work' in .*c\.toml does not exist"
    ):
        load(path)


def test_ca_bundle_relative_to_the_config_file(tmp_path: Path) -> None:
    import certifi

    (tmp_path / "ca.pem").write_bytes(Path(certifi.where()).read_bytes())
    settings = load(write_config(tmp_path / "c.toml", profile(extra='ca_bundle = "ca.pem"')))
    assert settings.ca_bundle == tmp_path / "ca.pem"
    context = settings.ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_system_trust_store_by_default(tmp_path: Path) -> None:
    import truststore

    settings = load(write_config(tmp_path / "c.toml", profile()))
    assert isinstance(settings.verify, truststore.SSLContext)


def test_the_clients_tls_context_is_made_once_per_ca_bundle(tmp_path: Path) -> None:
    """Reading the trust store costs milliseconds: `verify` is not a new context per access."""
    import certifi

    settings = load(write_config(tmp_path / "c.toml", profile()))
    assert settings.verify is settings.verify
    assert settings.model_copy(update={"privacy": True}).verify is settings.verify
    (tmp_path / "ca.pem").write_bytes(Path(certifi.where()).read_bytes())
    other = settings.model_copy(update={"ca_bundle": tmp_path / "ca.pem"})
    assert other.verify is not settings.verify and other.verify is other.verify
    # The first page's request runs in a thread of its own: it gets a context of its own.
    assert settings.ssl_context() is not settings.verify


# -- token sources -------------------------------------------------------------


def test_env_token_source_reads_on_demand() -> None:
    environ = {"MY_TOKEN": SECRET}
    source = EnvTokenSource("MY_TOKEN", environ=environ)
    assert source.read().get_secret_value() == SECRET
    environ["MY_TOKEN"] = "renewed"
    assert source.reveal() == "renewed"
    assert source.describe() == "the environment variable MY_TOKEN"


def test_env_token_source_unset() -> None:
    with pytest.raises(TokenError, match="MY_TOKEN is not set"):
        EnvTokenSource("MY_TOKEN", environ={}).read()


def test_assign_tui_token_env_wins_over_the_profile(tmp_path: Path) -> None:
    settings = load(write_config(tmp_path / "c.toml", profile()), {"ASSIGN_TUI_TOKEN": SECRET})
    assert settings.token.describe() == "the environment variable ASSIGN_TUI_TOKEN"
    assert settings.token.reveal() == SECRET


@posix_only
def test_file_token_source_private_file(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(f"{SECRET}\n", encoding="utf-8")
    token_file.chmod(0o600)
    source = FileTokenSource(token_file)
    assert source.read().get_secret_value() == SECRET
    token_file.write_text("renewed\n", encoding="utf-8")
    assert source.reveal() == "renewed"


@posix_only
def test_file_token_source_readable_by_others_is_refused(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(SECRET, encoding="utf-8")
    token_file.chmod(0o644)
    with pytest.raises(TokenError) as caught:
        FileTokenSource(token_file).read()
    assert f"chmod 600 {token_file}" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_file_token_source_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(TokenError, match="no token file"):
        FileTokenSource(tmp_path / "absent").read()
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    empty.chmod(0o600)
    with pytest.raises(TokenError, match="is empty"):
        FileTokenSource(empty).read()


def test_file_token_describe_uses_home(tmp_path: Path) -> None:
    source = FileTokenSource("~/.config/assign-tui/token")
    assert source.describe() == "the file ~/.config/assign-tui/token"
    assert source.path == tmp_path / "home" / ".config" / "assign-tui" / "token"


def test_token_file_from_profile_resolves_relative_to_config(tmp_path: Path) -> None:
    text = profile().replace('token_env = "MY_TOKEN"', 'token_file = "token"')
    settings = load(write_config(tmp_path / "c.toml", text))
    assert isinstance(settings.token, FileTokenSource)
    assert settings.token.path == tmp_path / "token"


def test_command_token_source_success_and_reread(tmp_path: Path) -> None:
    counter = tmp_path / "count"
    argv = script(
        tmp_path,
        "from pathlib import Path\n"
        f"p = Path({str(counter)!r})\n"
        "n = int(p.read_text()) + 1 if p.exists() else 1\n"
        "p.write_text(str(n))\n"
        f"print('{SECRET}-' + str(n))\n"
        "print('second line ignored')\n",
    )
    source = CommandTokenSource(argv, profile="work")
    assert source.reveal() == f"{SECRET}-1"
    assert source.reveal() == f"{SECRET}-2"


def test_command_token_source_from_string_is_split_without_a_shell(tmp_path: Path) -> None:
    argv = script(tmp_path, "import sys; print(sys.argv[1])")
    command = shlex.join([*argv, "$HOME|x"])
    assert CommandTokenSource(command).reveal() == "$HOME|x"


def test_command_token_source_describe() -> None:
    assert CommandTokenSource("gh auth token", profile="work").describe() == (
        "the command `gh auth token` (profile work)"
    )


def test_command_token_source_failure_says_status_not_stdout(tmp_path: Path) -> None:
    argv = script(
        tmp_path,
        f"import sys; print({SECRET!r}); print('not logged in', file=sys.stderr); sys.exit(3)",
    )
    with pytest.raises(TokenError) as caught:
        CommandTokenSource(argv).read()
    message = str(caught.value)
    assert "exited with status 3" in message and "not logged in" in message
    assert SECRET not in message


def test_command_token_source_timeout(tmp_path: Path) -> None:
    argv = script(tmp_path, "import time; time.sleep(30)")
    with pytest.raises(TokenError, match="did not finish within 0.5 s"):
        CommandTokenSource(argv, timeout=0.5).read()


def test_command_token_source_missing_program_and_no_output(tmp_path: Path) -> None:
    with pytest.raises(TokenError, match="no program called 'no-such-token-program-xyz'"):
        CommandTokenSource("no-such-token-program-xyz --flag").read()
    with pytest.raises(TokenError, match="printed nothing"):
        CommandTokenSource(script(tmp_path, "pass")).read()


def test_empty_token_command_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        CommandTokenSource("   ")
    path = write_config(
        tmp_path / "c.toml", profile().replace('token_env = "MY_TOKEN"', 'token_command = ""')
    )
    with pytest.raises(ConfigError, match="token_command: Value error, must not be empty"):
        load(path)


def test_token_command_from_profile_gets_its_timeout(tmp_path: Path) -> None:
    text = profile().replace(
        'token_env = "MY_TOKEN"',
        'token_command = ["gh", "auth", "token"]\ntoken_command_timeout = 3',
    )
    settings = load(write_config(tmp_path / "c.toml", text))
    assert isinstance(settings.token, CommandTokenSource)
    assert settings.token.argv == ["gh", "auth", "token"] and settings.token.timeout == 3
    assert settings.token.describe() == "the command `gh auth token` (profile work)"


# -- the secret stays secret ------------------------------------------------------


def test_token_never_in_repr_or_str(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(SECRET, encoding="utf-8")
    token_file.chmod(0o600)
    sources = [
        EnvTokenSource("MY_TOKEN", environ={"MY_TOKEN": SECRET}),
        FileTokenSource(token_file),
        CommandTokenSource(script(tmp_path, f"print({SECRET!r})")),
        StaticTokenSource(SecretStr(SECRET), "the demo token"),
    ]
    for source in sources:
        secret = source.read()
        assert secret.get_secret_value() == SECRET
        settings = Settings(
            profile="p", base_url="https://x.example.com", workspace=WORKSPACE, token=source
        )
        for text in (
            repr(source),
            str(source),
            repr(secret),
            str(secret),
            repr(settings),
            str(settings),
        ):
            assert SECRET not in text


def test_child_environ_drops_the_token_variables() -> None:
    environ = {"ASSIGN_TUI_TOKEN": SECRET, "MY_TOKEN": SECRET, "PATH": "/bin"}
    assert child_environ(EnvTokenSource("MY_TOKEN"), environ) == {"PATH": "/bin"}
    assert child_environ(None, environ) == {"MY_TOKEN": SECRET, "PATH": "/bin"}


# -- errors name what failed and where it was set ----------------------------------


@pytest.mark.parametrize("url", ["assign.example.com", "assign.example.com:8443/api"])
def test_a_scheme_less_base_url_is_told_to_add_one(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(write_config(tmp_path / "c.toml", profile(base_url=url)))
    message = str(caught.value)
    assert "has no scheme" in message and f"https://{url}" in message
    assert "must start with" not in message and "profile 'work'" in message


def test_a_bad_environment_value_is_blamed_on_its_variable(tmp_path: Path) -> None:
    env = {"ASSIGN_TUI_BASE_URL": "ftp://assign.example.com", "ASSIGN_TUI_WORKSPACE": WORKSPACE,
           "ASSIGN_TUI_TOKEN": SECRET}
    with pytest.raises(ConfigError) as caught:
        load_settings(environ=env)
    message = str(caught.value)
    assert "set by ASSIGN_TUI_BASE_URL" in message and "uses ftp://" in message
    assert "profile" not in message
    env.update(ASSIGN_TUI_BASE_URL="https://assign.example.com", ASSIGN_TUI_WORKSPACE="nope")
    with pytest.raises(ConfigError, match="'nope' set by ASSIGN_TUI_WORKSPACE is not a UUID"):
        load_settings(environ=env)


def test_an_unknown_profile_from_the_environment_names_the_variable(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", profile())
    with pytest.raises(ConfigError) as caught:
        load(path, {"ASSIGN_TUI_PROFILE": "wrok"})
    message = str(caught.value)
    assert "'wrok' (from ASSIGN_TUI_PROFILE)" in message and "unset ASSIGN_TUI_PROFILE" in message
    assert "--profile NAME" not in message
