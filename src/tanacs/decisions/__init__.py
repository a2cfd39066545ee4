"""Motions, amendments, programmes, delegate elections, recall and mandates."""
