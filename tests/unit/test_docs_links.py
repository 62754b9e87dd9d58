"""README.md and docs/ point only at files the repository holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Markdown links, and paths written as code that climb out of the folder (`../x.md`).
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
_CLIMB = re.compile(r"`(\.\./[^`\s]+)`")


def local_targets(text: str) -> list[str]:
    links = [t for t in _LINK.findall(text) if "://" not in t and not t.startswith("mailto:")]
    return links + _CLIMB.findall(text)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_local_reference_is_a_file_in_the_repository(document: Path) -> None:
    for target in local_targets(document.read_text(encoding="utf-8")):
        path = (document.parent / target).resolve()
        assert path.is_relative_to(ROOT), f"{target} is outside the repository"
        assert path.exists(), f"{target} does not exist"


def test_the_style_guide_is_in_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[docs/style.md](docs/style.md)" in readme
    assert "import rule" in (ROOT / "docs" / "style.md").read_text(encoding="utf-8")
