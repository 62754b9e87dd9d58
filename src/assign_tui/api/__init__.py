"""The assignments API: models, errors and the async client. Never imports textual."""

from assign_tui.api.client import AssignmentsClient, Tagged, new_idempotency_key
from assign_tui.api.errors import *  # noqa: F403
from assign_tui.api.errors import __all__ as _errors_all
from assign_tui.api.models import *  # noqa: F403
from assign_tui.api.models import __all__ as _models_all

__all__ = ["AssignmentsClient", "Tagged", "new_idempotency_key", *_errors_all, *_models_all]
