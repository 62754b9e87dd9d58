"""assign-tui: a terminal operator console for the assignments API."""

__version__ = "0.1.0"
