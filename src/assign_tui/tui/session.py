"""What the console keeps for the session: declared once, typed, shared by every screen.

`SessionState` is mixed into `AssignApp`, so a screen reads `self.console.list_query`
(`ConsoleScreen.console` is the app, typed). Nothing else is stored on the app for
screens to share: a new piece of session state is declared here, with why it lasts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from assign_tui.api.models import Assignment, AssignmentQuery
    from assign_tui.tui.app import AssignApp
    from assign_tui.tui.views import View

__all__ = ["SessionState", "console_of"]


class SessionState:
    """Mixed in before `App`; `start_session()` from the app's constructor."""

    list_query: AssignmentQuery | None
    """The list's filters, sort and page: they last the whole session (set as the app loads)."""
    playground_text: str
    """The CEL playground's expression: leaving with Esc and coming back keeps it."""
    conversation_positions: dict[int, str]
    """Where each conversation was left (entry key by assignment id)."""
    seen_workflows: dict[int, str]
    """Workflow names by id, from every answer: the create form's suggestions."""
    seen_members: dict[int, str]
    """Member names by id, from every answer: the create form's suggestions."""
    last_copied: str | None
    """What was last put on the clipboard (tests assert on it; never logged)."""
    session_views: list[View]
    """Views saved from the palette: for the session only, never written to the file."""

    def start_session(self) -> None:
        self.list_query = None
        self.playground_text = ""
        self.conversation_positions = {}
        self.seen_workflows = {}
        self.seen_members = {}
        self.last_copied = None
        self.session_views = []

    def remember(self, assignments: Iterable[Assignment]) -> None:
        """Note the workflows and members an answer names, for the create form."""
        for assignment in assignments:
            self.seen_workflows[assignment.workflow_id] = assignment.workflow_name
            self.seen_members[assignment.member_id] = assignment.member_name


def console_of(app: object) -> AssignApp | None:
    """The console, typed; None for a widget mounted in another app (a widget's own test)."""
    return cast("AssignApp", app) if isinstance(app, SessionState) else None
