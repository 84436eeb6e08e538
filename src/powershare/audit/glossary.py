"""Plain definitions of the measures and words an audit report uses.

:data:`TERMS` holds each term once: its name, the words that show a report uses it, and a
definition a reader without a background in voting power can follow. :func:`terms_used`
picks the terms a given text mentions, so that a report's glossary explains exactly what that
report says and nothing else.

>>> [t.term for t in terms_used("Gini of Banzhaf power 0.38")]
['Banzhaf power', 'Gini coefficient']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TERMS", "Term", "terms_used"]


@dataclass(frozen=True)
class Term:
    """A term, the words (regular expressions, case-insensitive) that show it is used, and its
    definition."""

    term: str
    triggers: tuple[str, ...]
    definition: str


TERMS: tuple[Term, ...] = (
    Term(
        "Banzhaf power",
        (r"banzhaf",),
        "The share of all decisive moments that belong to a member: count, over every possible "
        "coalition, how often the member's switching its vote would change the outcome, then "
        "divide by the total over all members (Banzhaf 1965; Penrose 1946). The report's main "
        "measure of power; the shares add up to 100%.",
    ),
    Term(
        "Shapley-Shubik power",
        (r"shapley",),
        "The share of all orders of voting in which the member casts the vote that first makes "
        "the decision pass (Shapley & Shubik 1954). Usually close to Banzhaf power; where they "
        "differ, the report shows both.",
    ),
    Term(
        "Penrose measure (absolute Banzhaf power)",
        (r"penrose", r"abs\. banzhaf"),
        "The probability that a member decides the outcome when every member votes yes or no "
        "at random, like a coin toss. Unlike the shares above it is not divided by the total, "
        "so it can be compared between bodies.",
    ),
    Term(
        "Seat share and population share",
        (r"seat share", r"pop\. share", r"population share"),
        "A member's seats (or people) as a percentage of all seats (or of all people).",
    ),
    Term(
        "Power / seats, power / population",
        (r"power ?/ ?seats", r"power ?/ ?population", r"times (its|their) (seat|population) "),
        "Power share divided by seat share (or by population share): 1 means power in "
        "proportion; above 1, more power than seats (or people); below 1, less.",
    ),
    Term(
        "Percentage points",
        (r"percentage point", r"\bpts\b"),
        "The difference between two percentages: from 10% to 12% is 2 percentage points "
        "(and 20% more).",
    ),
    Term(
        "Gini coefficient",
        (r"\bgini\b",),
        "How unequal a distribution is, from 0 (everyone has the same) to 1 (one member has "
        "everything).",
    ),
    Term(
        "Herfindahl index",
        (r"herfindahl",),
        "The sum of the squared shares: 1/n when n members are equal, 1 when one member has "
        "everything.",
    ),
    Term(
        "Effective number (Laakso-Taagepera)",
        (r"effective number", r"laakso"),
        "1 divided by the Herfindahl index: the number of equally powerful members that would "
        "give the same concentration (Laakso & Taagepera 1979). 36 members with an effective "
        "number of 19.5 concentrate power like 19.5 equal members.",
    ),
    Term(
        "Distance from equal or proportional power (share to move)",
        (r"distance from", r"would have to move", r"share to move"),
        "The share of all power that would have to move from some members to others to reach "
        "equal (or population-proportional) power: half the sum of the absolute differences.",
    ),
    Term(
        "Quota",
        (r"\bquota",),
        "The least total weight (votes, seats) a decision needs to pass. 'Majority' means more "
        "than half.",
    ),
    Term(
        "Winning coalition",
        (r"winning coalition",),
        "A group of members whose weight together reaches the quota. A minimal winning "
        "coalition loses if any one member leaves.",
    ),
    Term(
        "Blocking coalition",
        (r"\bblock",),
        "A group of members that can stop any decision: without them the others cannot reach "
        "the quota.",
    ),
    Term(
        "Veto",
        (r"\bveto",),
        "A member who can block every decision alone: no decision passes without it.",
    ),
    Term(
        "Never decisive (dummy)",
        (r"never decisive", r"dumm(y|ies)", r"zero power"),
        "A member whose vote never changes any outcome, whatever the others do: it has seats "
        "but no power.",
    ),
    Term(
        "Bloc",
        (r"\bblocs?\b",),
        "Members assumed to vote together as one (an a-priori union); the report says where "
        "this is a modelling assumption.",
    ),
    Term(
        "Citizen power (two tiers)",
        (r"citizen power", r"citizen-level", r"over citizens"),
        "The chance that one citizen decides her unit's vote times the chance that her unit "
        "decides the body's decision (Penrose 1946; Felsenthal & Machover 1998). It compares "
        "citizens of different units.",
    ),
    Term(
        "psi(N): the chance that a citizen decides her unit",
        (r"psi\(", r"citizen decides"),
        "With N citizens voting at random by simple majority, the chance that the others split "
        "evenly so that her vote decides: C(N-1, (N-1)/2) / 2^(N-1), about sqrt(2 / (pi N)). "
        "It falls with the square root of the population.",
    ),
    Term(
        "Square-root weights and the Jagiellonian quota",
        (r"jagiellonian", r"square-root"),
        "Penrose's square-root law: citizens of all units are equally powerful when each "
        "unit's weight is proportional to the square root of its population; Słomczyński & "
        "Życzkowski (2006) add the quota that makes this work in practice, "
        "(1 + sqrt(total population) / sum of the square roots) / 2.",
    ),
    Term(
        "Coleman's power to act",
        (r"coleman", r"power to act"),
        "The share of all possible coalitions that win: how easily the body decides anything "
        "at all (Coleman 1971).",
    ),
)
"""Every term a report may explain, in the order the glossary lists them."""


def terms_used(text: str) -> list[Term]:
    """The terms of :data:`TERMS` that ``text`` mentions, in glossary order."""
    return [t for t in TERMS if any(re.search(p, text, re.IGNORECASE) for p in t.triggers)]
