"""A whole federation as one JSON document: export it, and import it into another database.

An export holds every row the federation needs, with its primary keys (journal payloads
refer to ids), so importing it into a database that has none of them gives the same
federation and the same journal head.
"""

from __future__ import annotations

from tanacs.archive.transfer import FORMAT, export_federation, import_federation

__all__ = ["FORMAT", "export_federation", "import_federation"]
