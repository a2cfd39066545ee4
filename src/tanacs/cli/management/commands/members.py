from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.cli.base import TanacsCommand, find_federation, find_person
from tanacs.membership.importing import do_import_members


class Command(TanacsCommand):
    help = "Members of a federation: import a list from CSV (name,email,council)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = self.subcommands(parser)
        imp = actions.add_parser("import", help="import FILE.csv; all rows or none")
        imp.add_argument("file", metavar="FILE.csv")
        imp.add_argument("--federation", required=True, metavar="SLUG")
        imp.add_argument("--as", dest="actor", required=True, metavar="USERNAME")

    def run(self, **options: Any) -> None:
        federation = find_federation(options["federation"])
        actor = find_person(options["actor"])
        try:
            with open(options["file"], encoding="utf-8-sig") as source:
                text = source.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']} is not UTF-8 text.") from None
        report = do_import_members(federation, text, by=actor)
        self.say(
            f"Imported {report.imported} member(s) into {report.councils} council(s) of "
            f"{federation.slug}."
        )
