"""Keys typed ahead take effect in the order typed, and land in the field they were typed for.

Over SSH a burst such as `/cancelled` or `BSpace BSpace x` arrives in one read.
`KeysInTurn` (the app) gives each key its turn: Textual hands a key to the focused
widget and goes on to the next at once; a text field inserts a printable key there and
then, while a bound key (Backspace, Tab, a screen's `1`) runs only once it has bubbled up
to the app, so `BSpace x` typed `x` first (Textualize/textual#6605), `Tab 3` put `3` in
the field being left and `1 /` typed `1` into the filter line. The app now holds each key
back until the one before it is done, so every key finds the focus its predecessors left.
A paste (bracketed) takes its turn among the keys the same way.

A table with `KeysFollowFocus` opens the filter line itself, at once, when it reads the
key bound to it, and passes a key it reads while a text field has the focus (the focus
moved after the key was handed to the table) on to that field. Keys that reach the app
unhandled while a field has the focus (typed while a form was being built):
`ConsoleAppGuards._on_key`.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from textual import events
from textual._context import active_message_pump  # the widget handling a key now
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer
    from textual.widget import Widget
    from textual.widgets import Input, TextArea

    _Base = Widget
    _AppBase = App[Any]
    _EventBase = events.Event
else:
    _Base = object  # a plain mixin: a Widget base here would hide the widget's CSS parts
    _AppBase = object
    _EventBase = object

__all__ = ["KeysFollowFocus", "KeysInTurn", "is_text_field"]

#: A key not done after this long (its widget went away with it queued) lets the next go.
OVERDUE_SECONDS = 1.0


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


class _InTurn(_EventBase):
    """Input from the terminal (a key, a paste) that the app follows until it is done:
    stopped by the widget that handled it, or handled by the app at the top."""

    _turns: KeysInTurn
    _at: MessagePump | None  # where it bubbled to last
    typed_into: Widget | None  # the text field a printable key was given to

    def _follow(self, turns: KeysInTurn) -> None:
        # No sender: Textual stops an event one step below its sender, the app, which
        # would count it done at the screen, before the app's bindings had run it.
        self._sender = None
        self._turns = turns
        self._at = None
        self.typed_into = None

    def stop(self, stop: bool = True) -> _InTurn:
        """Stopped where it is handled: done once that widget has finished with it."""
        super().stop(stop)
        pump = active_message_pump.get(None)
        if stop and pump is not None:
            pump.call_next(self._stopped_at, pump)
        return self

    def _stopped_at(self, pump: MessagePump) -> None:
        if self._at is None or self._at is pump:  # it did not go on to a parent
            self._turns._key_done(self)

    def _bubble_to(self, widget: MessagePump) -> None:
        self._at = widget
        super()._bubble_to(widget)


class _KeyInTurn(_InTurn, events.Key):
    def __init__(self, key: events.Key, turns: KeysInTurn) -> None:
        super().__init__(key.key, key.character)
        self._follow(turns)


class _PasteInTurn(_InTurn, events.Paste):
    def __init__(self, paste: events.Paste, turns: KeysInTurn) -> None:
        super().__init__(paste.text)
        self._follow(turns)


_KeyInTurn.handler_name = events.Key.handler_name  # handled as any key: `_on_key`
_PasteInTurn.handler_name = events.Paste.handler_name


class KeysInTurn(_AppBase):
    """Mixed into the app before `App`: one queue of keys (and pastes), each in its turn."""

    _key_busy: _InTurn | None = None
    _keys_waiting: deque[_InTurn] | None = None
    _key_overdue: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)):
            await super().on_event(event)
            return
        if event.is_forwarded:  # back at the top, after the widgets: the app's bindings
            await super().on_event(event)
            if isinstance(event, _InTurn):
                self._key_done(event)
            return
        if self._keys_waiting is None:
            self._keys_waiting = deque()
        if not isinstance(event, _InTurn):
            turn: _InTurn = (_KeyInTurn(event, self) if isinstance(event, events.Key)
                             else _PasteInTurn(event, self))
            busy = self._key_busy
            if busy is not None and (self._keys_waiting or not self._follows(busy, turn)):
                self._keys_waiting.append(turn)
                if self._key_overdue is None:
                    self._watch(busy)
                return
            self._key_busy = turn
        elif event is not self._key_busy:
            return  # a turn given once already
        else:
            turn = event
        field = self.focused
        await super().on_event(turn)  # priority bindings, else to the focused widget
        if not turn.is_forwarded:
            self._key_done(turn)
        elif isinstance(turn, _KeyInTurn) and turn.is_printable and is_text_field(field):
            turn.typed_into = field

    def _follows(self, busy: _InTurn, turn: _InTurn) -> bool:
        """A letter right behind a letter given to a text field that still has the focus
        goes straight after it: the field takes both in order, and a burst of text is
        not painted once a letter (a 2,000-letter burst took 7 times as long)."""
        return (isinstance(turn, _KeyInTurn) and turn.is_printable
                and busy.typed_into is not None and busy.typed_into is self.focused)

    def _key_done(self, turn: _InTurn) -> None:
        """`turn` has had its effect: the next key waiting, if any, has its turn."""
        if turn is not self._key_busy:
            return
        self._key_busy = None
        if self._key_overdue is not None:
            self._key_overdue.stop()
            self._key_overdue = None
        if self._keys_waiting:
            self._key_busy = self._keys_waiting.popleft()
            self.post_message(self._key_busy)
            if self._keys_waiting:
                self._watch(self._key_busy)

    def _watch(self, turn: _InTurn) -> None:
        self._key_overdue = self.set_timer(OVERDUE_SECONDS, lambda: self._overdue(turn))

    def _overdue(self, turn: _InTurn) -> None:
        """A key lost with the widget it was given to does not hold up the rest."""
        self._key_overdue = None
        self._key_done(turn)
