from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.archive import export_federation
from tanacs.cli.base import TanacsCommand, find_federation


class Command(TanacsCommand):
    help = (
        "Write a whole federation (councils, people, members, seats, journal) as JSON. By "
        "default the export is for verifiers: people by id and login only, no password "
        "hashes, no email addresses; importing it gives people unusable passwords. "
        "--full-backup keeps hashes and addresses for a restore; keep that file secret."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--federation", required=True, metavar="SLUG")
        parser.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
        parser.add_argument(
            "--full-backup",
            action="store_true",
            help="also write password hashes and email addresses, so that people can sign in "
            "after a restore (a secret file: do not publish it)",
        )

    def run(self, **options: Any) -> None:
        federation = find_federation(options["federation"])
        data = export_federation(federation, full_backup=options["full_backup"])
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if not options["output"] or options["output"] == "-":
            sys.stdout.write(text + "\n")
            return
        try:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
        rows = sum(len(t["rows"]) for t in data["tables"].values())
        kind = (
            "a full backup with password hashes and email addresses; keep it secret"
            if options["full_backup"]
            else "for verifiers: no password hashes, no email addresses"
        )
        self.say(f"Exported {federation.slug}: {rows:,} rows to {options['output']} ({kind}).")
