"""Scriptable subcommands of `assign-tui` (`ls`, `get`, ..., `doctor`): the API from the shell.

Same profiles, token sources, client and error family as the console; no second
HTTP path. `parser` is imported to build `assign-tui`'s parser and is light
(argparse only); everything else is imported only when a script command runs,
so the console's start-up does not pay for it.
"""

READ_COMMANDS = ("ls", "get", "messages", "tasks", "context", "current")
WRITE_COMMANDS = ("create", "update", "cancel", "select")
SCRIPT_COMMANDS = frozenset((*READ_COMMANDS, *WRITE_COMMANDS, "doctor"))
"""Read by `assign-tui` on every start to decide whether to build these commands' parsers."""
