"""A small CEL highlighter: identifiers, functions, strings, numbers, operators.

Built on Rich `Text` styles (never markup), so a condition from the server can
hold `[bold]` or anything else and still reads as typed. Colour only decorates.
"""

from __future__ import annotations

import re

from rich.highlighter import Highlighter
from rich.text import Text

from assign_tui.tui.format import safe

__all__ = ["HIGHLIGHT_LIMIT", "CelHighlighter", "highlight_cel"]

_TOKENS = re.compile(
    r"""
    (?P<string>[rRbB]{0,2}(?:\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''
        |"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?))
  | (?P<number>0[xX][0-9a-fA-F]+[uU]?|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?[uU]?)
  | (?P<keyword>\b(?:true|false|null|in)\b)
  | (?P<function>[A-Za-z_]\w*(?=\s*\())
  | (?P<identifier>[A-Za-z_]\w*)
  | (?P<operator>&&|\|\||==|!=|<=|>=|[<>!+\-*/%?:])
  | (?P<punctuation>[()\[\]{}.,])
    """,
    re.VERBOSE | re.DOTALL,
)

#: Rich style of each token kind.
CEL_STYLES: dict[str, str] = {
    "string": "green",
    "number": "cyan",
    "keyword": "bold magenta",
    "function": "bold blue",
    "identifier": "",
    "operator": "bold yellow",
    "punctuation": "dim",
}


#: Longer texts are shown plain. The input highlights its whole value at every key, so a
#: paste that arrives as keys (tmux `paste-buffer` without -p) cost O(n) per key: 6,000
#: characters froze the playground for about a minute. Real conditions are far shorter.
HIGHLIGHT_LIMIT = 1_000


class CelHighlighter(Highlighter):
    """For `Input(highlighter=...)` and for showing conditions."""

    def highlight(self, text: Text) -> None:
        if len(text.plain) > HIGHLIGHT_LIMIT:
            return  # colour only decorates
        for match in _TOKENS.finditer(text.plain):
            kind = match.lastgroup
            style = CEL_STYLES.get(kind or "", "")
            if style:
                text.stylize(style, match.start(), match.end())


_HIGHLIGHTER = CelHighlighter()


def highlight_cel(source: str | None) -> Text:
    """A condition from the server as highlighted, inert text."""
    text = Text(safe(source or ""))
    _HIGHLIGHTER.highlight(text)
    return text
