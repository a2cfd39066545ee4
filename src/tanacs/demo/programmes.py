"""The words of the demo's programmes, as the source texts kept with the design notes give
them. tanacs reads this module, never the texts themselves.

The sources quote some points only (the students' resolution had 16 points; the texts name
six of them, the Egyesült Izzó declaration had 10, the texts give two), so the demo lists
the points the sources quote and says so.
"""

from __future__ import annotations

__all__ = [
    "CSEPEL_CONDITIONS",
    "IZZO_DECLARATION",
    "JOINT_OPENING",
    "JOINT_OTHERS",
    "STUDENTS_POINTS",
]

# "They organized their demands in 16 point resolution, which included: withdrawal of the
# Soviet troops from Hungary; granting free elections, liberty of speech and press;
# abolishment of surrendering of goods and the right to sell Hungarian uranium deposits on
# the free market; removal of the Stalin statues; Imre Nagy to be appointed prime minister."
STUDENTS_POINTS = [
    "Withdrawal of the Soviet troops from Hungary.",
    "Free elections.",
    "Liberty of speech and press.",
    "An end to the surrendering of goods, and the right to sell Hungary's uranium deposits "
    "on the free market.",
    "Removal of the Stalin statues.",
    "Imre Nagy to be appointed prime minister.",
]

# "The workers' council demanded the dismissal of the factory directors appointed by the
# bureaucracy and their replacement by workers' committees at all levels of production.
# 'Let us demonstrate that we can settle matters better than our blind, tyrannical bosses,'
# read the council's 10-point declaration."
IZZO_DECLARATION = [
    "The dismissal of the factory directors appointed by the bureaucracy.",
    "Their replacement by workers' committees at all levels of production: let us "
    "demonstrate that we can settle matters better than our blind, tyrannical bosses.",
]

# "They would go back to work only if political prisoners were released and Soviet troops
# withdrawn."
CSEPEL_CONDITIONS = [
    "Political prisoners released.",
    "Soviet troops withdrawn.",
]

# "A meeting of the delegates of the workers' councils from the biggest factories in
# Budapest agreed upon a program, which began with the statement: 'The factories belong to
# the workers.'"
JOINT_OPENING = "The factories belong to the workers."

# "Many councils quickly issued programmes calling for political and civil liberty, the
# withdrawal of Russian troops, workers management of the workplace and of industry, the
# banning of the AVO and freedom for trade unionists and parties." / "They demanded that a
# National Worker's Council be set up."
JOINT_OTHERS = [
    "Political and civil liberty.",
    "The banning of the AVO.",
    "Freedom for trade unionists and parties.",
    "A National Workers' Council to be set up.",
]
