#!/usr/bin/env python3
"""Check a tanacs export on your own machine, with nothing but Python's standard library.

    python3 tanacs_verify.py EXPORT.json      # an export made by `tanacs export`
    python3 tanacs_verify.py --self-test      # the fixed test vector of docs/journal.md

It follows the written specification (docs/journal.md and docs/ballots.md) and shares no
code with tanacs. It checks, and prints as it goes:

1. the chain: every entry's hash recomputed, the links, seq 1, 2, 3, ..., and the head;
2. the state: the journal replayed and compared with the exported tables;
3. every closed ballot: its result matches the closing entry, and the stored choices are
   recounted (yes/no with threshold and quorum, choose-one, approval; ranked methods: their
   turnout);
4. the published lists: each list rebuilt from the choices, its SHA-256 compared with the
   ballot's `list_sha256` and the closing entry's.

Exit status 0 when everything holds, 1 with one `FAILED:` line per problem otherwise.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

ZERO = "0" * 64
VECTOR = {
    "chain": "federation:6f1c2d3e-1956-4a10-8c23-000000001023",
    "seq": 1,
    "at": "1956-10-23T10:00:00.000000+00:00",
    "kind": "federation.created",
    "actor": "steward",
    "subject": "federation:1",
    "private": False,
    "prev_hash": ZERO,
    "payload": '{"levels":["workplace","district","city","national"],"name":"Workers\' Councils '
    'of Hungary","seat_rule":[100,1,5],"slug":"hungary-1956","steward_ids":[1],'
    '"stewards":["steward"]}',
}
VECTOR_HEADER = (
    '{"actor":"steward","at":"1956-10-23T10:00:00.000000+00:00","chain":"federation:'
    '6f1c2d3e-1956-4a10-8c23-000000001023","kind":"federation.created","prev":"'
    + ZERO
    + '","private":false,"seq":1,"subject":"federation:1"}'
)
VECTOR_HASH = "234317a16a538ab2f37e8baed5733b5461da653233e36d10b753f2a696696e3a"
MEMBER_KINDS = {"member.applied", "member.vouched", "member.admitted", "member.suspended",
                "member.reinstated", "member.left", "member.imported"}  # fmt: skip
BALLOT_KINDS = {"ballot.created", "ballot.opened", "ballot.closed", "ballot.declared",
                "ballot.cancelled"}  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Problems:
    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, text: str) -> None:
        self.found.append(text)
        print(f"FAILED: {text}")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_time(text: str) -> str:
    moment = datetime.fromisoformat(text).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"


def header(entry: dict[str, Any]) -> str:
    return canonical({
        "actor": entry["actor"], "at": utc_time(entry["at"]), "chain": entry["chain"],
        "kind": entry["kind"], "prev": entry["prev_hash"], "private": bool(entry["private"]),
        "seq": entry["seq"], "subject": entry["subject"],
    })  # fmt: skip


def entry_hash(entry: dict[str, Any]) -> str:
    return sha256(header(entry) + "\n" + entry["payload"])


def self_test() -> int:
    ok = header(VECTOR) == VECTOR_HEADER and entry_hash(VECTOR) == VECTOR_HASH
    print(f"self-test: the test vector of docs/journal.md hashes to {entry_hash(VECTOR)}")
    if not ok:
        print(f"FAILED: self-test: expected {VECTOR_HASH}")
        return 1
    print("self-test: OK")
    return 0


def rows(export: dict[str, Any], table: str) -> list[dict[str, Any]]:
    data = export["tables"].get(table, {"columns": [], "rows": []})
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


# 1. The chain ----------------------------------------------------------------------------


def check_chain(export: dict[str, Any], problems: Problems) -> list[dict[str, Any]]:
    entries = sorted(rows(export, "journal"), key=lambda e: e["seq"])
    chains = {f"federation:{f['uid']}" for f in rows(export, "federations")}
    prev = ZERO
    for number, entry in enumerate(entries, start=1):
        where = f"journal entry seq {entry['seq']} ({entry['kind']})"
        if entry["chain"] not in chains:
            problems.add(f"{where}: belongs to chain {entry['chain']}, not the federation's")
        if entry["seq"] != number:
            problems.add(f"{where}: expected seq {number}, the chain has a gap")
        if entry["prev_hash"] != prev:
            problems.add(f"{where}: prev_hash does not name the hash of the entry before it")
        if entry_hash(entry) != entry["hash"]:
            problems.add(f"{where}: its hash does not match its content (changed after writing)")
        prev = entry["hash"]
    head = export.get("journal_head")
    last = entries[-1] if entries else None
    if head is None or last is None:
        if head is not None or last is not None:
            problems.add("journal head: an export with entries must have a head, and vice versa")
    elif head["seq"] != last["seq"] or head["hash"] != last["hash"]:
        problems.add(f"journal head: names seq {head['seq']} but the last entry is seq "
                     f"{last['seq']} (entries were added or lost)")  # fmt: skip
    print(f"chain: {len(entries)} entries, hashes, links, seq and head checked")
    return entries


# 2. The replayed state -------------------------------------------------------------------


def subject_id(entry: dict[str, Any]) -> int:
    return int(entry["subject"].rsplit(":", 1)[1])


def replay(entries: list[dict[str, Any]], problems: Problems) -> dict[str, Any]:
    s: dict[str, Any] = {
        "federations": {}, "stewards": set(), "councils": {}, "officers": set(),
        "memberships": {}, "vouches": set(), "seats": {}, "seat_holders": {}, "ballots": {},
    }  # fmt: skip
    for entry in entries:
        try:
            apply(s, entry, json.loads(entry["payload"]))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            problems.add(f"journal entry seq {entry['seq']} ({entry['kind']}): its rule cannot "
                         f"apply ({type(exc).__name__}: {exc})")  # fmt: skip
    return s


def apply(s: dict[str, Any], entry: dict[str, Any], p: dict[str, Any]) -> None:
    kind = entry["kind"]
    if kind == "federation.created":
        fid = subject_id(entry)
        s["federations"][fid] = [p["slug"], p["name"], p["levels"], *p["seat_rule"]]
        s["stewards"].update((fid, person) for person in p["steward_ids"])
    elif kind == "federation.seat_rule_set":
        s["federations"][subject_id(entry)][3:6] = p["seat_rule"]
    elif kind == "council.created":
        s["councils"][p["council"]] = [p["slug"], p["name"], p["level"], p["parent"],
                                       p["vouches_needed"]]  # fmt: skip
        s["officers"].update((p["council"], person) for person in p.get("officer_ids", []))
    elif kind == "council.moved":
        s["councils"][p["council"]][3] = p["to"]
    elif kind == "council.vouches_needed_set":
        s["councils"][p["council"]][4] = p["vouches_needed"]
    elif kind == "council.officer_appointed":
        s["councils"][p["council"]]
        s["officers"].add((p["council"], p["officer_id"]))
    elif kind == "council.officer_removed":
        s["officers"].discard((p["council"], p["officer_id"]))
    elif kind in MEMBER_KINDS:
        s["councils"][p["council"]]
        old = s["memberships"].get(p["membership"])
        reason = old[3] if old else ""
        if "reason" in p:
            reason = p["reason"]
        elif old and old[2] == "suspended" and p["status"] == "active":
            reason = ""
        s["memberships"][p["membership"]] = [p["council"], p["person_id"], p["status"], reason]
        if kind == "member.vouched":
            s["vouches"].add((p["membership"], p["voucher_id"]))
    elif kind == "seat.holders_set":
        seat = subject_id(entry)
        s["seats"][seat] = [p["council"], p["seat"]]
        for key in [k for k in s["seat_holders"] if k[0] == seat]:
            del s["seat_holders"][key]
        for position, person in enumerate(p["holder_ids"]):
            s["seat_holders"][seat, position] = [person, "available", ""]
    elif kind == "seat.holder_status":
        seat = subject_id(entry)
        found = [k for k, v in s["seat_holders"].items() if k[0] == seat and v[0] == p["person_id"]]
        if not found:
            raise KeyError(f"seat {seat} has no holder {p['person_id']}")
        s["seat_holders"][min(found)][1:3] = [p["status"], p["reason"]]
    elif kind in BALLOT_KINDS:
        ballot = subject_id(entry)
        if kind == "ballot.created":
            s["ballots"][ballot] = [p["council"], p["state"]]
        else:
            s["ballots"][ballot][1] = p["state"]


def tables_state(export: dict[str, Any]) -> dict[str, Any]:
    def keyed(table: str, key: str, columns: list[str]) -> dict[Any, list[Any]]:
        return {r[key]: [r[c] for c in columns] for r in rows(export, table)}

    return {
        "federations": keyed(
            "federations",
            "id",
            ["slug", "name", "levels", "members_per_seat", "seats_min", "seats_max"],
        ),
        "stewards": {(r["federation_id"], r["user_id"]) for r in rows(export, "stewards")},
        "councils": keyed(
            "councils", "id", ["slug", "name", "level", "parent_id", "vouches_needed"]
        ),
        "officers": {(r["council_id"], r["person_id"]) for r in rows(export, "officers")},
        "memberships": keyed("memberships", "id", ["council_id", "person_id", "status", "reason"]),
        "vouches": {(r["membership_id"], r["voucher_id"]) for r in rows(export, "vouches")},
        "seats": keyed("seats", "id", ["council_id", "number"]),
        "seat_holders": {
            (r["seat_id"], r["position"]): [r["person_id"], r["status"], r["reason"]]
            for r in rows(export, "seat_holders")
        },
        "ballots": keyed("ballots.ballot", "id", ["council_id", "state"]),
    }


def check_state(export: dict[str, Any], entries: list[dict[str, Any]], problems: Problems) -> None:
    replayed = replay(entries, problems)
    stored = tables_state(export)
    for part, want in replayed.items():
        have = stored[part]
        if isinstance(want, set):
            for item in sorted(want - have, key=repr):
                problems.add(f"{part}: the journal has {item} but the export does not")
            for item in sorted(have - want, key=repr):
                problems.add(f"{part}: the export has {item} that no journal entry made")
            continue
        for key in sorted(set(want) | set(have), key=repr):
            if want.get(key) != have.get(key):
                problems.add(f"{part} {key}: the journal gives {want.get(key)}, the export has "
                             f"{have.get(key)}")  # fmt: skip
    # Derived counts.
    councils = {r["id"]: r for r in rows(export, "councils")}
    members: dict[int, int] = defaultdict(int)
    for m in replayed["memberships"].values():
        if m[2] == "active":
            members[m[0]] += 1
    children: dict[int, list[int]] = defaultdict(list)
    for cid, c in replayed["councils"].items():
        if c[3] is not None:
            children[c[3]].append(cid)

    def represented(cid: int) -> int:
        return members[cid] + sum(represented(k) for k in children[cid])

    for cid, row in councils.items():
        want = (members[cid], represented(cid))
        have = (row["member_count"], row["represented_count"])
        if want != have:
            problems.add(f"councils {cid}: member_count, represented_count are {have}, "
                         f"the journal gives {want}")  # fmt: skip
    print(f"state: journal replayed; {', '.join(replayed)} and council counts compared")


# 3 and 4. Ballots ------------------------------------------------------------------------


def csv_cell(text: str) -> str:
    if not text:
        return text
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if any(c in text for c in (",", '"', "\n", "\r")):
        text = '"' + text.replace('"', '""') + '"'
    return text


def threshold_passes(kind: str, share: str, yes: Fraction, no: Fraction, abstain: Fraction,
                     electorate: Fraction) -> bool:  # fmt: skip
    if kind == "simple":
        return yes > Fraction(1, 2) * (yes + no)
    if kind == "absolute":
        return yes > Fraction(1, 2) * electorate
    if kind == "two-thirds":
        return yes >= Fraction(2, 3) * (yes + no)
    if kind == "fraction":
        return yes > Fraction(share) * (yes + no)
    raise ValueError(f"unknown threshold {kind!r}")


def recount(ballot: dict[str, Any], profile: dict[str, int], electorate: int,
            published: dict[str, Any], where: str, problems: Problems) -> None:  # fmt: skip
    """Compare one council's (or the total) published summary with the recounted profile."""
    turnout = sum(profile.values())
    got: dict[str, Any] = {"turnout": turnout, "electorate": electorate}
    method = ballot["method"]
    if method == "yesno":
        yes, no, abstain = (Fraction(profile.get(m, 0)) for m in ("yes", "no", "abstain"))
        got.update(yes=yes, no=no, abstain=abstain)
        passed = False
        if turnout and electorate:
            quorum = Fraction(ballot["quorum"]) if ballot["quorum"] else None
            met = quorum is None or turnout >= quorum * electorate
            passed = met and threshold_passes(ballot["threshold"], ballot["threshold_share"],
                                              yes, no, abstain, Fraction(electorate))  # fmt: skip
        got["passed"] = passed
    elif method in ("choose-one", "approval"):
        votes = {o: 0 for o in ballot["options"]}
        for marks, weight in profile.items():
            picked = [marks] if method == "choose-one" else marks.split("+") if marks else []
            for index in picked:
                votes[ballot["options"][int(index)]] += weight
        quorum = Fraction(ballot["quorum"]) if ballot["quorum"] else None
        if turnout and electorate and (quorum is None or turnout >= quorum * electorate):
            got["votes" if method == "choose-one" else "approvals"] = votes
            top = max(votes.values())
            tied = [o for o, v in votes.items() if v == top]
            winners = published.get("winners", [])
            if len(winners) != 1 or winners[0] not in tied:
                problems.add(f"{where}: winners {winners}, but the most votes went to {tied}")
        elif published.get("winners"):
            problems.add(f"{where}: winners {published['winners']}, but nothing was counted "
                         "(no votes, or the quorum was not met)")  # fmt: skip
    for key, value in got.items():
        have = published.get(key)
        if isinstance(value, dict):
            same = isinstance(have, dict) and value == {
                k: Fraction(str(v)) for k, v in have.items()
            }
        elif isinstance(value, bool):
            same = have is value
        else:
            same = have is not None and Fraction(str(have)) == value
        if not same:
            problems.add(f"{where}: published {key} is {have}, the recount gives {value}")


def check_ballots(
    export: dict[str, Any], entries: list[dict[str, Any]], problems: Problems
) -> None:
    choices: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in rows(export, "ballots.choice"):
        choices[c["ballot_id"]].append(c)
    electors: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in rows(export, "ballots.elector"):
        electors[e["ballot_id"]].append(e)
    logins = {p["id"]: p["username"] for p in rows(export, "people")}
    closing = {subject_id(e): json.loads(e["payload"]) for e in entries
               if e["kind"] == "ballot.closed"}  # fmt: skip
    opening = {subject_id(e): json.loads(e["payload"]) for e in entries
               if e["kind"] == "ballot.opened"}  # fmt: skip
    declaring = {
        subject_id(e): json.loads(e["payload"]) for e in entries if e["kind"] == "ballot.declared"
    }
    checked = 0
    for ballot in rows(export, "ballots.ballot"):
        if ballot["state"] not in ("closed", "declared"):
            continue
        checked += 1
        bid = ballot["id"]
        where = f"ballot {bid}"
        closed = closing.get(bid)
        if closed is None:
            problems.add(f"{where}: closed, but the journal has no ballot.closed entry for it")
            continue
        check_opening(ballot, electors[bid], opening.get(bid), where, problems)
        result = json.loads(ballot["result"])
        if sha256(ballot["result"]) != ballot["result_sha256"]:
            problems.add(f"{where}: the stored result does not hash to its result_sha256")
        if result != closed["result"] or ballot["result_sha256"] != closed["result_sha256"]:
            problems.add(f"{where}: the stored result differs from the one the closing entry "
                         "published")  # fmt: skip
        declared = declaring.get(bid)
        if declared is not None and (
            declared["result_sha256"] != closed["result_sha256"]
            or declared["passed"] != result.get("passed")
            or declared["winners"] != result.get("winners")
        ):
            problems.add(f"{where}: the declaring entry does not repeat the closing result")
        voted = [e for e in electors[bid] if e["voted"]]
        mine = choices[bid]
        if (len(voted), sum(e["weight"] for e in voted)) != (
            closed["voted"],
            closed["voted_weight"],
        ):
            problems.add(f"{where}: {len(voted)} elector rows are marked voted, the closing "
                         f"entry says {closed['voted']}")  # fmt: skip
        if len(mine) != closed["voted"] or result.get("voters") != len(mine):
            problems.add(f"{where}: {len(mine)} choices stored, but {closed['voted']} electors "
                         f"voted and the result counts {result.get('voters')}")  # fmt: skip
        shown = recount_ballot(ballot, mine, electors[bid], result, where, problems)
        check_list(ballot, mine, shown, logins, closed, where, problems)
    print(f"ballots: {checked} closed ballots recounted and their lists hashed")


def check_opening(
    ballot: dict[str, Any],
    electors: list[dict[str, Any]],
    opened: dict[str, Any] | None,
    where: str,
    problems: Problems,
) -> None:
    if opened is None:
        problems.add(f"{where}: the journal has no ballot.opened entry for it")
        return
    members = sorted(
        (e for e in electors if e["seat_number"] is None), key=lambda e: e["person_id"]
    )
    seats = sorted((e for e in electors if e["seat_number"] is not None),
                   key=lambda e: (e["council_id"], e["seat_number"]))  # fmt: skip
    text = "".join(f"{e['person_id']},{e['council_id']},{e['weight']}\n" for e in members)
    text += "".join(f"seat {e['seat_number']},{e['council_id']},{e['weight']}\n" for e in seats)
    if sha256(text) != opened["electorate_sha256"] or len(electors) != opened["electors"]:
        problems.add(f"{where}: the elector rows are not the electorate fixed when it opened")
    if sha256(canonical(ballot["council_tree"])) != opened["tree_sha256"]:
        problems.add(f"{where}: its council tree is not the one fixed when it opened")


def recount_ballot(ballot: dict[str, Any], choices: list[dict[str, Any]],
                   electors: list[dict[str, Any]], result: dict[str, Any], where: str,
                   problems: Problems) -> dict[int, int]:  # fmt: skip
    """Recount per docs/ballots.md; returns council -> the council its ballots are listed under."""
    tree = {row[0]: row for row in ballot["council_tree"]}
    root = ballot["council_id"]
    referendum = ballot["electorate"] == "referendum"

    def home(council: int) -> int:
        return council if referendum and council in tree else root

    profiles: dict[int, dict[str, int]] = {pk: defaultdict(int) for pk in tree}
    weight: dict[int, int] = dict.fromkeys(tree, 0)
    voters: dict[int, int] = dict.fromkeys(tree, 0)
    for c in choices:
        profiles[home(c["council_id"])][c["marks"]] += c["weight"]
        voters[home(c["council_id"])] += 1
    for e in electors:
        weight[home(e["council_id"])] += e["weight"]
    for pk in sorted(tree, key=lambda pk: (tree[pk][2], pk)):  # bottom up
        parent = tree[pk][1]
        if parent is not None:
            for marks, w in profiles[pk].items():
                profiles[parent][marks] += w
            weight[parent] += weight[pk]
            voters[parent] += voters[pk]
    recount(ballot, dict(profiles[root]), weight[root], result["total"], f"{where} total",
            problems)  # fmt: skip
    withheld = withhold(tree, root, voters, ballot["min_reported"]) if referendum else set()
    published = {c["council"]: c for c in result.get("councils", [])}
    if referendum and set(published) != set(tree):
        problems.add(f"{where}: the result reports on councils {sorted(published)}, "
                     f"the tree fixed at open has {sorted(tree)}")  # fmt: skip
    for pk, council in sorted(published.items()):
        if council["withheld"] != (pk in withheld) or council["voters"] != voters.get(pk):
            problems.add(f"{where} council {pk}: published voters {council['voters']}, "
                         f"withheld {council['withheld']}; the recount gives {voters.get(pk)}, "
                         f"withheld {pk in withheld}")  # fmt: skip
        if pk in withheld or pk not in tree:
            continue
        recount(ballot, dict(profiles[pk]), weight[pk], council["summary"] or {},
                f"{where} council {pk}", problems)  # fmt: skip
    shown = {}
    for pk in tree:
        target = pk
        while target in withheld and tree[target][1] is not None:
            target = tree[target][1]
        shown[pk] = target
    return shown


def withhold(tree: dict[int, list[Any]], root: int, voters: dict[int, int], least: int) -> set[int]:
    """The councils whose figures a referendum withholds (docs/ballots.md)."""
    children: dict[int, list[int]] = defaultdict(list)
    for pk in sorted(tree):
        if tree[pk][1] is not None:
            children[tree[pk][1]].append(pk)
    withheld = {pk for pk in tree if pk != root and voters[pk] < least}
    changed = True
    while changed:
        changed = False
        for pk in sorted(tree):
            kids = children[pk]
            hidden = [k for k in kids if k in withheld]
            shown = [k for k in kids if k not in withheld]
            if (len(hidden) == 1 and shown) or (pk in withheld and kids and not hidden):
                withheld.add(min(shown, key=lambda k: (voters[k], k)))
                changed = True
    return withheld


def check_list(ballot: dict[str, Any], choices: list[dict[str, Any]], shown: dict[int, int],
               logins: dict[int, str], closed: dict[str, Any], where: str,
               problems: Problems) -> None:  # fmt: skip
    root = ballot["council_id"]
    lines = []
    for c in sorted(choices, key=lambda c: c["receipt_hash"]):
        council = shown.get(c["council_id"], root)
        voter = "" if ballot["secret"] or c["voter_id"] is None else logins.get(c["voter_id"], "")
        receipt = c["receipt_hash"] if c["receipt_hash"].isalnum() else csv_cell(c["receipt_hash"])
        lines.append(
            f"{receipt},{council},{c['weight']},{csv_cell(c['marks'])},{csv_cell(voter)}\n"
        )
    digest = sha256("receipt_hash,council,weight,marks,voter\n" + "".join(lines))
    if digest != ballot["list_sha256"] or digest != closed["list_sha256"]:
        problems.add(f"{where}: the ballot list rebuilt from the choices hashes to {digest}, "
                     f"not the published list_sha256 {closed['list_sha256']}")  # fmt: skip


def main(argv: list[str]) -> int:
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: tanacs_verify.py EXPORT.json | --self-test", file=sys.stderr)
        return 2
    if self_test():
        return 1
    try:
        with open(argv[1], encoding="utf-8") as f:
            export = json.load(f)
        export["tables"]["journal"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"FAILED: {argv[1]} is not a readable tanacs export ({type(exc).__name__}: {exc})")
        return 1
    print(f"export of {export.get('federation')} ({export.get('format')}, "
          f"{export.get('contents')})")  # fmt: skip
    problems = Problems()
    try:
        entries = check_chain(export, problems)
        check_state(export, entries, problems)
        check_ballots(export, entries, problems)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        problems.add(f"the export is malformed and could not be checked further "
                     f"({type(exc).__name__}: {exc})")  # fmt: skip
    if problems.found:
        print(f"{len(problems.found)} problem(s): the export does NOT hold")
        return 1
    print("everything holds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
