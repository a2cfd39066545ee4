"""``tanacs tally FILE``: count a ballot file with the pure tally engine."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    print("tanacs tally: not available yet", file=sys.stderr)
    return 2
