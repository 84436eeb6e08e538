"""The pandas-and-Jupyter tutorial runs as it stands: numpy and pandas inputs, ``to_pandas()``,
``_repr_html_``, a plot on a given axes, and matplotlib's backend and ``rcParams`` unchanged
after an audit (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "tutorials" / "pandas-and-jupyter.ipynb"

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (test extra)")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (test extra)")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (test extra)")
pytest.importorskip("pandas", reason="the notebook uses pandas (test extra)")
pytest.importorskip("matplotlib", reason="the notebook draws a plot (plots extra)")


def test_pandas_and_jupyter_notebook_runs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False)
    client.execute(cwd=str(NOTEBOOK.parent))
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {})) for o in outputs)
    assert "PowerTable(51 members, indices banzhaf, shapley; exact)" in text
    assert any("text/html" in o.get("data", {}) for o in outputs), "an HTML table was shown"
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plot was drawn"
    assert "rcParams unchanged" in text
    assert not any(o.output_type == "error" for o in outputs)


def test_public_power_is_the_function_after_load_game() -> None:
    """``from powershare import load_game, power`` must give the function, not the
    ``powershare.power`` subpackage that importing ``load_game`` loads first."""
    import subprocess
    import sys

    code = "from powershare import load_game, power; print(callable(power))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
