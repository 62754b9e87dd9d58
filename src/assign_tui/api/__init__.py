"""The assignments API: models, errors and the async client. Never imports textual."""

from assign_tui.api.models import *  # noqa: F403
from assign_tui.api.models import __all__ as _models_all

__all__ = list(_models_all)
