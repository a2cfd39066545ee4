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


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "tally":
        from tanacs.cli.tally import main as tally_main

        sys.exit(tally_main(args[1:]))
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanacs.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tanacs", *args])


if __name__ == "__main__":
    main()
