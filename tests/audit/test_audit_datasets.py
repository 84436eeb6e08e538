"""The Afghan bodies and the audit scenarios load, with totals that match their sources."""

from fractions import Fraction

import pytest

from powershare.audit.scenarios import load_audit_scenario, scenario_names
from powershare.datasets import afghanistan as af
from powershare.datasets import read_rows, read_text
from powershare.errors import InvalidInputError


def test_provincial_seats_total_239_and_34_provinces() -> None:
    body = af.wolesi_jirga(include_special=False)
    assert body.game.n == 34 and body.game.total_weight == 239
    assert body.game.quota == 120  # more than half of 239


def test_full_chamber_250_with_special_seats() -> None:
    body = af.wolesi_jirga()
    assert body.game.total_weight == 250 and body.game.n == 36 and body.game.quota == 126
    assert af.special_seats() == {af.KUCHI: 10, af.HINDU_SIKH: 1}
    assert dict(zip(body.game.names, body.populations, strict=True))[af.HINDU_SIKH] is None


def test_populations_match_the_source_totals() -> None:
    pops = af.populations()
    # afghanistan_provinces.source.md: 28 exact + 6 rounded = 32,067,424 settled
    assert len(pops) == 34 and sum(pops.values()) == 32_067_424
    assert sum(af.populations(series="population_nsia_1398").values()) == 30_725_560
    # the Kuchi figure is the one stated in the source notes
    assert "1,500,000 Kuchi" in read_text("afghanistan_provinces.source.md")
    assert sum(pops.values()) + af.KUCHI_POPULATION == 33_567_424


def test_other_totals() -> None:
    ec = load_audit_scenario("us-electoral-college-2024")
    assert ec.game.total_weight == 538  # type: ignore[attr-defined]
    house = load_audit_scenario("us-house-2020")
    assert house.game.total_weight == 435  # type: ignore[attr-defined]
    assert sum(int(r["seats_2020"]) for r in read_rows("us_house_2020.csv")) == 435
    eu = load_audit_scenario("eu-council-lisbon")
    assert eu.game.n == 27 and eu.populations is not None
    assert sum(int(p) for p in eu.populations if p is not None) == 449_206_200
    nice = load_audit_scenario("eu-council-nice")
    assert nice.game.total_weight == 323  # type: ignore[attr-defined]
    assert load_audit_scenario("eec-1958").game.n == 6


def test_illustrative_council_is_labelled_and_built_from_shipped_shares() -> None:
    body = af.illustrative_council()
    assert body.illustrative and "ILLUSTRATIVE" in body.title
    shares = af.ethnic_shares(body.extra["estimate_set"])
    assert sum(shares.values()) == 100
    assert body.seats == tuple(int(shares[n]) for n in body.game.names)  # 100 seats = percent
    assert body.game.quota == 67 and not body.populations_are_counts
    assert all(isinstance(p, Fraction) for p in body.populations)
    assert any("disputed" in c for c in body.caveats)
    with pytest.raises(InvalidInputError):
        af.ethnic_shares("no such set")


def test_every_scenario_loads_with_caveats_and_sources() -> None:
    for name in scenario_names():
        sc = load_audit_scenario(name)
        assert sc.caveats, name
        assert sc.sources, name


def test_afghan_caveats_from_the_source_files_are_kept() -> None:
    sc = load_audit_scenario("afghanistan")
    text = " ".join(sc.caveats)
    for phrase in ("no census since 1979", "bloc", "historical", "not additive", "Pajhwok"):
        assert phrase in text
    assert {name for name, _ in sc.sources} == {
        "afghanistan_provinces.source.md",
        "afghanistan_special_seats.source.md",
        "afghanistan_provinces.geojson.source.md",  # the boundaries of the maps
    }
