"""An operator's edit of the shown notes, applied to the server's own characters.

The update form cannot show the notes raw (a CR, an ESC or an RLO must never
reach the terminal), so it shows `form_text`: each raw character becomes exactly
one shown character (CR as ␍, ESC as ␛, bidi controls as U+FFFD), so position i
of what is shown is position i of the server's text. Sending what is shown
would rewrite every control character the operator never touched (CRLF notes
from other clients came back with a literal ␍), so `apply_edit` compares the
shown notes with the edited ones and keeps the server's characters wherever
the operator left the text alone; only what they typed or deleted changes.

Pure (no textual), so the rule is unit-tested.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from assign_tui.tui.format import safe
from assign_tui.tui.forms.validation import FieldError

__all__ = ["apply_edit", "check_sendable", "form_text"]

#: Line and paragraph separators: the TextArea splits lines on them (`str.splitlines`) and
#: joins them back with "\n", so shown raw they would come back as newlines. U+FFFD, as
#: `safe` shows the other invisible Unicode controls.
_SEPARATORS = str.maketrans({"\u2028": "\ufffd", "\u2029": "\ufffd"})
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def form_text(raw: str) -> str:
    """The notes as the form shows them: safe, one shown character per raw character."""
    return safe(raw).translate(_SEPARATORS)


def _common_ends(shown: str, edited: str) -> tuple[int, int]:
    """How many characters both start with, and then how many both end with (no overlap)."""
    limit = min(len(shown), len(edited))
    start = 0
    while start < limit and shown[start] == edited[start]:
        start += 1
    end = 0
    while end < limit - start and shown[-1 - end] == edited[-1 - end]:
        end += 1
    return start, end


def apply_edit(raw: str, edited: str) -> str:
    """`raw` (the server's notes) with the operator's changes from `form_text(raw)` to `edited`.

    Spans the operator left as shown keep the raw characters they show (a ␍ shown for a CR
    stays a CR; a ␍ the server really holds stays that); typed text is taken as typed; a
    deleted stand-in deletes the character it stood for. The edit is found by comparing
    characters, first trimming what both start and end with, so a one-place edit of long
    notes costs one pass. The result always shows as `edited` does: `form_text(result) ==
    form_text(edited)`.
    """
    shown = form_text(raw)
    if edited == shown:
        return raw
    start, end = _common_ends(shown, edited)
    raw_middle, shown_middle = raw[start : len(raw) - end], shown[start : len(shown) - end]
    edited_middle = edited[start : len(edited) - end]
    pieces = [raw[:start]]
    matcher = SequenceMatcher(None, shown_middle, edited_middle, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pieces.append(raw_middle[i1:i2] if tag == "equal" else edited_middle[j1:j2])
    pieces.append(raw[len(raw) - end :])
    return "".join(pieces)


def check_sendable(raw: str, edited: str) -> None:
    """Refuse an edit that would send back a lone surrogate kept from `raw` (shown as �).

    A broken server can send one (as a JSON escape), but no request can carry it: it
    cannot be encoded. Replacing it would change text the operator did not edit, so the
    field says so; deleting the � (or not editing the notes) lets the save go.
    """
    if _LONE_SURROGATE.search(raw) and _LONE_SURROGATE.search(apply_edit(raw, edited)):
        raise FieldError(
            "the notes hold an invalid character (a lone surrogate, shown as �) that "
            "cannot be sent: delete it to save your edit"
        )
