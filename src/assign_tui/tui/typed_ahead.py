"""Keys typed ahead of a text field opening land in the field.

Over SSH a burst such as `/cancelled` arrives in one read. Textual hands every key to
the widget focused when the app reads it, so all ten are queued on the list's table
before `/` has done anything; `/` would then open the filter line only once it had
bubbled up to the app, and the letters behind it would fire the list's own keys (`c`
opened the create form, `e` is "update marked"). A table with `KeysFollowFocus` opens
the line itself, at once, when it reads the key bound to it, and passes every key it
reads while a text field has the focus on to that field, in order. (Keys that reach
the app unhandled while a field has the focus: `ConsoleAppGuards._on_key`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard, cast

from textual import events

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import Input, TextArea

    _Base = Widget
else:
    _Base = object  # a plain mixin: a Widget base here would hide the widget's CSS parts

__all__ = ["KeysFollowFocus", "is_text_field"]


def is_text_field(widget: object) -> TypeGuard[Input | TextArea]:
    """An `Input` or a `TextArea`: a widget that takes every printable key it is given.

    Imported here, on the first key, not at start: `TextArea`'s module takes ~7 ms to
    import and no screen of the first frame has one (docs/performance.md).
    """
    from textual.widgets import Input, TextArea

    return isinstance(widget, (Input, TextArea))


class KeysFollowFocus(_Base):
    """Mixed in before a focusable widget whose screen opens a text field from a key."""

    #: The screen's actions that open a text field, run at once from this widget.
    OPENS_FIELD: frozenset[str] = frozenset({"quick_filter"})

    async def _on_key(self, event: events.Key) -> None:
        if not self.is_attached:
            return
        screen = self.screen
        field = screen.focused
        if is_text_field(field) and field is not cast(object, self):
            event.prevent_default()  # not the widget's own handling, nor a binding
            event.stop()
            field.post_message(events.Key(event.key, event.character))
            return
        bindings = screen._bindings.key_to_bindings.get(event.key, [])
        action = next((b.action for b in bindings if b.action in self.OPENS_FIELD), None)
        if action is not None and screen.check_action(action, ()) is not False:
            event.prevent_default()
            event.stop()
            await screen.run_action(action)
