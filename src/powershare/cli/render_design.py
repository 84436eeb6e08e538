"""Terminal rendering of a design frontier (``powershare design``): the table of rules not
beaten on both distance and decisiveness, the chosen rule and the trade-off in words."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from powershare.cli.terminal import verbatim
from powershare.design.frontier_result import Frontier, FrontierRule
from powershare.structure.decisiveness import percent

__all__ = ["render_frontier"]


def _blocking(r: FrontierRule) -> str:
    d = r.decisiveness
    if d.unanimity and len(r.names) > 1:
        return "unanimity: every member"
    if d.vetoes:
        return "veto: " + ", ".join(d.veto_names())
    if d.blocking_size is None:
        return ""
    examples = ["+".join(c) for c in d.blocking_names()[:2]]
    more = "" if d.smallest_blocking_count == len(examples) else ", ..."
    return f"{d.blocking_size} together ({', '.join(examples)}{more})"


def render_frontier(f: Frontier, console: Console) -> None:
    """Print the frontier table, the chosen rule's power and the trade-off sentence."""
    proof = "proven" if f.proven else "not proven"
    table = Table(
        title=f"Frontier: distance to the target against decisiveness ({proof}; "
        f"{len(f.rules)} rules)"
    )
    for col in ("", "rule [quota; weights]", "quota %", "distance (pp)", "decisive", "blocking"):
        table.add_column(col, justify="left" if col in ("", "rule [quota; weights]", "blocking")
                         else "right")  # fmt: skip
    for r in f.rules:
        mark = "chosen" if r is f.chosen else ""
        table.add_row(
            mark,
            f"[{r.quota}; {', '.join(map(str, r.weights))}]",
            f"{r.quota / f.total_weight:.1%}",
            f"{r.distance * 100:.2f}" if f.distance_kind != "max_rel" else f"{r.distance:.2%}",
            percent(r.collectivity),
            verbatim(_blocking(r)),
        )
    console.print(table)
    console.print(
        "Members in the weights: " + ", ".join(f.names) + f"; {f.index} power, "
        f"{f.distance_kind} distance; decisive = share of all 2^{len(f.names)} coalitions "
        "that can pass a decision (Coleman).",
        markup=False,
        highlight=False,
    )
    shown = f.chosen or (f.rules[0] if len(f.rules) == 1 else None)
    if shown is not None:
        power = Table(title=f"{'Chosen' if f.chosen else 'Best'} rule: {shown.game.notation()}")
        for col in ("member", "weight", "power %", "target %", "gap (pp)"):
            power.add_column(col, justify="left" if col == "member" else "right")
        for i, name in enumerate(f.names):
            power.add_row(
                verbatim(name),
                str(shown.weights[i]),
                f"{shown.power[i] * 100:.3f}",
                f"{f.target[i] * 100:.3f}",
                f"{(shown.power[i] - f.target[i]) * 100:+.3f}",
            )
        console.print(power)
        console.print(shown.decisiveness.sentence(), markup=False, highlight=False)
    console.print(f.tradeoff(), markup=False, highlight=False)
    console.print(f"Searched: {f.searched}; {f.seconds:.2f} s.", markup=False, highlight=False)
