"""Negotiations in writing: a council\x27s demands sent to a counterpart, and the answers."""
