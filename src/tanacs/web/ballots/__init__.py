"""The ballot pages: list, create, vote (no JavaScript needed), receipt, turnout, results."""
