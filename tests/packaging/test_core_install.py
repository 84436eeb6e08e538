"""The package as users get it: the built wheel, and a fresh venv with the core install only.

The wheel is built once (``python -m build --wheel``) and installed without extras into a new
venv (``pip install <wheel>``: the core dependencies come from the package index through pip's
cache).  There, ``power``, ``apportion`` and a Markdown audit must work, the optional packages
must be absent, and ``serve`` must say in one line which extra to install.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "powershare"
OPTIONAL = ("matplotlib", "fastapi", "uvicorn", "python-multipart", "platformdirs", "dask")
"""Distributions the core install must not bring (they belong to extras)."""


def _run(cmd: list[str], *, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(COLUMNS="100", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this source tree (once for all the tests here)."""
    out = tmp_path_factory.mktemp("dist")
    done = _run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)], cwd=out
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (found,) = out.glob("powershare-*.whl")
    return found


@dataclass(frozen=True)
class Venv:
    """A fresh virtual environment holding only the core install of powershare."""

    root: Path
    python: Path
    powershare: Path
    work: Path

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``powershare ARGS`` in the venv."""
        return _run([str(self.powershare), *args], cwd=self.work, timeout=120)

    def python_c(self, code: str) -> str:
        """What ``python -c CODE`` prints in the venv (it must succeed)."""
        done = _run([str(self.python), "-c", code], cwd=self.work, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def core(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """``pip install <wheel>``, no extras, into a new venv (pip itself is not installed there:
    this interpreter's pip installs into it with ``--python``)."""
    root = tmp_path_factory.mktemp("core-venv")
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(root)], cwd=root)
    assert made.returncode == 0, made.stderr
    python = root / "bin" / "python"
    installed = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)],
        cwd=root,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    work = root / "work"
    work.mkdir()
    return Venv(root, python, root / "bin" / "powershare", work)


def test_wheel_holds_types_licence_datasets_and_web_assets(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "powershare/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    for folder in ("datasets/data", "web/static"):
        shipped = {
            p.relative_to(SOURCE.parent).as_posix()
            for p in (SOURCE / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert shipped, folder
        assert shipped <= names, sorted(shipped - names)
    assert not any(n.endswith(".pyc") for n in names)
    assert "License-Expression: MIT" in metadata
    core_requires = [
        line
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and ";" not in line
    ]
    assert core_requires and not any(
        opt in line.lower() for line in core_requires for opt in OPTIONAL
    ), core_requires


def test_version_has_one_source(core: Venv) -> None:
    namespace: dict[str, object] = {}
    exec((SOURCE / "_version.py").read_text(encoding="utf-8"), namespace)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    said = core.python_c(
        "import importlib.metadata as m, powershare; "
        "print(m.version('powershare'), powershare.__version__)"
    )
    assert said.split() == [namespace["__version__"]] * 2


def test_core_install_is_light(core: Venv) -> None:
    said = core.python_c(
        "import importlib.metadata as m, json; "
        "print(json.dumps(sorted(d.metadata['Name'].lower() for d in m.distributions())))"
    )
    installed = set(json.loads(said))
    assert "powershare" in installed
    assert not installed & set(OPTIONAL), sorted(installed & set(OPTIONAL))


def test_core_install_runs_power_apportion_and_a_markdown_audit(core: Venv) -> None:
    power = core.cli("power", "eec-1958", "--json")
    assert power.returncode == 0, power.stderr
    members = {m["name"]: m for m in json.loads(power.stdout)["members"]}
    assert members["Luxembourg"]["banzhaf_swings"] == "0"  # never decisive (12 of 17)
    assert members["France"]["banzhaf_swings"] == "10"

    (core.work / "units.csv").write_text("name,population\nA,5000\nB,3000\nC,2000\n")
    seats = core.cli("apportion", "units.csv", "--seats", "10", "--csv")
    assert seats.returncode == 0, seats.stderr
    rows = list(csv.DictReader(io.StringIO(seats.stdout)))
    assert [(r["name"], r["seats"]) for r in rows] == [("A", "5"), ("B", "3"), ("C", "2")]

    audit = core.cli("audit", "eec-1958", "--output", "eec.md")
    assert audit.returncode == 0, audit.stderr
    report = (core.work / "eec.md").read_text(encoding="utf-8")
    assert report.startswith("# ") and "Luxembourg" in report


def _one_line_hint(done: subprocess.CompletedProcess[str], extra: str) -> None:
    said = (done.stdout + done.stderr).strip()
    assert done.returncode != 0, said
    assert "Traceback" not in said, said
    last = said.splitlines()[-1] if said else ""
    assert f"pip install 'powershare[{extra}]'" in last, said
    assert said.count("pip install") == 1, said


def test_core_install_serve_names_the_web_extra_in_one_line(core: Venv) -> None:
    served = core.cli("serve", "--no-browser")
    _one_line_hint(served, "web")
    assert len((served.stdout + served.stderr).strip().splitlines()) == 1


def test_core_install_cluster_run_names_the_distributed_extra(core: Venv) -> None:
    scenario = core.work / "council.yaml"
    scenario.write_text((ROOT / "examples" / "uncertain_council.yaml").read_text("utf-8"))
    swept = core.cli("sweep", scenario.name, "--draws", "20", "--scheduler", "tcp://127.0.0.1:9")
    _one_line_hint(swept, "distributed")


def test_core_install_html_audit_names_the_plots_extra(core: Venv) -> None:
    audit = core.cli("audit", "eec-1958", "--output", "eec.html")
    _one_line_hint(audit, "plots")
