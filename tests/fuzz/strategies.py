"""Hypothesis generators of ``powershare`` command lines and the files they read.

Every strategy draws a :class:`Case`: the arguments after ``powershare`` and the files (bytes)
written into the run's working directory. Inputs are mostly *nearly valid* (so the deep code
runs) with odd values mixed in: huge exponents, 4,400-digit integers, 2^63 +- k, negatives,
fractions, percentages, NaN/inf text, unicode digits, stray whitespace, wrong types, deep
nesting, YAML aliases, non-UTF-8 bytes, ragged CSV rows. Sizes stay small enough that a correct
program answers each run within seconds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from hypothesis import strategies as st

__all__ = ["COMMANDS", "Case", "case_for"]


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def command(self) -> str:
        return self.argv[0] if self.argv else ""


def _rare(draw: st.DrawFn, n: int) -> bool:
    """True about once in ``n + 1`` draws (hypothesis favours 0 and the bounds, not the middle)."""
    return bool(draw(st.integers(0, n)) == n // 2 + 1)


# --- numbers as text

# fmt: off
ODD_NUMBERS = [
    "1e400", "1e999999999", "-1e999999999", "1e-999999999", "1e-400", "9" * 4400, "1" + "0" * 400,
    "0." + "0" * 400 + "1", str(2**63), str(2**63 - 1), str(2**63 + 1), str(2**64),
    str(2**64 + 1), str(-(2**63)), str(2**31), str(10**18), "-1", "0", "-0", "0.0", "nan", "NaN",
    "-nan", "inf", "-inf", "Infinity", "1/0", "0/0", "3/-4", "-3/4", "1/3", "12.5%", "1e400%",
    "-5%", "0%", "100%", "150%", "1e-999999999%", "majority", "MAJORITY", "50%+1", "50%+1e400",
    "50%-1", "2/3", "99999999999999999999/3", "٣", "１２", "½", "1_000", "0x10", "+5", ".5", "5.",
    " 4 ", "4\u00a0", "4\u200b", "", " ", "abc", "1,5", "1e", "%", "--1", "∞", "1e+", "e5",
    "1.2.3", "1//2", "1/2/3", "5%%", "%5", "2**1000", "1" * 30 + "/" + "7" * 30, "0.1e1000000",
    "1E400", "NaN%", "inf/inf",
]
# fmt: on

odd_number = st.sampled_from(ODD_NUMBERS)
small_int_text = st.integers(0, 20).map(str)
any_int_text = st.one_of(
    st.integers(-5, 10**6).map(str),
    st.integers(2**62, 2**65).map(str),
    st.integers(-(2**65), -(2**62)).map(str),
)
float_text = st.floats(allow_nan=True, allow_infinity=True).map(repr)
fraction_text = st.tuples(st.integers(-50, 10**6), st.integers(-3, 50)).map(
    lambda t: f"{t[0]}/{t[1]}"
)
percent_text = st.floats(-10, 1e6, allow_nan=False).map(lambda x: f"{x:g}%")
junk_text = st.text(max_size=6)

number_text = st.one_of(
    odd_number, small_int_text, any_int_text, float_text, fraction_text, percent_text, junk_text
)
# weights: mostly plain small integers so the real work runs; odd ones now and then
weight_text = st.one_of(
    small_int_text, small_int_text, small_int_text, small_int_text, small_int_text, number_text
)
quota_text = st.one_of(
    st.sampled_from(["majority", "50%", "50%+1", "2/3", "65%", "3/4", "100%", "0.6", "1"]),
    small_int_text,
    number_text,
)

# "A\udcff" is how Python reads the argument bytes b"A\xff" (not UTF-8)
NAME_POOL = [
    "A",
    "B",
    "C",
    "D",
    "E",
    "France",
    "Ünïcødé",
    "名字",
    "a b",
    "x:y",
    "A",
    "B",
    "A\udcff",
    ":smile:",  # rich markup and emoji codes: printed verbatim, never read as markup
    "A[red]x",
    "[/]",
    "C\\[",
]
name_text = st.one_of(
    st.sampled_from(NAME_POOL),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=8),
    st.just("N" * 300),
)


# --- the notation and member lists ---

# fmt: off
BRACKETS = [
    ("[", "]"), ("[", "]"), ("[", "]"), ("", ""), ("(", ")"), ("[[", "]]"), ("[", ""), ("［", "］"),
    (" [ ", " ] "),
]
# fmt: on
SEPS = [", ", ",", ", ", " ", ";", ",,", "\t", "，", " , ", "\n"]


@st.composite
def weight_lists(draw: st.DrawFn) -> list[str]:
    kind = draw(st.integers(0, 9))
    if kind >= 5:  # plain and valid, or valid but for one odd number: the deep code runs
        weights = draw(st.lists(small_int_text, min_size=1, max_size=12))
        if kind <= 6:
            weights[draw(st.integers(0, len(weights) - 1))] = draw(number_text)
        return weights
    if kind == 0:  # many members of few distinct weights: big but cheap exact work
        n = draw(st.integers(30, 400))
        return [str(draw(st.integers(1, 3))) for _ in range(n)]
    if kind == 1:  # a few huge weights
        return draw(st.lists(st.one_of(odd_number, any_int_text), min_size=1, max_size=6))
    return draw(st.lists(weight_text, min_size=0, max_size=12))


@st.composite
def notation(draw: st.DrawFn) -> str:
    weights = draw(weight_lists())
    if draw(st.booleans()):
        total = sum(int(w) for w in weights if w.isascii() and w.isdigit() and len(w) < 20)
        return f"[{draw(st.integers(1, max(total, 1)))}; {', '.join(weights)}]"
    left, right = draw(st.sampled_from(BRACKETS))
    sep = draw(st.sampled_from(SEPS))
    semi = draw(st.sampled_from(["; ", ";", ";;", ":", " ; ", ","]))
    return f"{left}{draw(quota_text)}{semi}{sep.join(weights)}{right}"


@st.composite
def member_list(draw: st.DrawFn) -> str:
    n = draw(st.integers(0, 12))
    if _rare(draw, 15):
        n = draw(st.integers(100, 2000))
    if draw(st.booleans()):  # plain and valid
        names = [
            f"{c}{i}"
            for i, c in enumerate(
                draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=max(n, 1), max_size=max(n, 1)))
            )
        ]
        weights = [draw(small_int_text) for _ in names]
        if draw(st.booleans()):
            weights[draw(st.integers(0, len(weights) - 1))] = draw(number_text)
        return ", ".join(f"{a}:{w}" for a, w in zip(names, weights, strict=True))
    colon = draw(st.sampled_from([":", ":", ":", "=", " : ", "::", ""]))
    sep = draw(st.sampled_from(SEPS))
    names = draw(st.lists(name_text, min_size=n, max_size=n))
    if n > 20:
        names = [f"M{i}" for i in range(n)]
    weights = draw(st.lists(weight_text, min_size=n, max_size=n))
    return sep.join(f"{a}{colon}{w}" for a, w in zip(names, weights, strict=True))


# --- CSV files ---

# fmt: off
HEADERS = [
    ["name", "weight"], ["Name", "Weight"], ["weight", "name"], ["member", "seats"],
    ["name", "weight", "population"], ["name"], ["a", "b", "c"], [], ["name", "votes"],
    ["name", "population"], ["", ""], ["name", "name"], ["名", "weight"],
]
# fmt: on


@st.composite
def csv_bytes(draw: st.DrawFn, value_columns: int = 1) -> bytes:
    if _rare(draw, 30):
        return draw(st.binary(max_size=200))
    if draw(st.booleans()):  # plain and valid
        n = draw(st.integers(1, 10))
        head = draw(st.sampled_from(["name,weight", "name,population", "name,votes", "name;seats"]))
        sep = "," if "," in head else ";"
        rows = [f"U{i}{sep}{draw(st.integers(0, 10 ** draw(st.integers(1, 7))))}" for i in range(n)]
        if value_columns > 1:
            head += f"{sep}seats"
            rows = [r + f"{sep}{draw(st.integers(0, 5))}" for r in rows]
        return ("\n".join([head, *rows]) + "\n").encode()
    header = draw(st.sampled_from(HEADERS))
    sep = draw(st.sampled_from([",", ",", ";", "\t", "|", " "]))
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(0, 10))):
        row = [draw(name_text)] + [draw(weight_text) for _ in range(value_columns)]
        if _rare(draw, 6):  # ragged
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(weight_text, max_size=3))
        rows.append(row)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(sep.join(r) for r in ([header] if header else []) + rows)
    if draw(st.booleans()):
        text += newline
    encoding = "utf-8"
    if _rare(draw, 2):
        encoding = draw(st.sampled_from(["utf-8-sig", "latin-1", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if _rare(draw, 10):
        data += b"\xff\xfe\x80"
    return data


# --- scenario files ---

# fmt: off
JUNK_VALUES: list[Any] = [
    None, [], {}, True, False, "x", -1, 0, 10**30, 1e308, "1e400", [1], {"a": 1},
]
# fmt: on


def maybe_junk(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, strategy, strategy, strategy, strategy, st.sampled_from(JUNK_VALUES))


def quota_value() -> st.SearchStrategy[Any]:
    sane = st.sampled_from(["majority", "2/3", "50%", 1, 2, 3, 5])
    return st.one_of(sane, sane, sane, quota_text, st.integers(-3, 30), st.floats(allow_nan=True))


def _plain(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return strategy


def rules(names: list[str], columns: list[str], odd: bool = True) -> st.SearchStrategy[Any]:
    maybe_junk = globals()["maybe_junk"] if odd else _plain
    quota_value = (
        globals()["quota_value"]
        if odd
        else (lambda: st.sampled_from(["majority", "2/3", "50%", 1, 2, 3]))
    )
    some_names = st.lists(st.sampled_from(names or ["A"]), min_size=1, max_size=4)
    column = st.one_of(st.sampled_from(columns or ["weight"]), st.just("nope"))
    weighted = st.fixed_dictionaries(
        {"quota": maybe_junk(quota_value())},
        optional={"type": st.just("weighted"), "weight": column, "label": st.text(max_size=4)},
    )
    leaves = st.one_of(
        weighted,
        weighted,
        st.fixed_dictionaries({"type": st.just("veto"), "members": maybe_junk(some_names)}),
        st.fixed_dictionaries(
            {"type": st.just("at_least"), "count": maybe_junk(st.integers(-1, 12))},
            optional={"among": some_names},
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("minimal_winning"),
                "coalitions": maybe_junk(st.lists(some_names, min_size=0, max_size=4)),
            }
        ),
        *(
            [
                st.sampled_from(JUNK_VALUES),
                st.fixed_dictionaries({"type": st.sampled_from(["bogus", "WEIGHTED", ""])}),
            ]
            if odd
            else []
        ),
    )

    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        crit = st.lists(children, min_size=0, max_size=3)
        return st.one_of(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["all_of", "any_of"]), "criteria": crit}
            ),
            st.fixed_dictionaries(
                {
                    "type": st.just("bloc_consent"),
                    "required": maybe_junk(st.one_of(st.just("all"), st.integers(-1, 4))),
                    "blocs": st.lists(
                        st.fixed_dictionaries(
                            {"name": name_text, "members": some_names},
                            optional={"rule": children},
                        ),
                        max_size=3,
                    ),
                }
            ),
            st.fixed_dictionaries(
                {
                    "type": st.just("bloc_consent"),
                    "group_by": st.sampled_from(["community", "nope", "name"]),
                },
                optional={
                    "groups": st.lists(st.sampled_from(["X", "Y", "Z"]), max_size=3),
                    "bloc_rule": children,
                    "required": st.one_of(st.just("all"), st.integers(-1, 4)),
                },
            ),
            st.fixed_dictionaries(
                {
                    "type": st.just("two_tier"),
                    "group_by": st.sampled_from(["community", "nope"]),
                    "units": st.lists(
                        st.fixed_dictionaries(
                            {"name": st.sampled_from(["X", "Y", "Z", ""])},
                            optional={"votes": maybe_junk(st.integers(0, 5)), "rule": children},
                        ),
                        max_size=3,
                    ),
                    "upper": st.one_of(
                        st.fixed_dictionaries(
                            {
                                "type": st.just("weighted"),
                                "weight": st.just("votes"),
                                "quota": quota_value(),
                            }
                        ),
                        children,
                    ),
                },
                optional={"unit_rule": children, "split": maybe_junk(st.booleans())},
            ),
        )

    return st.recursive(leaves, extend, max_leaves=6)


@st.composite
def scenario_data(draw: st.DrawFn) -> dict[str, Any]:
    odd = draw(st.booleans())
    maybe_junk = globals()["maybe_junk"] if odd else _plain
    n = draw(st.integers(0 if odd else 1, 8))
    if odd:
        names = draw(st.lists(st.sampled_from(NAME_POOL) | name_text, min_size=n, max_size=n))
    else:
        names = [f"M{i}" for i in range(n)]
    columns = draw(
        st.lists(
            st.sampled_from(["weight", "seats", "population", "votes"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    members = []
    for nm in names:
        m: dict[str, Any] = {"name": draw(maybe_junk(st.just(nm)))}
        for c in columns:
            if draw(st.integers(0, 5)):
                m[c] = draw(
                    maybe_junk(
                        st.one_of(st.integers(0, 20), weight_text if odd else st.integers(0, 9))
                    )
                )
        if _rare(draw, 4):
            m["count"] = draw(maybe_junk(st.one_of(st.integers(-1, 50), st.just(10**9))))
        if draw(st.booleans()):
            m["community"] = draw(st.sampled_from(["X", "Y", "Z"]))
        members.append(m)
    data: dict[str, Any] = {"members": draw(maybe_junk(st.just(members)))}
    if draw(st.integers(0, 10)):
        data["rule"] = draw(rules(names, columns, odd))
    for key, strat in [
        ("name", st.text(max_size=10)),
        ("source", st.text(max_size=10)),
        (
            "blocs",
            st.dictionaries(name_text, st.lists(st.sampled_from(names or ["A"])), max_size=3),
        ),
        ("bogus_key", st.integers()),
    ]:
        if _rare(draw, 4) and (odd or key != "bogus_key"):
            data[key] = draw(maybe_junk(strat))
    return data


def _deep(depth: int, yaml_flow: bool) -> str:
    return "members: " + "[" * depth + "]" * depth + "\nrule: {quota: 1}\n"


ALIAS_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "members: *h\n"
    "rule: {quota: *h}\n"
)


@st.composite
def scenario_file(draw: st.DrawFn, demands: bool = False) -> tuple[str, bytes]:
    data = draw(demands_data()) if demands else draw(scenario_data())
    fmt = draw(st.sampled_from(["yaml", "yaml", "json", "yml", "raw"]))
    if fmt == "raw":
        text = draw(
            st.sampled_from(
                [
                    ALIAS_BOMB,
                    _deep(5000, True),
                    _deep(200, True),
                    "members:\n" + "  - " * 1 + "{name: A, weight: 1}\n" * 3 + "rule: {quota: 1}\n",
                    "members: [{name: A, weight: 1}]\nmembers: []\nrule: {quota: 1}\n",
                    "- just\n- a list\n",
                    "plain scalar",
                    "",
                    "\t\x00\x01",
                    "{" * 3000,
                    "members: !!python/object:os.system [echo]\n",
                    "members: [{name: A, weight: !!binary aGVsbG8=}]\nrule: {quota: 1}\n",
                    "members: [{name: A, weight: 1e400}]\nrule: {quota: .inf}\n",
                    "members: [{name: A, weight: .nan}]\nrule: {quota: .nan}\n",
                    "members: [{name: A, weight: 0x7fffffffffffffff}]\nrule: {quota: 1}\n",
                    "? [a, b]\n: c\n",
                    "members: [{name: A, weight: 1}]\nrule: {quota: 2001-01-01}\n",
                ]
            )
        )
        data_bytes = text.encode()
        suffix = draw(st.sampled_from([".yaml", ".json"]))
    else:
        try:
            if fmt == "json":
                text = json.dumps(data, allow_nan=True, default=str)
            else:
                text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()))
        except (ValueError, TypeError, yaml.YAMLError):
            text = repr(data)
        encoding = draw(st.sampled_from(["utf-16", "latin-1"])) if _rare(draw, 8) else "utf-8"
        data_bytes = text.encode(encoding, errors="replace")
        suffix = "." + fmt
    name = ("demands" if demands else "body") + suffix
    return name, data_bytes


# --- demands files (settle) ---


@st.composite
def demands_data(draw: st.DrawFn) -> dict[str, Any]:
    odd = draw(st.booleans())
    maybe_junk = globals()["maybe_junk"] if odd else _plain
    n = draw(st.integers(0 if odd else 1, 7))
    if _rare(draw, 12):
        n = draw(st.integers(20, 40))
    names = (
        [f"P{i}" for i in range(n)]
        if n > 12 or not odd
        else draw(
            st.lists(st.sampled_from(NAME_POOL) | name_text, min_size=n, max_size=n, unique=True)
        )
    )
    seat = (
        st.integers(1, 60)
        if not odd
        else st.one_of(
            st.integers(0, 60),
            st.integers(0, 60),
            st.fixed_dictionaries({"min": st.integers(-2, 30), "max": st.integers(-2, 60)}),
            st.sampled_from(JUNK_VALUES),
            st.just(2**63),
            st.just({"min": 1, "max": 10**7}),
        )
    )
    members = {nm: draw(seat) for nm in names}
    pick = st.sampled_from(names or ["A"])
    share = st.sampled_from(["10%", "25%", "1/3", "0%", "100%"])
    if odd:
        share = st.one_of(share, number_text)
    demand = st.one_of(
        st.fixed_dictionaries(
            {"party": pick, "min_share": share},
            optional={"index": st.sampled_from(["banzhaf", "shapley", "holler", "x"])},
        ),
        st.fixed_dictionaries({"party": pick, "max_share": share}),
        st.fixed_dictionaries({"cap": share}),
        st.fixed_dictionaries({"party": pick, "veto": maybe_junk(st.just(True))}),
        st.fixed_dictionaries({"party": pick, "block_with": st.lists(pick, max_size=3)}),
        st.fixed_dictionaries({"party": pick, "not_dummy": st.booleans()}),
        *(
            [
                st.dictionaries(
                    st.sampled_from(["party", "cap", "veto", "label", "x"]),
                    st.sampled_from(JUNK_VALUES),
                    max_size=3,
                )
            ]
            if odd
            else []
        ),
    )
    family = st.one_of(
        st.sampled_from(["weighted", "veto", "bloc_consent", "two_tier", "bogus"]),
        st.fixed_dictionaries(
            {"type": st.sampled_from(["weighted", "veto", "bloc_consent", "two_tier", "x"])},
            optional={
                "quota": st.tuples(quota_text, quota_text),
                "bloc_quota": st.lists(quota_text, max_size=3),
                "required": st.lists(st.integers(-1, 5), max_size=3),
                "upper": st.lists(st.sampled_from(["seats", "equal", "x"]), max_size=2),
                "members": st.lists(pick, max_size=4),
                "max_size": st.one_of(st.integers(-1, 6), st.just(10**9)),
            },
        ),
    )
    data: dict[str, Any] = {
        "members": draw(maybe_junk(st.just(members))),
        "families": draw(maybe_junk(st.lists(family, max_size=4))),
        "demands": draw(maybe_junk(st.lists(demand, max_size=8))),
    }
    if n:
        blocs = {}
        for b in range(draw(st.integers(0, 3))):
            blocs[f"B{b}"] = draw(st.lists(pick, min_size=0, max_size=n))
        data["blocs"] = draw(maybe_junk(st.just(blocs)))
    optional = [
        ("title", st.text(max_size=10)),
        ("index", st.sampled_from(["banzhaf", "shapley", "holler", "bogus"])),
        ("total_seats", st.one_of(st.integers(-5, 200), st.just(10**12), st.just(5 * 10**6))),
        (
            "rank",
            st.fixed_dictionaries(
                {},
                optional={
                    "by": st.sampled_from(["equal", "seats", "x"]),
                    "distance": st.sampled_from(["max_abs", "l1", "l2", "max_rel", "x"]),
                },
            ),
        ),
        ("extra", st.integers()),
    ]
    for key, strat in optional:
        if _rare(draw, 3):
            data[key] = draw(maybe_junk(strat))
    return data


# --- the body argument ---

SMALL_DATASETS = ["eec-1958", "un-security-council", "afghanistan-council-illustrative"]
# fmt: off
DATASETS = [
    *SMALL_DATASETS, "eu-council-lisbon", "us-electoral-college-2024", "us-house-2020",
    "afghanistan", "northern-ireland-assembly-2022", "nope", "EEC-1958", "", "-",
    "../../../etc/passwd", "eec-1958\x00", "名",
]
# fmt: on


@st.composite
def body_arg(draw: st.DrawFn, cheap: bool = False) -> tuple[str, dict[str, bytes]]:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        names = [*SMALL_DATASETS, "nope", "", "名", "../x"] if cheap else DATASETS
        return draw(st.sampled_from(names)), {}
    if kind in (1, 2):
        return draw(notation()), {}
    if kind in (3, 4):
        return draw(member_list()), {}
    if kind == 5:
        name = draw(
            st.sampled_from(["body.csv", "body.CSV", "body.txt", "body.tsv", "b o d y.csv"])
        )
        return name, {name: draw(csv_bytes())}
    if kind in (6, 7, 8):
        name, data = draw(scenario_file())
        return name, {name: data}
    return draw(
        st.sampled_from(
            [
                "missing.csv",
                "missing.yaml",
                "dir/",
                ".",
                "/",
                "/dev/null",
                "/dev/zero.csv",
                "-",
                "--",
                "-x",
            ]
        )
    ), {}


# --- options ---

# fmt: off
INDICES = [
    "banzhaf", "banzhaf_absolute", "shapley", "holler", "holler_absolute", "deegan_packel",
    "johnston", "coleman_prevent", "coleman_initiate", "rae", "owen", "banzhaf_owen",
]
# fmt: on
# fmt: off
METHODS = [
    "auto", "enumeration", "generating-function", "decision-diagram", "symmetric-classes",
    "coalition-dp", "bloc-dp", "coalition-enumeration", "monte-carlo", "bogus", "",
]
# fmt: on
seconds_text = st.one_of(
    st.sampled_from(["1", "2", "0.5"]),
    st.sampled_from(["0", "0.5", "2", "5", "-1", "nan", "inf", "-inf", "1e308", "1e400", "abc"]),
    st.floats(-1, 5).map(repr),
)
memory_text = st.sampled_from(
    [
        "2GB",
        "1GB",
        "100MB",
        "0",
        "-1GB",
        "1e400GB",
        "abc",
        "1KB",
        "10TB",
        "1",
        "1.5GB",
        "nanGB",
        "GB",
        "99999999999999999999999GB",
        "3 GB",
    ]
)
int_option = st.one_of(
    st.integers(0, 50).map(str),
    st.integers(0, 50).map(str),
    st.integers(-2, 50).map(str),
    st.sampled_from([str(2**63), str(2**64), str(10**30), "1e3", "x", "", "-0", "1.5"]),
)


SANE: dict[str, list[str]] = {
    "--quota": ["majority", "2/3", "50%+1", "65%", "1"],
    "--index": ["banzhaf", "shapley", "banzhaf,shapley", "all", "holler,johnston", "owen"],
    "--method": ["auto", "auto", "enumeration", "generating-function", "monte-carlo"],
    "--max-seconds": ["1", "2", "5"],
    "--max-memory": ["1GB", "500MB"],
    "--blocs": ["A+B, C+D", "A0+B1", "C0+D1+E2"],
    "--precision": ["0.01", "0.05"],
    "--confidence": ["0.9", "0.99"],
    "--samples": ["100", "1000"],
    "--seed": ["0", "1", "42"],
    "--limit": ["0", "5", "20"],
    "--rows": ["5", "40"],
    "--output": ["r.md", "r.json", "r.html"],
    "--target": ["equal", "proportional", "sqrt"],
    "--column": ["weight", "population"],
    "--distance": ["max_abs", "l1", "l2", "max_rel"],
    "--total-weight": ["10", "20", "50"],
    "--quota-range": ["majority..100%", "50%..75%"],
    "--bounds": ["0.2", "0.5"],
    "--first-divisor": ["1.4"],
    "--min": ["0", "1"],
    "--max": ["50", "100"],
    "--threshold": ["5%", "0%", "10%"],
    "--tie-break": ["lot", "larger", "first-listed", "larger,first-listed"],
    "--sweep": ["1:10", "5:40"],
    "--then": ["power"],
    "--value-col": ["population", "weight", "votes"],
}


def index_option() -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(st.sampled_from(INDICES), min_size=1, max_size=3).map(",".join),
        st.sampled_from(
            ["all", "", ",", "banzhaf,,shapley", "BANZHAF", "bogus", "banzhaf, shapley"]
        ),
    )


def _flag(name: str) -> st.SearchStrategy[list[str]]:
    return st.just([name])


def _opt(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return values.map(lambda v: [name, v])


@st.composite
def options(draw: st.DrawFn, table: list[st.SearchStrategy[list[str]]], most: int = 4) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(range(len(table))), max_size=most, unique=True))
    # at most one option takes an odd value, the others a sane one, so most runs get deep
    odd = draw(st.sampled_from([None, *range(len(chosen))])) if draw(st.booleans()) else None
    out: list[str] = []
    for k, i in enumerate(chosen):
        pair = draw(table[i])
        if k != odd and len(pair) == 2 and pair[0] in SANE:
            pair = [pair[0], draw(st.sampled_from(SANE[pair[0]]))]
        out += pair
    if _rare(draw, 25):  # a stray or truncated option
        out += draw(
            st.sampled_from(
                [
                    ["--bogus"],
                    ["--quota"],
                    ["--"],
                    ["-"],
                    ["--json", "--json"],
                    ["--help"],
                    ["extra-arg"],
                ]
            )
        )
    return out


POWER_OPTIONS = [
    _opt("--quota", quota_text),
    _opt("--index", index_option()),
    _flag("--exact"),
    _flag("--json"),
    _flag("--csv"),
    _opt("--method", st.sampled_from(METHODS)),
    _opt("--max-seconds", seconds_text),
    _opt("--max-memory", memory_text),
    _opt(
        "--blocs",
        st.sampled_from(
            [
                "A+B, C+D",
                "North: A+B; South: C+D",
                "A+A",
                "+",
                "Z+Y",
                "",
                "A+B; A+C",
                "France+Germany",
            ]
        ),
    ),
    _flag("--bloc-game"),
    _flag("--allow-approx"),
    _opt("--precision", st.sampled_from(["0.01", "0", "-1", "1e-300", "nan", "2", "inf"])),
    _opt("--confidence", st.sampled_from(["0.99", "0", "1", "1.5", "nan", "-0.1", "0.5"])),
    _opt("--samples", st.sampled_from(["1", "1000", "0", "-1", str(10**12), str(10**30), "x"])),
    _opt("--seed", st.sampled_from(["0", "-1", str(2**64), str(2**32), "x"])),
]
STRUCTURE_OPTIONS = [
    _opt("--quota", quota_text),
    _opt("--limit", int_option),
    _flag("--json"),
]
AUDIT_OPTIONS = [
    _opt("--quota", quota_text),
    _opt(
        "--output",
        st.sampled_from(
            ["r.json", "r.md", "r.html", "r.txt", "r", "no/such/r.md", ".", "r.JSON", "r.html"]
        ),
    ),
    _flag("--json"),
    _flag("--json"),
    _flag("--no-plots"),
    _opt("--rows", int_option),
]
DESIGN_OPTIONS = [
    _opt("--target", st.sampled_from(["equal", "proportional", "sqrt", "explicit", "x", ""])),
    _opt("--column", st.sampled_from(["weight", "population", "seats", "x", ""])),
    _opt("--index", st.sampled_from(["banzhaf", "shapley", "holler", "owen", "x"])),
    _opt("--distance", st.sampled_from(["max_abs", "l1", "l2", "max_rel", "x"])),
    _opt("--total-weight", int_option),
    _opt("--quota", quota_text),
    _opt(
        "--quota-range",
        st.sampled_from(
            [
                "majority..100%",
                "1..0",
                "..",
                "a..b",
                "0%..200%",
                "50%..50%",
                "1e400..1e999",
                "2/3..",
                "nan..inf",
            ]
        ),
    ),
    _opt("--bounds", st.sampled_from(["0.2", "0", "-1", "nan", "inf", "1e308", "1e-300", "x"])),
    _opt("--method", st.sampled_from(["auto", "exhaustive", "iterative", "local", "x"])),
    _flag("--quota-only"),
    _flag("--two-tier"),
    _flag("--curve"),
    _flag("--json"),
]
# fmt: off
APPORTION_METHODS = [
    "adams", "danish", "dean", "dhondt", "droop", "equal-proportions", "hagenbach-bischoff",
    "hamilton", "hare", "huntington-hill", "imperiali", "jefferson", "modified-sainte-lague",
    "sainte-lague", "webster", "x", "",
]
# fmt: on
APPORTION_OPTIONS = [
    _opt("--method", st.sampled_from(APPORTION_METHODS)),
    _opt("--first-divisor", st.one_of(number_text, st.just("1.4"))),
    _opt("--min", int_option),
    _opt("--max", int_option),
    _opt("--threshold", st.one_of(st.sampled_from(["5%", "0%", "100%", "150%"]), number_text)),
    _opt("--elsewhere-col", st.sampled_from(["seats", "x", "name"])),
    _opt("--elsewhere-min", int_option),
    _opt("--exempt", name_text),
    _opt("--reserved", st.sampled_from(["A=5", "A=-1", "A=x", "=", "A", "Z=1", f"A={10**30}"])),
    _opt(
        "--tie-break",
        st.sampled_from(["lot", "larger", "smaller", "first-listed", "larger,lot", "x", ",", ""]),
    ),
    _opt("--seed", int_option),
    _opt("--name-col", st.sampled_from(["name", "x", "population", ""])),
    _opt("--value-col", st.sampled_from(["population", "votes", "weight", "name", "x"])),
    _opt(
        "--sweep",
        st.sampled_from(
            ["1:10", "10:1", "5:5", "1:100000000", "a:b", ":", "-5:5", "0:3", f"1:{2**64}", "1:400"]
        ),
    ),
    _opt("--then", st.sampled_from(["power", "x"])),
    _opt("--quota", quota_text),
    _flag("--json"),
    _flag("--csv"),
]


def _with_quota(draw: st.DrawFn, opts: list[str], game: str) -> list[str]:
    """Member lists and CSV files need --quota: give one most of the time."""
    if game.endswith((".yaml", ".yml", ".json")) or game.startswith(("[", "(")):
        return opts
    if "--quota" not in opts and draw(st.integers(0, 3)):
        opts = [*opts, "--quota", draw(st.sampled_from(["majority", "2/3", "50%+1", "1", "65%"]))]
    return opts


def _bounded(draw: st.DrawFn, opts: list[str]) -> list[str]:
    """Most of the time a ``--max-seconds`` below the harness's bound: the commands' default
    limits (600 s for counting) are longer than the bound, and a run that honours its own
    default limit is not a hang; the rest keep the default, to find work past any limit."""
    if "--max-seconds" not in opts and draw(st.integers(0, 4)):
        opts = [*opts, "--max-seconds", draw(st.sampled_from(["3", "5", "10"]))]
    return opts


# --- one strategy per command ---


@st.composite
def power_case(draw: st.DrawFn) -> Case:
    game, files = draw(body_arg())
    opts = _bounded(draw, _with_quota(draw, draw(options(POWER_OPTIONS, 4)), game))
    return Case(("power", game, *opts), files)


@st.composite
def structure_case(draw: st.DrawFn) -> Case:
    game, files = draw(body_arg())
    opts = _bounded(draw, _with_quota(draw, draw(options(STRUCTURE_OPTIONS, 3)), game))
    return Case(("structure", game, *opts), files)


@st.composite
def audit_case(draw: st.DrawFn) -> Case:
    game, files = draw(body_arg(cheap=True))
    argv = ["audit", game]
    if _rare(draw, 3):
        files = {**files, "pop.csv": draw(csv_bytes())}
        argv += ["--populations", "pop.csv"]
    opts = _bounded(draw, _with_quota(draw, draw(options(AUDIT_OPTIONS, 3)), game))
    if "--output" not in opts and "--json" not in opts and draw(st.integers(0, 2)):
        opts += ["--json"]  # the terminal report is the slow path; sample it less
    if "--output" in opts and "--no-plots" not in opts and draw(st.integers(0, 3)):
        opts += ["--no-plots"]
    return Case((*argv, *opts), files)


@st.composite
def design_case(draw: st.DrawFn) -> Case:
    kind = draw(st.integers(0, 4))
    if kind <= 2:
        values, files = draw(member_list()), {}
    elif kind == 3:
        values, files = "values.csv", {"values.csv": draw(csv_bytes())}
    else:
        values, files = draw(body_arg(cheap=True))
    opts = draw(options(DESIGN_OPTIONS, 5))
    if draw(st.integers(0, 5)):
        opts += ["--max-seconds", draw(st.sampled_from(["1", "2", "0.5", "3"]))]
    elif draw(st.booleans()):
        opts += ["--max-seconds", draw(seconds_text)]
    return Case(("design", values, *opts), files)


@st.composite
def settle_case(draw: st.DrawFn) -> Case:
    name, data = draw(scenario_file(demands=True))
    opts: list[str] = []
    if draw(st.booleans()):
        opts += ["--top", draw(int_option)]
    if draw(st.integers(0, 3)):
        opts += ["--max-seconds", draw(seconds_text)]
    if draw(st.booleans()):
        opts.append("--json")
    return Case(("settle", name, *opts), {name: data})


@st.composite
def apportion_case(draw: st.DrawFn) -> Case:
    data = draw(csv_bytes(value_columns=draw(st.sampled_from([1, 1, 1, 2]))))
    argv = ["apportion", "units.csv"]
    if draw(st.integers(0, 6)):
        argv += ["--seats", draw(st.one_of(st.integers(0, 500).map(str), int_option))]
    elif draw(st.booleans()):
        argv += ["--total", draw(st.one_of(st.integers(0, 500).map(str), int_option))]
    return Case((*argv, *draw(options(APPORTION_OPTIONS, 3))), {"units.csv": data})


@st.composite
def datasets_case(draw: st.DrawFn) -> Case:
    args = draw(st.lists(st.one_of(st.sampled_from(DATASETS), name_text), max_size=2))
    return Case(("datasets", *args))


@st.composite
def methods_case(draw: st.DrawFn) -> Case:
    return Case(
        ("methods", *draw(st.lists(st.sampled_from(["--json", "x", "--help"]), max_size=1)))
    )


SOLUTIONS_OPTIONS = [
    _opt("--quota", quota_text),
    _flag("--no-ranges"),
    _opt("--max-seconds", seconds_text),
    _flag("--json"),
    _flag("--csv"),
]
PACKAGES = [
    "northern-ireland-package",
    "bosnia-herzegovina-package",
    "lebanon-package",
    "afghanistan-package-illustrative",
]
PACKAGE_OPTIONS = [
    _opt("--index", index_option()),
    _opt("--compare", st.sampled_from([*PACKAGES, "x", "", "eec-1958"])),
    _opt("--max-seconds", seconds_text),
    _opt("--max-memory", memory_text),
    _flag("--json"),
    _flag("--csv"),
]


@st.composite
def solutions_case(draw: st.DrawFn) -> Case:
    game, files = draw(body_arg(cheap=True))
    opts = _bounded(draw, _with_quota(draw, draw(options(SOLUTIONS_OPTIONS, 2)), game))
    return Case(("solutions", game, *opts), files)


@st.composite
def package_case(draw: st.DrawFn) -> Case:
    """A shipped package, an odd name, or a YAML file (a scenario or demands body, which a
    ``package:`` file is not, or a package with odd values)."""
    kind = draw(st.integers(0, 3))
    files: dict[str, bytes] = {}
    if kind <= 1:
        spec = draw(st.sampled_from(PACKAGES))
    elif kind == 2:
        spec = draw(st.one_of(name_text, st.sampled_from(DATASETS)))
    else:
        spec, data = draw(scenario_file(demands=draw(st.booleans())))
        files = {spec: data}
    return Case(("package", spec, *draw(options(PACKAGE_OPTIONS, 3))), files)


COMMANDS: dict[str, st.SearchStrategy[Case]] = {
    "power": power_case(),
    "structure": structure_case(),
    "audit": audit_case(),
    "design": design_case(),
    "settle": settle_case(),
    "apportion": apportion_case(),
    "datasets": datasets_case(),
    "methods": methods_case(),
    "solutions": solutions_case(),
    "package": package_case(),
}


def case_for(command: str) -> st.SearchStrategy[Case]:
    return COMMANDS[command]
