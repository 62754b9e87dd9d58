"""No pydantic plugin in assign-tui's process: they would see member data.

Pydantic hands every validation (the input and the result) to the plugins that
installed packages register under the `pydantic` entry point group (logfire and
the like). In the console, that input is member data, messages and form data: it
must not reach whatever happens to be installed next to assign-tui.

Pydantic reads `PYDANTIC_DISABLE_PLUGINS` each time it builds a validator, so
turning plugins off through the environment would have to last for the whole
process, and the token command and every other child would inherit it. Instead
`keep_plugins_out` gives pydantic a plugin loader that finds none, before
pydantic is imported: no entry point is read, and the environment is untouched.
It also spares the start importing `importlib.metadata` and reading the metadata
of every installed distribution (docs/performance.md).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from types import ModuleType

__all__ = ["keep_plugins_out"]

#: The module pydantic imports its plugins through (`pydantic.plugin._schema_validator`
#: imports `get_plugins` from it each time it builds a validator). A test checks that
#: a registered plugin is never loaded, so a pydantic that moves it fails the suite.
LOADER = "pydantic.plugin._loader"


def _no_plugins() -> Iterable[object]:
    return ()


def keep_plugins_out() -> None:
    """Make pydantic find no plugins in this process; call it before pydantic builds a model.

    A loader pydantic has already imported (in a test process that built models first) is
    left as it is: what its plugins saw cannot be taken back.
    """
    loader = ModuleType(LOADER, "assign-tui: no pydantic plugins (assign_tui.pydantic_plugins)")
    loader.__dict__["get_plugins"] = _no_plugins
    sys.modules.setdefault(LOADER, loader)
