"""Exact swing and pivot counts for compound rules with a layered decision diagram.

The rule's threshold circuit (:class:`~powershare.games.compound.Circuit`) is turned into a
quasi-reduced ordered binary decision diagram, built breadth first, one member (layer) at a time,
in the manner of Bolus (2011), *Power indices of simple games and vector-weighted majority games
by means of binary decision diagrams*, EJOR 210(2):258-272, and Bolus (2012), *A QOBDD-based
approach to simple games* (PhD thesis, Kiel).

A node of layer ``i`` is a **state**: for every leaf quota of the circuit, the weight still
needed from members ``i..n-1``.  States that represent the same function of the remaining members
are merged by three sound reductions:

1. a need is replaced by the smallest subset sum of the remaining weights that reaches it (two
   needs with no subset sum between them give the same sub-function; Bolus's interval idea);
2. a met need becomes 0 and an unreachable need becomes "impossible";
3. leaves under a gate whose outcome is already decided become "don't care", and a decided root
   makes the state a terminal (win or lose).

Counting then walks the diagram: forward path counts ``f`` (how many ways the first ``i``
members reach a node) and backward winning counts ``g`` (how many completions win).  Member
``i``'s swings are ``sum_s f_i(s) * (g_{i+1}(yes(s)) - g_{i+1}(no(s)))``.  For Shapley-Shubik the
counts are kept per number of yes votes (polynomials), and ``pivots_i = sum_k C_k k! (n-1-k)!``
with ``C_k`` the number of ``k``-member coalitions of the others for which ``i`` is decisive.
Counts are exact: int64 while ``2**n`` fits, Python integers otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from powershare.games.circuit import Circuit
from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    Array = np.ndarray[Any, Any]

__all__ = ["diagram_counts", "build_diagram", "Diagram", "member_order", "estimate_states"]

IMPOSSIBLE = -1
WIN = -2
LOSE = -3
DONT_CARE = -4
_SUBSET_SUM_LIMIT = 1 << 18


def _orders(circuit: Circuit) -> list[list[int]]:
    w = np.array(circuit.leaf_weights, dtype=float).reshape(circuit.n_leaves, circuit.n)
    totals = w.sum(axis=1, keepdims=True)
    share = (w / np.where(totals > 0, totals, 1)).sum(axis=0)
    cols = [tuple(row[i] for row in circuit.leaf_weights) for i in range(circuit.n)]
    size: dict[tuple[int, ...], int] = {}
    for col in cols:
        size[col] = size.get(col, 0) + 1
    heaviest = sorted(range(circuit.n), key=lambda i: (-share[i], cols[i], i))
    big_classes = sorted(range(circuit.n), key=lambda i: (-size[cols[i]], -share[i], cols[i], i))
    return [heaviest, big_classes]


def member_order(circuit: Circuit) -> list[int]:
    """The member order with the smallest bound on the diagram (see :func:`estimate_states`).

    Candidates: heaviest members first (Bolus 2011), and largest classes of interchangeable
    members first (a finished class collapses to a few states).
    """
    return min(_orders(circuit), key=lambda o: _bound(circuit, o)[0])


def _suffix_sums(weights: Array, quota: int) -> list[Array | None]:
    """Sorted subset sums (capped at ``quota``) of ``weights[i:]`` for each ``i``.

    ``None`` if there would be too many.
    """
    n = len(weights)
    out: list[Array | None] = [None] * (n + 1)
    cur: Array | None = np.zeros(1, dtype=np.int64)
    out[n] = cur
    for i in range(n - 1, -1, -1):
        if cur is None:
            break
        w = int(weights[i])
        if w:
            cur = np.unique(np.concatenate([cur, np.minimum(cur + w, quota)]))
            if cur.size > _SUBSET_SUM_LIMIT:
                cur = None
        out[i] = cur
    return out


@dataclass
class Diagram:
    """The layered diagram: ``states[i]`` (``k_i x L``) and child indices ``no[i]``, ``yes[i]``."""

    order: list[int]
    states: list[Array]
    no: list[Array]
    yes: list[Array]

    @property
    def size(self) -> int:
        """Total number of nodes over all layers."""
        return sum(s.shape[0] for s in self.states)


class _Canon:
    def __init__(self, circuit: Circuit, order: list[int]) -> None:
        self.c = circuit
        w = np.array(circuit.leaf_weights, dtype=np.int64).reshape(circuit.n_leaves, circuit.n)
        self.w = w[:, order]
        self.quota = np.array(circuit.leaf_quota, dtype=np.int64)
        L, n = self.w.shape
        self.suffix_total = np.zeros((n + 1, L), dtype=np.int64)
        for i in range(n - 1, -1, -1):
            self.suffix_total[i] = self.suffix_total[i + 1] + self.w[:, i]
        self.sums = [_suffix_sums(self.w[lf], int(self.quota[lf])) for lf in range(L)]
        self.parents: list[list[int]] = [[] for _ in range(L + len(circuit.gates))]
        for j, gate in enumerate(circuit.gates):
            for ch in gate.children:
                self.parents[ch].append(L + j)

    def canon(self, s: Array, i: int) -> Array:
        """Canonical form of states ``s`` before member ``i`` (remaining ``i..n-1``)."""
        s = s.copy()
        L = s.shape[1]
        terminal = (s[:, 0] == WIN) | (s[:, 0] == LOSE)
        live = ~terminal
        for lf in range(L):
            col = s[:, lf]
            pos = live & (col > 0)
            col[pos & (col > self.suffix_total[i, lf])] = IMPOSSIBLE
            table = self.sums[lf][i]
            pos = live & (col > 0)
            if table is not None and pos.any():
                col[pos] = table[np.searchsorted(table, col[pos], side="left")]
            s[:, lf] = col
        # three-valued evaluation: 1 true, 0 false, 2 undecided
        c = self.c
        status: list[Array] = []
        for lf in range(L):
            col = s[:, lf]
            st = np.full(col.shape, 2, dtype=np.int8)
            st[col == 0] = 1
            st[col == IMPOSSIBLE] = 0
            status.append(st)
        for gate in c.gates:
            tw = np.zeros(s.shape[0], dtype=np.int64)
            pw = np.zeros(s.shape[0], dtype=np.int64)
            for ch, gw in zip(gate.children, gate.weights, strict=True):
                tw += (status[ch] == 1) * gw
                pw += (status[ch] != 0) * gw
            st = np.full(s.shape[0], 2, dtype=np.int8)
            st[tw >= gate.quota] = 1
            st[pw < gate.quota] = 0
            status.append(st)
        root = status[c.root]
        # relevance, top down
        nodes = len(status)
        relevant: list[Array | None] = [None] * nodes
        relevant[c.root] = np.ones(s.shape[0], dtype=bool)
        for node in range(nodes - 1, -1, -1):
            if node != c.root:
                acc = np.zeros(s.shape[0], dtype=bool)
                for p in self.parents[node]:
                    rp = relevant[p]
                    assert rp is not None
                    acc |= rp & (status[p] == 2)
                relevant[node] = acc
        for lf in range(L):
            rl = relevant[lf]
            assert rl is not None
            s[~rl & (status[lf] == 2) & live, lf] = DONT_CARE
        s[live & (root == 1)] = WIN
        s[live & (root == 0)] = LOSE
        return s


def build_diagram(circuit: Circuit, order: list[int] | None = None) -> Diagram:
    """Build the layered diagram of ``circuit`` in the given member order."""
    if order is None:
        order = member_order(circuit)
    canon = _Canon(circuit, order)
    n = circuit.n
    start = canon.canon(canon.quota[None, :].copy(), 0)
    states = [start]
    no_list: list[Array] = []
    yes_list: list[Array] = []
    for i in range(n):
        s = states[i]
        col = canon.w[:, i][None, :]
        yes = np.where(s > 0, np.maximum(s - col, 0), s)
        both = np.concatenate([canon.canon(s, i + 1), canon.canon(yes, i + 1)])
        uniq, inv = np.unique(both, axis=0, return_inverse=True)
        inv = inv.reshape(-1)
        k = s.shape[0]
        no_list.append(inv[:k])
        yes_list.append(inv[k:])
        states.append(uniq)
    return Diagram(order, states, no_list, yes_list)


def _scatter(target_len: int, index: Array, values: Array) -> Array:
    out = np.zeros((target_len, *values.shape[1:]), dtype=values.dtype)
    np.add.at(out, index, values)
    return out


def diagram_counts(circuit: Circuit, quantity: str) -> tuple[list[int], int]:
    """Exact ``"swings"`` or ``"pivots"`` per member, and the number of winning coalitions.

    Parameters
    ----------
    circuit
        The rule's threshold circuit (``circuit_of(game)``).
    quantity
        ``"swings"`` (Banzhaf) or ``"pivots"`` (Shapley-Shubik).
    """
    d = build_diagram(circuit)
    n = circuit.n
    dtype: Any = np.int64 if n <= 61 else object
    final = d.states[n]
    g_last = (final[:, 0] == WIN).astype(np.int64).astype(dtype)
    counts = [0] * n
    if quantity == "swings":
        g: list[Array] = [np.zeros(0, dtype=dtype)] * (n + 1)
        g[n] = g_last
        for i in range(n - 1, -1, -1):
            g[i] = g[i + 1][d.no[i]] + g[i + 1][d.yes[i]]
        f = np.ones(1, dtype=dtype)
        for i in range(n):
            diff = g[i + 1][d.yes[i]] - g[i + 1][d.no[i]]
            counts[d.order[i]] = int((f * diff).sum())
            k_next = d.states[i + 1].shape[0]
            f = _scatter(k_next, d.no[i], f) + _scatter(k_next, d.yes[i], f)
        return counts, int(g[0][0])
    if quantity != "pivots":
        raise ValueError(f"quantity {quantity!r}: the decision diagram counts swings or pivots")
    # g[i]: (k_i, n-i+1) winning completions by number of yes among members i..n-1
    gp: list[Array] = [np.zeros((0, 0), dtype=dtype)] * (n + 1)
    gp[n] = g_last[:, None]
    for i in range(n - 1, -1, -1):
        nxt = gp[i + 1]
        cur = np.zeros((d.states[i].shape[0], n - i + 1), dtype=dtype)
        cur[:, : n - i] += nxt[d.no[i]]
        cur[:, 1:] += nxt[d.yes[i]]
        gp[i] = cur
    fp = np.ones((1, 1), dtype=dtype)
    fact = [math.factorial(k) for k in range(n + 1)]
    for i in range(n):
        diff = gp[i + 1][d.yes[i]] - gp[i + 1][d.no[i]]  # (k_i, n-i)
        m = fp.T @ diff  # (i+1, n-i): a yes before i, b yes after i
        by_size = [0] * n
        for a in range(m.shape[0]):
            row = m[a]
            for b in np.nonzero(row)[0]:
                by_size[a + int(b)] += int(row[b])
        counts[d.order[i]] = sum(c * fact[k] * fact[n - 1 - k] for k, c in enumerate(by_size) if c)
        k_next = d.states[i + 1].shape[0]
        nf = np.zeros((k_next, i + 2), dtype=dtype)
        np.add.at(nf[:, : i + 1], d.no[i], fp)
        np.add.at(nf[:, 1:], d.yes[i], fp)
        fp = nf
    return counts, int(gp[0][0].sum())


def estimate_states(circuit: Circuit) -> tuple[float, float]:
    """Upper bounds on the diagram in the chosen order: ``(total nodes, pivot work)``."""
    return _bound(circuit, member_order(circuit))


def _bound(circuit: Circuit, order: list[int]) -> tuple[float, float]:
    """Bounds on total nodes and on ``sum_i nodes_i * min(i, n-i)``.

    Per layer ``i`` the nodes are at most ``2**i`` (distinct yes/no histories), and at most the
    product over groups of leaves sharing a weight vector of the number of distinct states of
    the group.  A group's state is a function of its partial sum (at most ``2**(nonzero
    weights so far)``, the weight so far + 1, the largest quota + 1), and each leaf's canonical
    need is a monotone step function of it with at most ``min(2**(nonzero weights left), weight
    left + 1) + 2`` values, so the group has at most ``1 + sum(values - 1)`` states.
    """
    n = circuit.n
    w = np.array(circuit.leaf_weights, dtype=float).reshape(circuit.n_leaves, n)[:, order]
    quota = np.array(circuit.leaf_quota, dtype=float)
    groups: dict[tuple[float, ...], list[int]] = {}
    for lf in range(circuit.n_leaves):
        groups.setdefault(tuple(w[lf]), []).append(lf)
    nz = (w != 0).astype(float)
    pre_nz = np.concatenate([np.zeros((w.shape[0], 1)), np.cumsum(nz, axis=1)], axis=1)
    pre_sum = np.concatenate([np.zeros((w.shape[0], 1)), np.cumsum(w, axis=1)], axis=1)
    tot_nz = pre_nz[:, -1:]
    tot_sum = pre_sum[:, -1:]
    # every layer at once (a loop over layers takes seconds for 100,000 members)
    left = np.minimum(2.0 ** np.minimum(tot_nz - pre_nz, 1000), tot_sum - pre_sum + 1)
    bound = np.ones(n + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        for leaves in groups.values():
            l0 = leaves[0]
            prefix = np.minimum(
                np.minimum(2.0 ** np.minimum(pre_nz[l0], 1000), pre_sum[l0] + 1),
                max(quota[leaves]) + 1,
            )
            suffix = 1.0 + (left[leaves] + 1).sum(axis=0)
            bound = bound * np.minimum(prefix, suffix)
        i = np.arange(n + 1, dtype=float)
        nodes = np.minimum(2.0 ** np.minimum(i, 1000), bound) + 2
        total = float(nodes.sum())
        work = float((nodes * (np.minimum(i, n - i) + 1)).sum())
    return total, work
