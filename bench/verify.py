"""``tanacs verify`` over a million journal entries (target: under 20 s).

Peers over the very same bytes (each entry's canonical header, a newline, its payload):
``sha256sum`` hashing them as one stream (the hashing floor, with no per-entry work), and
Python's hashlib taking one digest per entry from memory (the floor for a per-entry chain,
with no database read). Ratios are tanacs over each.

    .venv/bin/python bench/verify.py [--home DIR | --database-url URL] [--members 1000000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import LAST_CPU, ROOT, env_for, machine_note, tanacs


def messages(env: dict[str, str]) -> list[bytes]:
    """Every entry's hashed bytes, read through tanacs's own code in a child process."""
    script = (
        "import django, sys; django.setup()\n"
        "from tanacs.journal.models import Entry\n"
        "from tanacs.journal.chain import canonical, format_time\n"
        "out = sys.stdout.buffer\n"
        "rows = Entry.objects.order_by('chain', 'seq').values_list("
        "'chain','seq','at','kind','actor','subject','private','payload','prev_hash')\n"
        "for c, s, at, k, a, sub, p, payload, prev in rows.iterator(chunk_size=20000):\n"
        "    h = canonical({'actor': a, 'at': format_time(at), 'chain': c, 'kind': k,"
        " 'prev': prev, 'private': p, 'seq': s, 'subject': sub})\n"
        "    m = f'{h}\\n{payload}'.encode()\n"
        "    out.write(len(m).to_bytes(4, 'big') + m)\n"
    )
    env = dict(env, DJANGO_SETTINGS_MODULE="tanacs.config.settings", TANACS_LOCAL="1")
    raw = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         check=True, cwd=ROOT).stdout  # fmt: skip
    found, i = [], 0
    while i < len(raw):
        n = int.from_bytes(raw[i : i + 4], "big")
        found.append(raw[i + 4 : i + 4 + n])
        i += 4 + n
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="a TANACS_HOME with the demo loaded")
    parser.add_argument("--database-url", help="a PostgreSQL database with the demo loaded")
    parser.add_argument("--members", type=int, default=1_000_000)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="tanacs-bench-"))
    env = env_for(home=home, database_url=args.database_url)
    if args.home is None and args.database_url is None:
        tanacs("migrate", "--verbosity", "0", env=env)
        tanacs("load-demo", "--members", str(args.members), "--councils", "10000", env=env)
    print(f"tanacs verify; {machine_note()}")
    wall, peak, out = tanacs("verify", env=env)
    cpu = LAST_CPU[0]
    entries = sum(int(line.split(": ")[1].split()[0]) for line in out.splitlines()
                  if " entries, head " in line)  # fmt: skip
    data = messages(env)
    assert len(data) == entries, (len(data), entries)
    with tempfile.NamedTemporaryFile(delete=False) as stream:
        for message in data:
            stream.write(message)
    started = time.perf_counter()
    subprocess.run(["sha256sum", stream.name], check=True, capture_output=True)
    sha256sum = time.perf_counter() - started
    os.unlink(stream.name)
    started = time.perf_counter()
    for message in data:
        hashlib.sha256(message).hexdigest()
    per_entry = time.perf_counter() - started
    print(f"entries: {entries:,} ({sum(map(len, data)) / 1e6:.0f} MB hashed)")
    print(f"tanacs verify:             {wall:7.2f} s  (CPU {cpu:.2f} s)  peak {peak:.0f} MB")
    print(f"sha256sum, one stream:     {sha256sum:7.2f} s  ratio {wall / sha256sum:.1f}x")
    print(f"hashlib, one per entry:    {per_entry:7.2f} s  ratio {wall / per_entry:.1f}x")
    print("target: under 20 s")


if __name__ == "__main__":
    main()
