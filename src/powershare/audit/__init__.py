"""The power-sharing audit: equality, concentration, blocking, sensitivity and decentralisation
of power, with reports (terminal, Markdown, self-contained HTML with SVG plots, JSON).

>>> from powershare.audit import audit, load_audit_scenario
>>> a = audit(load_audit_scenario("eec-1958"), what_ifs=False, curve=False)
>>> a.blocking.named(a.blocking.dummies)
['Luxembourg']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from powershare.games import lazy_package

if TYPE_CHECKING:  # what type checkers see; at run time the names are imported on first use
    from powershare.audit.audit import INDICES, Audit, BlocRow, Comparison, MemberRow, audit
    from powershare.audit.blocking import Blocking, blocking_summary
    from powershare.audit.citizen import (
        CitizenRule,
        DecisiveProbability,
        citizen_power,
        compare_centralisation,
        decisive_probability,
        jagiellonian_game,
        penrose_approximation,
    )
    from powershare.audit.metrics import (
        Concentration,
        concentration,
        effective_number,
        euclidean_distance,
        gini,
        herfindahl,
        max_min_ratio,
        total_variation,
        weighted_gini,
    )
    from powershare.audit.package_audit import PackageAudit, audit_package
    from powershare.audit.scenario import AuditScenario
    from powershare.audit.scenarios import load_audit_scenario, read_populations, scenario_names
    from powershare.audit.sensitivity import PowerByQuota, power_by_quota
    from powershare.audit.whatif import WhatIf, WhatIfTable, what_if

__all__ = [
    "INDICES",
    "Audit",
    "AuditScenario",
    "BlocRow",
    "Blocking",
    "CitizenRule",
    "Comparison",
    "Concentration",
    "DecisiveProbability",
    "MemberRow",
    "PackageAudit",
    "PowerByQuota",
    "WhatIf",
    "WhatIfTable",
    "audit",
    "audit_package",
    "blocking_summary",
    "citizen_power",
    "compare_centralisation",
    "concentration",
    "decisive_probability",
    "effective_number",
    "euclidean_distance",
    "gini",
    "herfindahl",
    "jagiellonian_game",
    "load_audit_scenario",
    "max_min_ratio",
    "penrose_approximation",
    "power_by_quota",
    "read_populations",
    "scenario_names",
    "total_variation",
    "weighted_gini",
    "what_if",
]

lazy_package(
    __name__,
    {
        "powershare.audit.audit": (
            "INDICES",
            "Audit",
            "BlocRow",
            "Comparison",
            "MemberRow",
            "audit",
        ),
        "powershare.audit.blocking": ("Blocking", "blocking_summary"),
        "powershare.audit.citizen": (
            "CitizenRule",
            "DecisiveProbability",
            "citizen_power",
            "compare_centralisation",
            "decisive_probability",
            "jagiellonian_game",
            "penrose_approximation",
        ),
        "powershare.audit.metrics": (
            "Concentration",
            "concentration",
            "effective_number",
            "euclidean_distance",
            "gini",
            "herfindahl",
            "max_min_ratio",
            "total_variation",
            "weighted_gini",
        ),
        "powershare.audit.package_audit": ("PackageAudit", "audit_package"),
        "powershare.audit.scenario": ("AuditScenario",),
        "powershare.audit.scenarios": ("load_audit_scenario", "read_populations", "scenario_names"),
        "powershare.audit.sensitivity": ("PowerByQuota", "power_by_quota"),
        "powershare.audit.whatif": ("WhatIf", "WhatIfTable", "what_if"),
    },
)
