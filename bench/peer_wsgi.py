"""The casting benchmark's server: tanacs, plus one bare endpoint as the peer.

``POST /bench/peer-vote/`` does what a minimal vote store does and nothing more: look up the
API token, insert one row. No electorate, locks, secrecy or receipts. Everything else goes to
tanacs unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction
from django.urls import get_resolver

from tanacs.config.wsgi import application as tanacs_application

PEER_TABLE = "bench_peer_vote"
# Import every view (and the tally engine behind them) before gunicorn forks its workers.
get_resolver().url_patterns  # noqa: B018


def application(environ: dict[str, Any], start_response: Any) -> Any:
    if environ.get("PATH_INFO") != "/bench/peer-vote/":
        return tanacs_application(environ, start_response)
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Token ")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT user_id FROM authtoken_token WHERE key = %s", [token])
        row = cursor.fetchone()
        if row is None:
            start_response("401 Unauthorized", [("Content-Length", "0")])
            return [b""]
        cursor.execute(
            f"INSERT INTO {PEER_TABLE} (person_id, choice) VALUES (%s, %s)",
            [row[0], str(body.get("choice"))],
        )
    payload = b'{"ok":true}'
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(payload)))])  # fmt: skip
    return [payload]
