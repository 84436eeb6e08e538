"""Rules as they are written: several criteria, vetoes, bloc consent, two tiers, minimal
winning coalitions.

Every rule here is an immutable :class:`~powershare.games.base.SimpleGame` and compiles to one
normal form, a **threshold circuit** (:class:`~powershare.games.circuit.Circuit`,
in :mod:`powershare.games.circuit`): its *leaves* are weighted quotas over the
members ("at least 65% of population"), its *gates* are weighted quotas over other nodes ("at
least 2 of these 3 blocs"; AND = all, OR = at least one).  The exact counting methods in
:mod:`powershare.power.compound` and the Monte Carlo estimator work on this normal form, so any
composition of the rules below is handled by all of them.

Classes
-------
:class:`Criterion`
    A weighted quota with a label (``"at least 65% of population"``).
:class:`AtLeast`
    At least ``k`` members (optionally among a subset) approve.
:class:`Veto`
    Every listed member must approve.
:class:`AllOf`, :class:`AnyOf`
    All (some) of several rules over the same members: vector-weighted games and alternatives.
:class:`BlocConsent`
    Members grouped in blocs; at least ``m`` blocs approve, each by its own internal rule.
:class:`TwoTier`
    Each unit decides by its own rule and casts its decision as a block (or split
    proportionally) in an upper body that decides by its own rule.
:class:`MinimalWinning`
    Any simple game given by its minimal winning coalitions.

Example (EU Council, Lisbon rule, toy numbers)::

    >>> names = ["A", "B", "C", "D"]
    >>> rule = AnyOf([
    ...     AllOf([Criterion([1] * 4, "55%", names, label="members"),
    ...            Criterion([50, 30, 15, 5], "65%", names, label="population")]),
    ...     AtLeast(4, names)])
    >>> rule.describe()
    'passes with at least 55% of members and at least 65% of population or all 4 members'
    >>> [rule.is_winning(c) for c in (["A", "B"], ["A", "C", "D"], ["B", "C", "D"])]
    [False, True, False]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral

from powershare.errors import InvalidGameError, InvalidInputError
from powershare.games.base import SimpleGame, validate_names
from powershare.games.circuit import (
    CircuitBuilder,
    CompoundRule,
    Var,
    compile_rule,
    phrase_of,
)
from powershare.games.numbers import format_fraction
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame

__all__ = [
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Bloc",
    "BlocConsent",
    "CompoundRule",
    "Criterion",
    "MinimalWinning",
    "TwoTier",
    "Veto",
]


class Criterion(CompoundRule):
    """A weighted quota with a label: ``at least 65% of population``.

    Parameters
    ----------
    weights
        One weight per member (integers, decimals, fractions or percentages; scaled exactly).
    quota
        Any accepted quota form (``12``, ``"2/3"``, ``"65%"``, ``"majority"``).
    names
        Member names.
    label
        What the weights measure (``"population"``, ``"seats"``, ``"members"``).
    """

    def __init__(
        self,
        weights: Sequence[object],
        quota: object,
        names: Sequence[str] | None = None,
        *,
        label: str = "weight",
    ) -> None:
        game = WeightedGame.from_values(weights, quota, names)  # lists, arrays, Series, mappings
        object.__setattr__(self, "game", game)
        object.__setattr__(self, "names", game.names)
        object.__setattr__(self, "label", label)

    game: WeightedGame
    label: str

    @classmethod
    def of(cls, game: WeightedGame, label: str = "weight") -> Criterion:
        """Wrap an existing weighted game."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "game", game)
        object.__setattr__(obj, "names", game.names)
        object.__setattr__(obj, "label", label)
        return obj

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        return builder.threshold(self.game.weights, self.game.quota, variables)

    def phrase(self) -> str:
        g = self.game
        text = g.quota_text
        if text and (text.endswith("%") or "/" in text) and "+" not in text:
            return f"at least {text} of {self.label}"
        if text.lower() in {"majority", "simple majority", "more than half"}:
            return f"more than half of {self.label}"
        q = format_fraction(g.original_quota)
        total = format_fraction(Fraction(g.total_weight) / g.scale)
        return f"at least {q} of {total} {self.label}"


class _Frozen(CompoundRule):
    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


def _indices(names: tuple[str, ...], members: Iterable[int | str], what: str) -> tuple[int, ...]:
    out: list[int] = []
    for m in members:
        if isinstance(m, str):
            if m not in names:
                raise InvalidGameError(
                    f"{what}: unknown member {m!r}; members are {', '.join(names)}"
                )
            i = names.index(m)
        else:
            if isinstance(m, bool) or not isinstance(m, Integral) or not 0 <= m < len(names):
                raise InvalidGameError(
                    f"{what}: member index {m!r} is out of range 0..{len(names) - 1}"
                )
            i = int(m)
        if i in out:
            raise InvalidGameError(f"{what}: member {names[i]!r} is listed twice")
        out.append(i)
    return tuple(out)


class AtLeast(_Frozen):
    """At least ``k`` members approve (one member, one vote), optionally counting only ``among``."""

    k: int
    among: tuple[int, ...]

    def __init__(
        self, k: int, names: Sequence[str], *, among: Iterable[int | str] | None = None
    ) -> None:
        names_t = validate_names(list(names), len(list(names)))
        idx = tuple(range(len(names_t))) if among is None else _indices(names_t, among, "at_least")
        if isinstance(k, bool) or not isinstance(k, Integral) or not 1 <= k <= len(idx):
            raise InvalidGameError(
                f"at least {k!r} members: the count must be a whole number from 1 to {len(idx)}"
            )
        object.__setattr__(self, "names", names_t)
        object.__setattr__(self, "k", int(k))
        object.__setattr__(self, "among", idx)

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        w = [0] * self.n
        for i in self.among:
            w[i] = 1
        return builder.threshold(w, self.k, variables)

    def phrase(self) -> str:
        m = len(self.among)
        of = "" if m == self.n else f" of {', '.join(self.names[i] for i in self.among)}"
        if self.k == m:
            return f"all {m} members{of}"
        return f"at least {self.k} of {m} members{of}"


class Veto(_Frozen):
    """Each of the listed members must approve (a veto each); the others are free."""

    vetoers: tuple[int, ...]

    def __init__(self, vetoers: Iterable[int | str], names: Sequence[str]) -> None:
        names_t = validate_names(list(names), len(list(names)))
        idx = _indices(names_t, vetoers, "veto")
        if not idx:
            raise InvalidGameError("veto: list at least one member who holds a veto")
        object.__setattr__(self, "names", names_t)
        object.__setattr__(self, "vetoers", idx)

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        w = [0] * self.n
        for i in self.vetoers:
            w[i] = 1
        return builder.threshold(w, len(self.vetoers), variables)

    def phrase(self) -> str:
        who = ", ".join(self.names[i] for i in self.vetoers)
        return (
            f"the consent of {who}" if len(self.vetoers) == 1 else f"the consent of each of {who}"
        )


def _same_body(rules: Sequence[SimpleGame], what: str) -> tuple[str, ...]:
    if not rules:
        raise InvalidGameError(f"{what}: give at least one rule")
    names = rules[0].names
    for j, r in enumerate(rules[1:], start=1):
        if r.names != names:
            raise InvalidGameError(
                f"{what}: rule {j + 1} is over members {list(r.names)[:5]}..., rule 1 over "
                f"{list(names)[:5]}...; every part must be over the same members in the same order"
            )
    return names


class AllOf(_Frozen):
    """Passes when every part passes (e.g. a double majority: members AND population)."""

    rules: tuple[SimpleGame, ...]

    def __init__(self, rules: Sequence[SimpleGame]) -> None:
        rules_t = tuple(rules)
        object.__setattr__(self, "names", _same_body(rules_t, "all_of"))
        object.__setattr__(self, "rules", rules_t)

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        kids = [compile_rule(r, builder, variables) for r in self.rules]
        return builder.gate(kids, [1] * len(kids), len(kids))

    def phrase(self) -> str:
        parts = [phrase_of(r) for r in self.rules]
        return " and ".join(f"({p})" if " or " in p or ", unless" in p else p for p in parts)


class AnyOf(_Frozen):
    """Passes when at least one part passes (alternatives, e.g. an override route)."""

    rules: tuple[SimpleGame, ...]

    def __init__(self, rules: Sequence[SimpleGame]) -> None:
        rules_t = tuple(rules)
        object.__setattr__(self, "names", _same_body(rules_t, "any_of"))
        object.__setattr__(self, "rules", rules_t)

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        kids = [compile_rule(r, builder, variables) for r in self.rules]
        return builder.gate(kids, [1] * len(kids), 1)

    def phrase(self) -> str:
        main: list[str] = []
        unless: list[str] = []
        for r in self.rules:
            if isinstance(r, AtLeast) and len(r.among) == r.n and r.k > r.n / 2 and r.k < r.n:
                unless.append(f"unless at most {r.n - r.k} members oppose")
            else:
                p = phrase_of(r)
                main.append(f"({p})" if " or " in p else p)
        if unless and main:
            return " or ".join(main) + ", " + " or ".join(unless)
        if unless:
            return "any coalition, " + " or ".join(unless)
        return " or ".join(main)


@dataclass(frozen=True)
class Bloc:
    """A bloc (community, province, party) and how it decides internally.

    ``members`` are names or indices in the whole body; ``rule`` is a game over exactly those
    members, in that order (default: more than half of them).
    """

    name: str
    members: tuple[int | str, ...]
    rule: SimpleGame | None = None


class BlocConsent(_Frozen):
    """At least ``required`` of the blocs approve, each by its own internal rule.

    Members in no bloc do not count here (combine with :class:`AllOf` for an overall quota).
    """

    blocs: tuple[tuple[str, tuple[int, ...], SimpleGame], ...]
    required: int

    def __init__(
        self, blocs: Sequence[Bloc], names: Sequence[str], *, required: int | None = None
    ) -> None:
        names_t = validate_names(list(names), len(list(names)))
        if not blocs:
            raise InvalidGameError("bloc_consent: give at least one bloc")
        seen: dict[int, str] = {}
        built = []
        bloc_names = validate_names([b.name for b in blocs], len(blocs))
        for b in blocs:
            idx = _indices(names_t, b.members, f"bloc {b.name!r}")
            if not idx:
                raise InvalidGameError(f"bloc {b.name!r} has no members")
            for i in idx:
                if i in seen:
                    raise InvalidGameError(
                        f"member {names_t[i]!r} is in two blocs, {seen[i]!r} and {b.name!r}"
                    )
                seen[i] = b.name
            sub = [names_t[i] for i in idx]
            rule = (
                b.rule
                if b.rule is not None
                else WeightedGame(len(idx) // 2 + 1, [1] * len(idx), sub, quota_text="majority")
            )
            if tuple(rule.names) != tuple(sub):
                raise InvalidGameError(
                    f"bloc {b.name!r}: its rule is over {list(rule.names)}, expected the bloc's "
                    f"members {sub}"
                )
            built.append((b.name, idx, rule))
        req = len(blocs) if required is None else required
        if isinstance(req, bool) or not isinstance(req, int) or not 1 <= req <= len(blocs):
            raise InvalidGameError(
                f"bloc_consent: required {required!r} must be a whole number from 1 to {len(blocs)}"
            )
        del bloc_names
        object.__setattr__(self, "names", names_t)
        object.__setattr__(self, "blocs", tuple(built))
        object.__setattr__(self, "required", req)

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        kids = [
            compile_rule(rule, builder, [variables[i] for i in idx]) for _, idx, rule in self.blocs
        ]
        return builder.gate(kids, [1] * len(kids), self.required)

    def phrase(self) -> str:
        k = len(self.blocs)
        inner = "; ".join(f"{name}: {phrase_of(rule)}" for name, _, rule in self.blocs)
        head = (
            "the consent of every bloc"
            if self.required == k
            else (f"the consent of at least {self.required} of {k} blocs")
        )
        return f"{head} ({inner})"


class TwoTier(_Frozen):
    """Two tiers: each unit decides by its own rule; the upper body decides over the units.

    Parameters
    ----------
    units
        ``(unit name, rule over the unit's members)`` pairs, or a mapping.  The members of the
        whole game are the units' members in order; their names must be distinct.
    upper
        A game whose members are the units (same names, same order).
    split
        ``False`` (default): a unit casts all its upper-body weight for the side its rule
        chooses.  ``True``: each unit's upper weight is split in proportion to the weight of
        its members voting yes (the units' own quotas are then ignored); this needs a weighted
        upper rule and weighted (or one-member-one-vote) unit rules.
    """

    units: tuple[tuple[str, SimpleGame], ...]
    upper: SimpleGame
    split: bool

    def __init__(
        self,
        units: Sequence[tuple[str, SimpleGame]] | Mapping[str, SimpleGame],
        upper: SimpleGame,
        *,
        split: bool = False,
    ) -> None:
        pairs = tuple(units.items()) if isinstance(units, Mapping) else tuple(units)
        if not pairs:
            raise InvalidGameError("two_tier: give at least one unit")
        unit_names = validate_names([u for u, _ in pairs], len(pairs))
        if tuple(upper.names) != unit_names:
            raise InvalidGameError(
                f"two_tier: the upper rule is over {list(upper.names)[:5]}..., expected the units "
                f"{list(unit_names)[:5]}... in the same order"
            )
        all_names = [name for _, g in pairs for name in g.names]
        names_t = validate_names(all_names, len(all_names))
        if split:
            if not isinstance(_weighted_core(upper), WeightedGame):
                raise InvalidGameError("two_tier with split: the upper rule must be weighted")
            for u, g in pairs:
                if _weighted_core(g) is None:
                    raise InvalidGameError(
                        f"two_tier with split: unit {u!r} must decide by a weighted rule"
                    )
        object.__setattr__(self, "names", names_t)
        object.__setattr__(self, "units", pairs)
        object.__setattr__(self, "upper", upper)
        object.__setattr__(self, "split", bool(split))

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        if self.split:
            up = _weighted_core(self.upper)
            assert up is not None
            raw: list[Fraction] = []
            for j, (_, g) in enumerate(self.units):
                core = _weighted_core(g)
                assert core is not None
                total = core.total_weight
                raw.extend(Fraction(up.weights[j] * w, total) for w in core.weights)
            scale = 1
            for f in raw:
                scale = scale * f.denominator // math.gcd(scale, f.denominator)
            ints = [int(f * scale) for f in raw]
            return builder.threshold(ints, _split_quota(up, scale), variables)
        kids: list[Var] = []
        start = 0
        for _, g in self.units:
            kids.append(compile_rule(g, builder, variables[start : start + g.n]))
            start += g.n
        return compile_rule(self.upper, builder, kids)

    def phrase(self) -> str:
        how = "split in proportion to its yes votes" if self.split else "cast as a block"
        units = "; ".join(f"{u}: {phrase_of(g)}" for u, g in self.units[:4])
        more = f"; ... ({len(self.units)} units)" if len(self.units) > 4 else ""
        return (
            f"{phrase_of(self.upper)} in the upper body, each unit's vote {how} "
            f"(units decide by their own rules: {units}{more})"
        )


def _split_quota(upper: WeightedGame, scale: int) -> int:
    """The upper quota on split votes scaled by ``scale``, from the quota as written.

    The integer quota of ``upper`` is rounded up to whole upper-body weight; split votes come
    in fractions of it, so the quota is scaled exactly first and rounded after: with 2 upper
    votes and a quota of ``2/3``, 1.5 votes pass (at least 4/3), although the rounded quota
    would ask for 2.
    """
    exact = Fraction(upper.quota)
    if upper.quota_text:
        try:
            spec = parse_quota(upper.quota_text)
        except InvalidInputError:
            spec = None
        if spec is not None and spec.strict_half:
            # more than half: the smallest scaled weight strictly above half the total
            return upper.total_weight * scale // 2 + 1
        if spec is not None:
            need = spec.absolute * upper.scale
            if spec.share is not None:
                need += spec.share * upper.total_weight
            if max(math.ceil(need), 1) == upper.quota:  # the same rule, unrounded
                exact = need
    return max(math.ceil(exact * scale), 1)


def _weighted_core(game: SimpleGame) -> WeightedGame | None:
    if isinstance(game, WeightedGame):
        return game
    if isinstance(game, Criterion):
        return game.game
    if isinstance(game, AtLeast):
        w = [1 if i in game.among else 0 for i in range(game.n)]
        return WeightedGame(game.k, w, game.names)
    return None


class MinimalWinning(_Frozen):
    """A simple game given by its minimal winning coalitions.

    A coalition wins when it contains one of them.
    """

    coalitions: tuple[tuple[int, ...], ...]

    def __init__(self, coalitions: Iterable[Iterable[int | str]], names: Sequence[str]) -> None:
        names_t = validate_names(list(names), len(list(names)))
        cs = []
        for j, c in enumerate(coalitions):
            idx = tuple(sorted(_indices(names_t, c, f"minimal winning coalition {j + 1}")))
            if not idx:
                raise InvalidGameError(
                    f"minimal winning coalition {j + 1} is empty; the empty coalition cannot win"
                )
            cs.append(idx)
        if not cs:
            raise InvalidGameError("minimal_winning: give at least one winning coalition")
        sets = [frozenset(c) for c in cs]
        keep = [c for c, s in zip(cs, sets, strict=True) if not any(t < s for t in sets)]
        object.__setattr__(self, "names", names_t)
        object.__setattr__(self, "coalitions", tuple(dict.fromkeys(keep)))

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        kids = []
        for c in self.coalitions:
            w = [0] * self.n
            for i in c:
                w[i] = 1
            kids.append(builder.threshold(w, len(c), variables))
        return builder.gate(kids, [1] * len(kids), 1)

    def phrase(self) -> str:
        shown = ["{" + ", ".join(self.names[i] for i in c) + "}" for c in self.coalitions[:5]]
        more = f" or one of {len(self.coalitions) - 5} more" if len(self.coalitions) > 5 else ""
        return "all members of " + " or ".join(shown) + more
