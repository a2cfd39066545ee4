from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from tanacs.cli.base import TanacsCommand
from tanacs.cli.serving import check_port, serve
from tanacs.demo import DEFAULT_MEMBERS, demo_federation, load_demo
from tanacs.demo.data import DEMO_LOGINS


class Command(TanacsCommand):
    help = "Create the database, load the 1956 federation if it is not there, and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=DEFAULT_MEMBERS, metavar="N")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-serve", action="store_true", help="load and print the logins, then stop"
        )

    def run(self, **options: Any) -> None:
        check_port(options["port"], options["workers"])
        call_command("migrate", interactive=False, verbosity=0)
        federation = demo_federation()
        if federation is None:
            self.say("Loading the 1956 federation of workers' councils ...")
            report = load_demo(members=options["members"])
            federation = report.federation
            self.say(
                f"Loaded {report.councils} councils, {report.members:,} members and "
                f"{report.entries:,} journal entries."
            )
        else:
            self.say(f"The 1956 federation ({federation.slug}) is loaded already.")
        self.say("")
        self.say("Demo logins (username / password):")
        for login in DEMO_LOGINS:
            self.say(f"  {login.username:<14} {login.password:<20} {login.role}")
        url = f"http://{options['host']}:{options['port']}/"
        self.say("")
        if options["no_serve"]:
            self.say(f"Start the server with: tanacs serve --port {options['port']}  ({url})")
            return
        self.say(f"Serving on {url}  (Ctrl-C stops)")
        serve(host=options["host"], port=options["port"], workers=options["workers"])
