"""The conversation as data: entries, their lines and search, their heights.

Plain data and Rich renderables, no widget: `tui/widgets/conversation.py`
(`ConversationView`) scrolls and paints them, `screens/messages.py` builds them,
and the `messages` script command prints them.
"""
