"""Writing an audit report, saving plots and drawing results never change matplotlib's global
state (backend, ``rcParams``, pyplot figures), and a Markdown audit never imports matplotlib
(issue 16: the notebook user's next ``plt.show()`` must still draw).

Each check runs in a fresh interpreter, so that nothing imported by other tests hides a change.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("matplotlib")


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_reports_and_plots_leave_backend_and_rcparams_alone(tmp_path: object) -> None:
    out = _run(
        f"""
        import sys
        import matplotlib
        matplotlib.use("svg")  # a user's choice, not Agg
        matplotlib.rcParams["font.size"] = 13.0
        matplotlib.rcParams["axes.spines.top"] = True
        before, backend = dict(matplotlib.rcParams), matplotlib.get_backend()

        from powershare.audit import audit, load_audit_scenario
        from powershare.audit.report_html import to_html
        from powershare.design.frontier import design_frontier
        from powershare.power.api import power
        from powershare.datasets.resolve import load_game
        from powershare.uncertainty import run_sweep, scenario_from_mapping

        page = to_html(audit(load_audit_scenario("eu-council-lisbon")))
        assert page.count("<svg") >= 2, "the report has its plots"
        frontier = design_frontier([0.4, 0.3, 0.2, 0.1], total_weight=10)
        frontier.save_plot(r"{tmp_path}/frontier.svg")
        frontier.plot()
        power(load_game("eec-1958"), ["banzhaf", "shapley"]).plot()
        toy = {{"name": "t", "members": [{{"name": "A", "seats": [2, 7]}},
               {{"name": "B", "seats": 3}}], "rule": {{"quota": "60%"}}}}
        run_sweep([scenario_from_mapping(toy)], draws=20).write(r"{tmp_path}/sweep")

        after = dict(matplotlib.rcParams)
        changed = sorted(k for k in before if before[k] != after[k])
        assert not changed, changed
        assert matplotlib.get_backend() == backend == "svg", matplotlib.get_backend()
        assert "matplotlib.pyplot" not in sys.modules, "pyplot was imported"
        print("ok")
        """
    )
    assert out.strip() == "ok"


def test_markdown_audit_and_import_never_load_matplotlib() -> None:
    out = _run(
        """
        import sys
        import powershare
        from powershare.audit import audit, load_audit_scenario
        from powershare.audit.report_markdown import to_markdown
        from powershare.power.api import power
        text = to_markdown(audit(load_audit_scenario("eec-1958")))
        table = power(powershare.WeightedGame(2, [1, 1]), ["banzhaf"])
        repr(table), table._repr_html_()
        print(len(text) > 1000, "matplotlib" in sys.modules, "pandas" in sys.modules)
        """
    )
    assert out.split() == ["True", "False", "False"]
