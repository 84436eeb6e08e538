"""The result of a design frontier: its rules, each with its power, distance and decisiveness.

Built by :func:`powershare.design.frontier.design_frontier`; rendered by the CLI
(:mod:`powershare.cli.render_design`) and the web app from :meth:`Frontier.to_dict`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.games.display import Displayable, TableData, new_axes, plural
from powershare.games.weighted import WeightedGame
from powershare.structure.decisiveness import Decisiveness, percent

__all__ = ["MAX_SHOWN", "Frontier", "FrontierRule", "spread_evenly"]

MAX_SHOWN = 30
"""Most frontier rules described in full (vetoes, blocking); a longer frontier is thinned
evenly, keeping both ends and the chosen rule."""


@dataclass(frozen=True)
class FrontierRule:
    """One rule of the frontier: ``[quota; weights]``, its power, distance and decisiveness.

    ``described`` is false for a rule the time budget left no time to describe in full: its
    power and decisiveness are the search's own (exact) counts and its smallest blocking
    coalitions are not listed (see :mod:`powershare.design.frontier_describe`).
    """

    names: tuple[str, ...]
    weights: tuple[int, ...]
    quota: int
    power: tuple[float, ...]
    distance: float
    decisiveness: Decisiveness
    described: bool = True

    @property
    def game(self) -> WeightedGame:
        """The rule as a :class:`~powershare.games.weighted.WeightedGame`."""
        return WeightedGame(self.quota, list(self.weights), list(self.names))

    @property
    def collectivity(self) -> Fraction:
        """Coleman's power of the collectivity to act."""
        return self.decisiveness.collectivity

    def label(self) -> str:
        """``"unanimity"``, ``"vetoes: A, B"`` or ``""``: what a reader must not miss."""
        d = self.decisiveness
        if d.unanimity and len(self.names) > 1:
            return "unanimity"
        if d.vetoes:
            return "vetoes: " + ", ".join(d.veto_names())
        return ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        d = self.decisiveness
        total = sum(self.weights)
        return {
            "rule": self.game.notation(),
            "weights": {n: self.weights[i] for i, n in enumerate(self.names)},
            "quota": self.quota,
            "quota_share": self.quota / total if total else None,
            "distance": self.distance,
            "decisiveness": float(d.collectivity),
            "decisiveness_exact": str(d.collectivity),
            "vetoes": d.veto_names(),
            "blocking": d.blocking_names(),
            "blocking_size": d.blocking_size,
            "unanimity": d.unanimity,
            "power": {n: self.power[i] for i, n in enumerate(self.names)},
            "words": d.words(),
            "described": self.described,
        }


@dataclass(frozen=True, repr=False)
class Frontier(Displayable):
    """The rules not dominated on (distance to the target, decisiveness); see
    :func:`design_frontier`.  ``rules`` run from the most decisive to the closest."""

    names: tuple[str, ...]
    target: tuple[float, ...]
    index: str
    distance_kind: str
    total_weight: int
    rules: tuple[FrontierRule, ...]
    min_decisiveness: Fraction | None
    chosen: FrontierRule | None
    proven: bool
    searched: str
    evaluations: int
    seconds: float
    stopped_by_budget: bool

    @property
    def closest(self) -> FrontierRule:
        """The rule closest to the target (the least decisive end of the frontier)."""
        return self.rules[-1]

    @property
    def most_decisive(self) -> FrontierRule:
        """The most decisive rule of the frontier."""
        return self.rules[0]

    def _pp(self, d: float) -> str:
        return f"{d * 100:.2f} pp" if self.distance_kind != "max_rel" else f"{d:.2%}"

    def _describe(self, r: FrontierRule) -> str:
        text = f"[{r.quota}; {', '.join(map(str, r.weights))}]"
        text += f" ({self.distance_kind} distance {self._pp(r.distance)}, "
        text += f"{percent(r.collectivity)} of coalitions can pass a decision"
        label = r.label()
        return text + (f"; {label})" if label else ")")

    def tradeoff(self) -> str:
        """The trade-off in words, and what was chosen under the floor (if any)."""
        proof = "" if self.proven else " (over the rules visited; not proven)"
        if len(self.rules) == 1:
            r = self.rules[0]
            text = f"One rule is best on both counts{proof}: {self._describe(r)}."
        else:
            text = (
                f"Closer to the target costs the ability to decide{proof}: the closest rule "
                f"{self._describe(self.closest)}; the most decisive "
                f"{self._describe(self.most_decisive)}. The frontier has {len(self.rules)} rules, "
                "none beaten on both counts."
            )
        if self.min_decisiveness is None:
            if len(self.rules) > 1:
                text += (
                    " No rule is chosen: give a floor on decisiveness (--min-decisiveness 10%) "
                    "to choose the closest rule above it."
                )
            return text
        floor = percent(self.min_decisiveness)
        if self.chosen is None:
            return text + (
                f" No rule of the space lets at least {floor} of coalitions pass; the most "
                f"decisive lets {percent(self.most_decisive.collectivity)}."
            )
        claim = "proven the closest" if self.proven else "the closest found (not proven)"
        text += (
            f" Chosen under the floor of {floor} decisiveness: {self._describe(self.chosen)}, "
            f"{claim} with at least {floor}."
        )
        if self.chosen.decisiveness.vetoes:
            text += " It keeps the vetoes listed; raise the floor to avoid them."
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description: ``frontier`` and ``chosen`` (``None`` without a floor)."""
        chosen = self.chosen
        out: dict[str, Any] = {
            "members": list(self.names),
            "target": {n: self.target[i] for i, n in enumerate(self.names)},
            "index": self.index,
            "distance_kind": self.distance_kind,
            "total_weight": self.total_weight,
            "min_decisiveness": (
                None if self.min_decisiveness is None else float(self.min_decisiveness)
            ),
            "frontier": [r.to_dict() for r in self.rules],
            "chosen": None if chosen is None else chosen.to_dict(),
            "proven": self.proven,
            "tradeoff": self.tradeoff(),
            "searched": self.searched,
            "evaluations": self.evaluations,
            "seconds": self.seconds,
            "stopped_by_budget": self.stopped_by_budget,
        }
        if chosen is not None:  # the keys of a single designed rule, for the chosen one
            out.update(
                rule=chosen.game.notation(),
                quota=chosen.quota,
                quota_share=chosen.quota / self.total_weight,
                distance=chosen.distance,
                proven_optimal=self.proven,
            )
        return out

    def table_data(self) -> TableData:
        """One row per frontier rule (most decisive first): quota, distance, decisiveness
        (exact), vetoes, whether it is the chosen rule, and each member's weight."""
        rules = self.rules
        columns: list[tuple[str, Sequence[object]]] = [
            ("quota", [r.quota for r in rules]),
            ("distance", [r.distance for r in rules]),
            ("decisiveness", [r.collectivity for r in rules]),
            ("vetoes", [", ".join(r.decisiveness.veto_names()) for r in rules]),
            ("chosen", [r == self.chosen for r in rules]),
        ]
        columns += [
            (f"weight {n}", [r.weights[i] for r in rules]) for i, n in enumerate(self.names)
        ]
        return TableData("rule", [r.game.notation() for r in rules], columns)

    def short_summary(self) -> str:
        """``5 rules, 6 members, banzhaf max_abs; chosen [12; ...]``."""
        chosen = "none chosen" if self.chosen is None else f"chosen {self.chosen.game.notation()}"
        proof = "proven" if self.proven else "not proven"
        return (
            f"{plural(len(self.rules), 'rule')}, {plural(len(self.names), 'member')}, "
            f"{self.index} {self.distance_kind}; {chosen}; {proof}"
        )

    def plot(self, ax: Any = None) -> Any:
        """Distance against decisiveness (rules with vetoes in red), on ``ax`` or a new figure
        made with matplotlib's object API; returns the axes (needs ``powershare[plots]``)."""
        ax = new_axes(ax, (7, 4.5))
        xs = [float(r.collectivity) * 100 for r in self.rules]
        ys = [r.distance * 100 for r in self.rules]
        ax.plot(xs, ys, color="0.6", linewidth=1, zorder=1)
        for r, x, y in zip(self.rules, xs, ys, strict=True):
            veto = bool(r.decisiveness.vetoes)
            ax.scatter([x], [y], color="tab:red" if veto else "tab:blue", zorder=2)
            note = f"q={r.quota}" + (f" ({r.label()})" if veto else "")
            ax.annotate(note, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
        if self.chosen is not None:
            ax.scatter(
                [float(self.chosen.collectivity) * 100],
                [self.chosen.distance * 100],
                s=160,
                facecolors="none",
                edgecolors="black",
                zorder=3,
                label="chosen",
            )
        if self.min_decisiveness is not None:
            ax.axvline(float(self.min_decisiveness) * 100, linestyle="--", color="0.3")
        ax.set_xlabel("decisiveness: % of coalitions that can pass a decision (Coleman)")
        unit = "" if self.distance_kind == "max_rel" else " (pp)"
        ax.set_ylabel(f"{self.distance_kind} distance to target{unit} ({self.index})")
        ax.set_title("Frontier: closeness to the target against the ability to decide")
        return ax

    def save_plot(self, path: str) -> None:
        """Write the plot to ``path`` (``.svg``, ``.png`` or ``.pdf``), leaving matplotlib's
        backend and pyplot's figures alone."""
        figure = self.plot().figure
        figure.tight_layout()
        figure.savefig(path)


def spread_evenly(count: int, keep: int | None) -> list[int]:
    """At most :data:`MAX_SHOWN` positions of ``range(count)``, evenly spread, with the first,
    the last and ``keep``.

    >>> spread_evenly(5, None), spread_evenly(100, 7)[:3], len(spread_evenly(100, 7))
    ([0, 1, 2, 3, 4], [0, 3, 7], 30)
    """
    if count <= MAX_SHOWN:
        return list(range(count))
    step = (count - 1) / (MAX_SHOWN - 1)
    picked = {round(j * step) for j in range(MAX_SHOWN)}
    if keep is not None:
        picked.add(keep)
    return sorted(picked)
