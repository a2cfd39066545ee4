from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.archive import FULL_BACKUP, import_federation
from tanacs.cli.base import TanacsCommand
from tanacs.journal.chain import verify_chain


class Command(TanacsCommand):
    help = (
        "Recreate a federation from an export into a database that has none of its rows. "
        "A full backup (tanacs export --full-backup) restores people who can sign in as "
        "before; an export for verifiers restores them by id and login, with no email "
        "address and an unusable password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="an export; - reads standard input")

    def run(self, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as source:
                    data = json.load(source)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path} is not JSON: {exc}.") from None
        federation = import_federation(data)
        report = verify_chain(federation.chain)
        people = (
            ""
            if data.get("contents", FULL_BACKUP) == FULL_BACKUP
            else " People were restored without passwords (an export for verifiers)."
        )
        self.say(
            f"Imported {federation.slug}: {federation.councils.count()} councils; journal "
            f"{report.entries} entries, head {report.head}.{people}"
        )
