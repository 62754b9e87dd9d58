"""Keys as an operator on a slow link types them: in one burst, with no wait between them.

`Pilot.press` waits for the app to go idle after every key, so it never
shows what happens when the second key arrives before the first one's
effect (a dismiss, a push) has landed. `burst` queues every key at once.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

__all__ = ["burst", "key_event"]


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key` (a name like "ctrl+s", or one character),
    made the way `Pilot.press` makes it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        name = _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        char: str | None = unicodedata.lookup(name)
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def burst(app: Any, *keys: str) -> None:
    """Queue `keys` on `app` in order, without letting it handle any of them in between."""
    for key in keys:
        app.post_message(key_event(key))
