"""The ``tanacs`` command: Django's own commands plus tanacs's, under one name.

``tanacs tally`` runs the pure tally engine without starting Django at all.
"""

from __future__ import annotations

import os
import sys

# Names a person types that are not valid Python module names.
ALIASES = {
    "load-demo": "load_demo",
    "import": "import_federation",
    "export": "export_federation",
}


# Commands that answer HTTP requests: local mode only when bound to this machine.
SERVING = {"demo", "serve", "runserver"}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _bound_host(command: str, args: list[str]) -> str:
    """The host a serving command will bind, as its arguments say (defaults: 127.0.0.1)."""
    if command == "runserver":
        addrport = next((a for a in args if not a.startswith("-")), "")
        host, _, port = addrport.rpartition(":")
        return host or ("127.0.0.1" if port.isdigit() or not addrport else addrport)
    for index, arg in enumerate(args):
        if arg == "--host" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--host="):
            return arg.partition("=")[2]
    return "127.0.0.1"


def is_local(command: str, args: list[str]) -> bool:
    """A command that serves nothing, or serves only this machine, needs no secret key.

    ``check --deploy`` judges a deployment, so it runs with the deployment's settings.
    """
    if command == "check" and "--deploy" in args:
        return False
    return command not in SERVING or _bound_host(command, args) in LOOPBACK


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "tally":
        from tanacs.cli.tally import main as tally_main

        sys.exit(tally_main(args[1:]))
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    if is_local(args[0] if args else "help", args[1:]):
        os.environ.setdefault("TANACS_LOCAL", "1")
    if args and args[0] not in SERVING:
        # A command says what it refused on stderr itself; its log shows warnings and worse.
        os.environ.setdefault("TANACS_APP_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanacs.config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings: refuse before any command runs)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"tanacs: {error}\n")
        sys.exit(2)

    execute_from_command_line(["tanacs", *args])


if __name__ == "__main__":
    main()
