"""Constants of the sandbox that callers need without FastAPI installed.

Kept free of third-party imports so that the CLI can show the demo tokens,
the default workspace and a friendly error even when the sandbox extra is
missing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

#: The one workspace the sandbox serves unless told otherwise.
DEFAULT_WORKSPACE: Final = "00000000-0000-4000-8000-000000000001"

#: The API prefix, with the workspace as a path template.
API_PREFIX_TEMPLATE: Final = "/api/v2/w/{workspace_uuid}"

#: The canonical "now" of tests and snapshots, and the base of the seeded data.
CANONICAL_NOW: Final = datetime(2026, 11, 29, 7, 0, 0, tzinfo=UTC)

#: Member ids of the demo identities.
ADMIN_MEMBER_ID: Final = 1
READER_MEMBER_ID: Final = 2
MEMBER_MEMBER_ID: Final = 311

#: The one workflow that `demo-member` may USE (so its create can succeed).
MEMBER_USABLE_WORKFLOW_ID: Final = 7

#: Fixed tokens, each naming a demo identity. See docs/sandbox.md.
DEMO_TOKENS: Final[dict[str, str]] = {
    "admin": "demo-admin",
    "reader": "demo-reader",
    "member": "demo-member",
}

#: Assignment ids with a fixed role in the seed (present when the size allows).
RICH_ASSIGNMENT_ID: Final = 1042
LONG_CONVERSATION_ASSIGNMENT_ID: Final = 1043
HUGE_MESSAGE_ASSIGNMENT_ID: Final = 1044
CONSENT_REFUSED_ASSIGNMENT_ID: Final = 1045
FIRST_ASSIGNMENT_ID: Final = 1001

#: Sizes of the special fixtures.
LONG_CONVERSATION_MESSAGES: Final = 5000
HUGE_MESSAGE_BYTES: Final = 1_000_000
