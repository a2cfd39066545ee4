"""The 1956 federation of workers' councils, as the demo loads it.

Places, bodies and dates come from the source texts kept with the design notes (Socialist
Worker, WSWS, the "1956: The Hungarian Revolution" pamphlet and two histories). Where a text
gives a size it is used and marked ``SEED``; every other size is a plausible figure chosen
for the demo and marked ``PLAUSIBLE``. Workplace names the texts only hint at ("a workers'
council was set up in the Miskolc factory", "the shipyards of the Danube", "the mines") are
given the names of the works that stood there, also marked ``PLAUSIBLE``.

tanacs reads this module, never the texts themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "COUNCILS",
    "DEMO_LOGINS",
    "FAMILY_NAMES",
    "FEDERATION",
    "GIVEN_NAMES",
    "LEVELS",
    "NAMED_MEMBERS",
    "UNAVAILABLE",
    "DemoCouncil",
    "DemoLogin",
]

SEED = "seed"
PLAUSIBLE = "plausible"

LEVELS = ["workplace", "district", "city", "national"]

FEDERATION: dict[str, Any] = {
    "slug": "hungary-1956",
    "name": "Workers' Councils of Hungary, 1956",
    "description": (
        "The federation of workers' councils of October-November 1956: factory councils "
        "elected from 24 October, district and town councils, the Central Workers' Council "
        "of Greater Budapest and the National Workers' Council called for 21 November. "
        "Every member and officer here is fictional."
    ),
    # One seat in the parent per 1,000 members represented, at least 1, at most 3 (PLAUSIBLE).
    "members_per_seat": 1000,
    "seats_min": 1,
    "seats_max": 3,
}


@dataclass(frozen=True)
class DemoCouncil:
    slug: str
    name: str
    level: int
    parent: str | None
    place: str
    description: str
    members: int = 0  # base councils only: members at full demo size
    size_source: str = PLAUSIBLE


NATIONAL, CITY, DISTRICT, WORKPLACE = 3, 2, 1, 0

COUNCILS: list[DemoCouncil] = [
    DemoCouncil(
        "national", "National Workers' Council", NATIONAL, None, "Budapest",
        "Called for 21 November 1956. The police and the army bolted the meeting place; the "
        "delegates reconvened at another site and held their meeting.",
    ),
    # --- Greater Budapest -------------------------------------------------------------
    DemoCouncil(
        "greater-budapest", "Central Workers' Council of Greater Budapest", CITY, "national",
        "Budapest",
        "Delegates of the workers' councils of the biggest Budapest factories; its programme "
        "began \"The factories belong to the workers.\" Outlawed on 9 November.",
    ),
    DemoCouncil(
        "ujpest", "Újpest district workers' council", DISTRICT, "greater-budapest", "Újpest",
        "Industrial suburb north of the city.",
    ),
    DemoCouncil(
        "csepel-district", "Csepel district workers' council", DISTRICT, "greater-budapest",
        "Csepel", "\"Red Csepel\": the last armed resistance there ended on 11 November.",
    ),
    DemoCouncil(
        "angyalfold", "Angyalföld district workers' council", DISTRICT, "greater-budapest",
        "Angyalföld", "Riverside district of the Danube shipyards.",
    ),
    DemoCouncil(
        "lagymanyos", "Lágymányos district council of workers and students", DISTRICT,
        "greater-budapest", "Lágymányos",
        "Where the students of the Technical University drew up their 16 points.",
    ),
    DemoCouncil(
        "egyesult-izzo", "Egyesült Izzó lamp factory workers' council", WORKPLACE, "ujpest",
        "Újpest",
        "The first workers' council, elected on 24 October 1956 as Soviet tanks rolled into "
        "the city; its 10-point declaration: \"Let us demonstrate that we can settle matters "
        "better than our blind, tyrannical bosses.\"",
        10_000, SEED,
    ),
    DemoCouncil(
        "ujpest-spinning", "Újpest spinning mill workers' council", WORKPLACE, "ujpest",
        "Újpest", "Textile workers of the suburb.", 2_000,
    ),
    DemoCouncil(
        "csepel-works", "Csepel iron and steel works workers' council", WORKPLACE,
        "csepel-district", "Csepel",
        "Sit-down strike in the iron and steel mills demanding the release of their leaders: "
        "\"in the factory we are united.\"",
        15_000,
    ),
    DemoCouncil(
        "csepel-port", "Csepel free port workers' council", WORKPLACE, "csepel-district",
        "Csepel", "Dockers of the Danube port.", 1_200,
    ),
    DemoCouncil(
        "danube-shipyard", "Danube shipyard workers' council", WORKPLACE, "angyalfold",
        "Angyalföld", "Workers' councils were set up in the shipyards of the Danube.", 4_000,
    ),
    DemoCouncil(
        "technical-university", "Technical University students' council", WORKPLACE,
        "lagymanyos", "Budapest",
        "Students of the University of Technology; their 16-point resolution of 22 October "
        "called the demonstration of 23 October.",
        5_000,
    ),
    # --- Miskolc ------------------------------------------------------------------------
    DemoCouncil(
        "miskolc", "Miskolc workers' council", CITY, "national", "Miskolc",
        "Main industrial town of the north-east, where the general strike spread.",
    ),
    DemoCouncil(
        "diosgyor", "Diósgyőr district workers' council", DISTRICT, "miskolc", "Diósgyőr",
        "The works district of Miskolc.",
    ),
    DemoCouncil(
        "diosgyor-works", "Diósgyőr iron works workers' council", WORKPLACE, "diosgyor",
        "Miskolc",
        "\"A workers' council was set up in the Miskolc factory\" on 25 October; the same "
        "afternoon the workers put their demands to the government.",
        12_000,
    ),
    DemoCouncil(
        "miskolc-university", "Miskolc university students' council", WORKPLACE, "diosgyor",
        "Miskolc", "Students of the technical university of the town.", 1_000,
    ),
    # --- Győr ---------------------------------------------------------------------------
    DemoCouncil(
        "gyor", "Győr town council", CITY, "national", "Győr",
        "A meeting of council delegates at Győr reaffirmed their demands to Nagy.",
    ),
    DemoCouncil(
        "gyor-industrial", "Győr industrial district council", DISTRICT, "gyor", "Győr",
        "The factory quarter of the town.",
    ),
    DemoCouncil(
        "raba-works", "Rába wagon and machine works workers' council", WORKPLACE,
        "gyor-industrial", "Győr", "The largest works of Győr.", 8_000,
    ),
    # --- Pécs ---------------------------------------------------------------------------
    DemoCouncil(
        "pecs", "Pécs revolutionary committee", CITY, "national", "Pécs",
        "By 25 October the workers of Pécs had established the first revolutionary committee.",
    ),
    DemoCouncil(
        "mecsek", "Mecsek mining district council", DISTRICT, "pecs", "Pécs",
        "The coal-mining district above the town.",
    ),
    DemoCouncil(
        "mecsek-mines", "Mecsek coal mines workers' council", WORKPLACE, "mecsek", "Pécs",
        "Councils were set up \"in the mines\".", 6_000,
    ),
    # --- Debrecen -----------------------------------------------------------------------
    DemoCouncil(
        "debrecen", "Debrecen revolutionary council", CITY, "national", "Debrecen",
        "One of the main industrial towns the strike spread to.",
    ),
    DemoCouncil(
        "debrecen-central", "Debrecen central district council", DISTRICT, "debrecen",
        "Debrecen", "Workshops and the university.",
    ),
    DemoCouncil(
        "debrecen-railway", "Debrecen railway workshops workers' council", WORKPLACE,
        "debrecen-central", "Debrecen", "Railway repair workshops.", 2_000,
    ),
    DemoCouncil(
        "debrecen-university", "Debrecen university students' council", WORKPLACE,
        "debrecen-central", "Debrecen", "Students of the university of Debrecen.", 3_000,
    ),
    # --- Szolnok ------------------------------------------------------------------------
    DemoCouncil(
        "szolnok", "Szolnok town council", CITY, "national", "Szolnok",
        "Industrial town on the Tisza named among those the strike spread to.",
    ),
    DemoCouncil(
        "szolnok-railway-district", "Szolnok railway district council", DISTRICT, "szolnok",
        "Szolnok", "The railway quarter.",
    ),
    DemoCouncil(
        "szolnok-railway", "Szolnok railway workshops workers' council", WORKPLACE,
        "szolnok-railway-district", "Szolnok", "Railway vehicle repair works.", 2_500,
    ),
    # --- Dunapentele --------------------------------------------------------------------
    DemoCouncil(
        "dunapentele", "Dunapentele town workers' council", CITY, "national", "Dunapentele",
        "\"Dunapentele is the leading socialist town in Hungary. In this town, all "
        "inhabitants are workers and they have the power here.\"",
    ),
    DemoCouncil(
        "dunapentele-works-district", "Dunapentele works district council", DISTRICT,
        "dunapentele", "Dunapentele", "The town built around the iron and steel works.",
    ),
    DemoCouncil(
        "dunapentele-works", "Dunapentele iron and steel works workers' council", WORKPLACE,
        "dunapentele-works-district", "Dunapentele",
        "The huge iron and steel works the town was built around; its council held the town "
        "during the siege.",
        8_000,
    ),
]  # fmt: skip


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


# Printed by ``tanacs demo``; these few are hashed with Django's normal password hasher.
DEMO_LOGINS = [
    DemoLogin("steward", "steward-1956", "steward of the federation (founded it)"),
    DemoLogin("izzo-officer", "izzo-officer-1956", "officer of the Egyesült Izzó council"),
    DemoLogin("member", "member-1956", "ordinary member of the Egyesült Izzó council"),
    DemoLogin("applicant", "applicant-1956", "applicant to Egyesült Izzó, awaiting vouches"),
]

# The delegate of this base council's first seat was taken; the first substitute sits.
UNAVAILABLE = ("csepel-works", 1, "arrested 4 November 1956")

# Short lists combined with a number: clearly fictional people.
GIVEN_NAMES = [
    "Anna", "Ágnes", "Erzsébet", "Éva", "Ilona", "Júlia", "Katalin", "Klára", "Mária",
    "Margit", "Zsuzsanna", "András", "Béla", "Ferenc", "Gábor", "György", "István", "János",
    "József", "Károly", "László", "Mihály", "Péter", "Sándor", "Tibor", "Zoltán",
]  # fmt: skip
FAMILY_NAMES = [
    "Balogh", "Farkas", "Fekete", "Horváth", "Kiss", "Kovács", "Lakatos", "Molnár",
    "Nagy", "Németh", "Papp", "Simon", "Szabó", "Szilágyi", "Takács", "Tóth", "Török",
    "Varga", "Vass", "Vörös",
]  # fmt: skip
NAMED_MEMBERS = len(GIVEN_NAMES) * len(FAMILY_NAMES)
