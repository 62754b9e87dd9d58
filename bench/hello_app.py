"""The baseline of the startup and key benches: a bare Textual app painting one line."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class HelloApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


if __name__ == "__main__":
    HelloApp().run()
