"""Views in the profile: defaults, changed, hidden, reordered, own ones, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assign_tui.config import ConfigError, load_settings
from assign_tui.config.views import resolve_views

from test_config import isolated, profile, write_config  # noqa: F401 (the autouse fixture)


def _load(tmp_path: Path, extra: str) -> list[tuple[str, str]]:
    settings = load_settings(config_path=write_config(tmp_path / "c.toml", profile(extra=extra)),
                             environ={})
    return [(name, spec.title(name))
            for name, spec in resolve_views(settings.views, settings.view_order)]


def test_defaults_without_any_views_table(tmp_path: Path) -> None:
    assert [title for _, title in _load(tmp_path, "")] == [
        "All", "Mine", "Active", "Paused", "Due soon", "Urgent first"]


def test_a_profile_changes_hides_reorders_and_adds_views(tmp_path: Path) -> None:
    extra = (
        'view_order = ["paused", "my_urgent", "all"]\n'
        "[profiles.work.views.mine]\nhidden = true\n"
        '[profiles.work.views.paused]\nlabel = "On hold"\n'
        '[profiles.work.views.my_urgent]\nstatus = "active"\nmine = true\nsort = "priority"\n'
    )
    settings = load_settings(config_path=write_config(tmp_path / "c.toml", profile(extra=extra)),
                             environ={})
    views = resolve_views(settings.views, settings.view_order)
    assert [spec.title(name) for name, spec in views] == [
        "On hold", "my urgent", "All", "Active", "Due soon", "Urgent first"]
    paused = dict(views)["paused"]
    assert paused.status == ("paused",)  # only the label was changed
    mine = dict(views)["my_urgent"]
    assert mine.mine and mine.sort == "priority" and mine.status == ("active",)


@pytest.mark.parametrize(("extra", "words"), [
    ('[profiles.work.views.x]\nstatus = ["actve"]\n',
     "profiles.work.views.x.status: Value error, unknown status 'actve'"),
    ('[profiles.work.views.x]\nsort = "name"\n', "unknown sort 'name'"),
    ('[profiles.work.views.x]\norder = "up"\n', "profiles.work.views.x.order"),
    ('[profiles.work.views.x]\nstatuses = ["active"]\n',
     "profiles.work.views.x.statuses: is not a setting assign-tui knows"),
    ('view_order = ["nope"]\n', "profiles.work.view_order: Value error, names 'nope', which is no view"),
    ('[profiles.work.views.x]\npage_size = 500\n', "profiles.work.views.x.page_size"),
])
def test_a_bad_view_is_an_error_naming_it(tmp_path: Path, extra: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, extra)
    assert words in str(caught.value)
