"""What every tanacs command shares: one-line argument errors, domain errors as CommandError,
and looking up the federation, council and person a command names."""

from __future__ import annotations

import logging
import sys
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from tanacs.core.errors import TanacsError
from tanacs.core.refusals import log_refusal
from tanacs.core.storage import whole_number
from tanacs.federation.models import Council, Federation

__all__ = ["OneLineParser", "TanacsCommand", "find_council", "find_federation", "find_person"]


class OneLineParser(CommandParser):
    """Bad arguments: one line on stderr and exit status 2, no usage dump, no traceback."""

    def error(self, message: str) -> NoReturn:
        if self.called_from_command_line:
            sys.stderr.write(f"{self.prog}: error: {message}\n")
            sys.exit(2)
        raise CommandError(f"Error: {message}")


class TanacsCommand(BaseCommand):
    """Subclasses implement :meth:`run`; a :class:`TanacsError` becomes a CommandError."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser
        return parser

    def subcommands(self, parser: CommandParser) -> Any:
        return parser.add_subparsers(
            dest="action", required=True, metavar="ACTION", parser_class=OneLineParser
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.run(**options)
        except TanacsError as exc:
            # INFO: the person at the terminal reads the same words on stderr just below.
            command = self.__module__.rpartition(".")[2]
            actor = _actor(options.get("actor"))
            log_refusal(exc, actor=actor, via="cli", where=command, level=logging.INFO)
            raise CommandError(str(exc)) from None

    def run(self, **options: Any) -> None:
        raise NotImplementedError

    def say(self, text: str = "") -> None:
        self.stdout.write(text)


def _actor(username: object) -> Any:
    """The person named by ``--as``, for the log; none when absent or not readable."""
    if not isinstance(username, str) or not username:
        return None
    try:
        return get_user_model().objects.filter(username=username).first()
    except DatabaseError:  # a refusal before the database exists (e.g. bad arguments)
        return None


def find_person(username: str | None, *, role: str = "--as") -> Any:
    if not username:
        raise CommandError(f"Say who acts with {role} USERNAME.")
    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        raise CommandError(f"There is no login {username!r}.")
    return person


def find_federation(slug: str) -> Federation:
    federation = Federation.objects.filter(slug=slug).first()
    if federation is None:
        raise CommandError(f"There is no federation {slug!r}.")
    return federation


def find_council(federation: Federation, slug: str) -> Council:
    council = (
        Council.objects.select_related("federation", "parent")
        .filter(federation=federation, slug=slug)
        .first()
    )
    if council is None:
        raise CommandError(f"{federation.slug} has no council {slug!r}.")
    return council


def parse_level(federation: Federation, text: str) -> int:
    """A level by number (0 is the base) or by name."""
    number = whole_number(text)
    if number is not None and number >= 0:
        return number
    if text in federation.levels:
        return list(federation.levels).index(text)
    raise CommandError(
        f"{text!r} is not a level of {federation.slug}: use one of "
        f"{', '.join(federation.levels)} or 0 to {federation.top_level}."
    )
