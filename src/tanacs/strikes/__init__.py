"""Strikes: called by a council's decision, reported council by council, rolled up the tree."""
