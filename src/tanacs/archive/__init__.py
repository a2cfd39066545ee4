"""A whole federation as one JSON document: export it, and import it into another database.

An export holds every row the federation needs, with its primary keys (journal payloads
refer to ids), so importing it into a database that has none of them gives the same
federation and the same journal head.

By default an export is meant for verifiers and may be published: people appear by id and
login only, with no password hashes and no email addresses. A full backup (``full_backup``,
``tanacs export --full-backup``) keeps those, for a restore where people sign in again; keep
it as secret as the database.
"""

from __future__ import annotations

from tanacs.archive.transfer import (
    FORMAT,
    FULL_BACKUP,
    VERIFIER,
    export_federation,
    import_federation,
)

__all__ = ["FORMAT", "FULL_BACKUP", "VERIFIER", "export_federation", "import_federation"]
