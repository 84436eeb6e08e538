"""Packages of institutions, shared cabinets and rotation."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from typer.testing import CliRunner

from powershare import datasets
from powershare.cli.app import app
from powershare.errors import ParseError
from powershare.packages import Cabinet, Portfolio, allocate, analyse, read_package
from powershare.packages.cabinet import pick_order

TOY = """
package:
  name: toy
  parties: [{name: A}, {name: B, salience: {laws: 3}}, {name: C}]
  institutions:
    - {name: House, members: [{name: A, seats: 2}, {name: B, seats: 1}, {name: C, seats: 1}],
       rule: {type: weighted, weight: seats, quota: 3}, decides: [laws, budget]}
    - {name: Senate, members: [{name: B}, {name: C}], rule: {type: at_least, count: 2},
       decides: [laws]}
  areas: [{name: laws}, {name: budget}]
"""


def test_ni_2007_dhondt_sequence_reproduced() -> None:
    """The full d'Hondt run of 8 May 2007 (10 ministries; DUP 36, SF 28, UUP 18, SDLP 16 seats).

    Source: Alan in Belfast, "Fantasy D'Hondt", Slugger O'Toole, 26 July 2010
    (sluggerotoole.com/2010/07/26/fantasy-d'hondt/), listing the parties' picks in order.
    Ties are settled by first-preference votes (Irish Times, "The way d'Hondt operates"): in
    2007 the DUP polled more first preferences than the UUP.
    """
    seats = {"DUP": 36, "SF": 28, "UUP": 18, "SDLP": 16}
    ministries = [
        "Finance & Personnel", "Education", "Enterprise, Trade & Investment",
        "Health, Social Services and Public Safety", "Social Development",
        "Regional Development", "Environment", "Agriculture and Rural Development",
        "Culture, Arts and Leisure", "Employment and Learning",
    ]  # fmt: skip
    prefs = {
        "DUP": ("Finance & Personnel", "Enterprise, Trade & Investment", "Environment",
                "Culture, Arts and Leisure"),
        "SF": ("Education", "Regional Development", "Agriculture and Rural Development"),
        "UUP": ("Health, Social Services and Public Safety", "Employment and Learning"),
        "SDLP": ("Social Development",),
    }  # fmt: skip
    cab = Cabinet(
        "Executive 2007",
        method="dhondt",
        portfolios=tuple(Portfolio(m) for m in ministries),
        preferences=prefs,
        tie_break=("DUP", "SF", "SDLP", "UUP"),
    )
    result = allocate(cab, seats)
    assert [(p.party, p.portfolio) for p in result.picks] == [
        ("DUP", "Finance & Personnel"),
        ("SF", "Education"),
        ("DUP", "Enterprise, Trade & Investment"),
        ("UUP", "Health, Social Services and Public Safety"),
        ("SDLP", "Social Development"),
        ("SF", "Regional Development"),
        ("DUP", "Environment"),
        ("SF", "Agriculture and Rural Development"),
        ("DUP", "Culture, Arts and Leisure"),
        ("UUP", "Employment and Learning"),
    ]
    assert {p: result.count(p) for p in seats} == {"DUP": 4, "SF": 3, "UUP": 2, "SDLP": 1}
    assert [p.turn for p in result.picks if p.tied_with] == [3, 9]


def test_ni_2024_executive_from_2022_seats() -> None:
    """The Executive of 3 February 2024 (News Letter, "IN FULL: all the names of new Stormont
    executive ministers", 3 Feb 2024; Official Report, NI Assembly, 3 Feb 2024, "Ministerial
    Appointments": Sinn Féin first, the Economy): seven d'Hondt ministries SF 3, DUP 2,
    Alliance 1, UUP 1, SDLP 0; Justice (Alliance) outside d'Hondt."""
    result = analyse(datasets.load_package("northern-ireland-package"))
    cab = result.cabinets["Executive ministries"]
    assert cab.picks[0].party == "Sinn Féin" and cab.picks[0].portfolio == "Economy"
    counts = {p: sum(1 for k in cab.picks if k.party == p) for p in cab.parties}
    assert {p: c for p, c in counts.items() if c} == {
        "Sinn Féin": 3, "DUP": 2, "Alliance": 1, "UUP": 1,
    }  # fmt: skip
    assert set(cab.portfolios_of("Sinn Féin")) == {
        "First Minister", "Economy", "Finance", "Infrastructure",
    }  # fmt: skip
    assert set(cab.portfolios_of("DUP")) == {"deputy First Minister", "Education", "Communities"}
    assert cab.portfolios_of("UUP") == ("Health",)
    assert set(cab.portfolios_of("Alliance")) == {
        "Justice", "Agriculture, Environment and Rural Affairs",
    }  # fmt: skip
    # the SF/UUP tie at 9 is reported, never silent
    assert any("tied" in n for n in result.notes)


def test_pick_order_matches_apportionment_counts() -> None:
    order, _ = pick_order("sainte-lague", {"A": 10, "B": 6, "C": 3}, 6)
    assert sorted(order) == sorted(["A", "A", "A", "B", "B", "C"])


def test_summary_hand_computed() -> None:
    # House [3; 2, 1, 1]: Banzhaf 3/5, 1/5, 1/5.  Laws need the House and both B and C in
    # the Senate: only ABC wins, 1/3 each.  B weighs laws 3, budget 1.
    r = analyse(read_package(TOY))
    assert r.by_area("laws") == {"A": F(1, 3), "B": F(1, 3), "C": F(1, 3)}
    assert r.by_area("budget") == {"A": F(3, 5), "B": F(1, 5), "C": F(1, 5)}
    s = r.summary()
    assert s["A"] == (F(1, 3) + F(3, 5)) / 2
    assert s["B"] == (3 * F(1, 3) + F(1, 5)) / 4 == F(3, 10)
    assert r.institution_power["banzhaf"]["Senate"]["laws"] == {"A": 0, "B": F(1, 2), "C": F(1, 2)}


def test_rotation_averaged_by_hand() -> None:
    # Four members, one seat each; 3 pass, or 2 including the chair.  The chair has Banzhaf
    # 6/12 and each other member 2/12.  A chairs for 1 month, B for 3: A = (1/2 + 3/6)/4.
    text = """
package:
  name: chair
  parties: [{name: A}, {name: B}, {name: C}, {name: D}]
  institutions:
    - name: Council
      members: [{name: A}, {name: B}, {name: C}, {name: D}]
      rule:
        type: any_of
        criteria:
          - {type: at_least, count: 3}
          - type: all_of
            criteria:
              - {type: at_least, count: 2}
              - {type: weighted, weight: chair, quota: 1}
      rotation: {holders: [A, B], terms: [1, 3], unit: months}
      decides: [all]
  areas: [{name: all}]
"""
    r = analyse(read_package(text))
    terms = r.term_power["banzhaf"]["all"]
    assert terms[0] == {"A": F(1, 2), "B": F(1, 6), "C": F(1, 6), "D": F(1, 6)}
    assert r.by_area("all") == {"A": F(1, 4), "B": F(5, 12), "C": F(1, 6), "D": F(1, 6)}


def test_gamson_weighted_portfolios() -> None:
    cab = Cabinet(
        "Coalition",
        method="gamson",
        portfolios=(Portfolio("PM", F(2)), Portfolio("X"), Portfolio("Y")),
        parties=("A", "B"),
    )
    r = allocate(cab, {"A": 6, "B": 3, "C": 1})
    assert r.targets == {"A": F(2, 3), "B": F(1, 3)}
    assert [(p.party, p.portfolio) for p in r.picks] == [("A", "PM"), ("B", "X"), ("A", "Y")]
    assert r.weight_share("A") == F(3, 4)


def test_errors_name_key_path_and_line() -> None:
    bad = TOY.replace("quota: 3}", "quota: abc}")
    with pytest.raises(ParseError, match=r"institutions\[0\] \(House\): rule.quota \(line 7\)"):
        read_package(bad, source="toy.yaml")
    with pytest.raises(ParseError, match=r"package.institutions\[1\].decides\[0\].*unknown issue"):
        read_package(TOY.replace("decides: [laws]}", "decides: [lawz]}"))


def test_shipped_packages_load_and_match_csv() -> None:
    for name in datasets.PACKAGES:
        result = analyse(datasets.load_package(name))
        assert all(v is not None for v in result.summary().values())
    ni = datasets.load_package("northern-ireland-package")
    rows = datasets.read_rows("northern_ireland_assembly_2022.csv")
    assembly = ni.institution("Assembly")
    assert [(m["name"], m["seats"]) for m in assembly.members] == [
        ("Sinn Féin", 27), ("DUP", 25), ("Alliance", 17), ("UUP", 9), ("SDLP", 8),
        ("Independent unionists", 2), ("TUV", 1), ("People Before Profit", 1),
    ]  # fmt: skip
    assert [int(r["mlas_elected_2022"]) for r in rows] == [m["seats"] for m in assembly.members]
    leb = datasets.load_package("lebanon-package")
    seats = {r["confession"]: int(r["seats"]) for r in datasets.read_rows(
        "lebanon_parliament_confessional_seats.csv")}  # fmt: skip
    assert {m["name"]: m["seats"] for m in leb.institution("Parliament").members} == seats
    assert datasets.load_package("afghanistan-package-illustrative").illustrative


def test_cli_json_schema_keys() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["package", "northern-ireland-package", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {"package", "index", "parties", "areas", "institutions", "cabinets", "notes"} <= set(
        data
    )
    party = data["parties"][0]
    assert {"name", "summary", "by_institution", "portfolios", "seat_share"} <= set(party)
    assert set(party["by_institution"]) == {"Assembly", "Executive"}
    assert set(party["by_institution"]["Assembly"]) == {"legislation", "budget"}
    assert party["portfolios"]["Executive ministries"]["count"] == 4
    out = runner.invoke(
        app, ["package", "bosnia-herzegovina-package", "--compare", "lebanon-package", "--json"]
    )
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.output)["parties"]) == 16
    out = runner.invoke(app, ["package", "lebanon-package", "--csv"])
    assert out.output.startswith("party,kind,institution,area,value")
    out = runner.invoke(app, ["package", "no-such-package"])
    assert out.exit_code == 2
    out = runner.invoke(app, ["datasets"])
    assert "northern-ireland-package" in out.output
