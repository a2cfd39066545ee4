"""Ballot files: pure parsers that take the file's text and return the engine's types.

They read nothing from disk themselves (the caller reads the file), so the tally engine stays
free of I/O. A malformed file raises :class:`BallotFileError` with the line and the reason.
"""

from __future__ import annotations

from tanacs.tally.formats._base import BallotFile, BallotFileError
from tanacs.tally.formats.blt import parse_blt
from tanacs.tally.formats.csvfile import CsvTable, parse_csv, parse_csv_table, parse_yesno_csv
from tanacs.tally.formats.preflib import parse_preflib

__all__ = [
    "FORMATS",
    "BallotFile",
    "BallotFileError",
    "CsvTable",
    "format_for",
    "parse_blt",
    "parse_csv",
    "parse_csv_table",
    "parse_preflib",
    "parse_yesno_csv",
]

# File name endings and the format they mean.
FORMATS = {
    ".blt": "blt",
    ".soc": "preflib",
    ".soi": "preflib",
    ".toc": "preflib",
    ".toi": "preflib",
    ".csv": "csv",
}


def format_for(name: str) -> str:
    """The format a file name's ending means; BallotFileError if it means none."""
    lowered = name.lower()
    for ending, kind in FORMATS.items():
        if lowered.endswith(ending):
            return kind
    known = ", ".join(FORMATS)
    raise BallotFileError(None, f"unknown ballot file type (known endings: {known})")
