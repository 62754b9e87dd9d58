"""Scriptable subcommands of `assign-tui` (`ls`, `get`, ..., `doctor`): the API from the shell.

Same profiles, token sources, client and error family as the console; no second
HTTP path. `parser` is imported to build `assign-tui`'s parser and is light
(argparse only); everything else is imported only when a script command runs,
so the console's start-up does not pay for it.
"""
