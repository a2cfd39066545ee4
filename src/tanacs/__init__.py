"""tanacs: a federation of councils run from below.

Kept free of Django imports so that ``tanacs.tally`` can be used on its own.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
