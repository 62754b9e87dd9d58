"""The write forms' rules, apart from their widgets: what a field accepts (`validation`)
and what an edit changes (`changes`). Pure, so they are unit-tested without a terminal."""
