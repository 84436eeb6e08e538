"""The ``powershare`` command line (typer + rich).

The CLI holds no analysis: it parses arguments, calls the library and renders the results.
Errors caused by input reach the user as one line on standard error with exit code 2.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

import typer

from powershare.cli.app import app
from powershare.cli.errors import report_error
from powershare.errors import PowershareError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``powershare`` console script."""
    # numpy's OpenBLAS starts a thread per core on import, and they spin: 0.05-0.15 s of a
    # 2-core machine's start-up (bench/bench_startup.py), for nothing here (the counting is in
    # integers; no float matrix product of any size).  The user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # At exit the interpreter collects its ~25,000 objects once more before tearing the
    # modules down (30 ms, a tenth of a small command); the process ends, so they are left
    # to it (gc.freeze: reference counting still frees them; an in-process caller is only
    # affected at its own exit).
    atexit.register(gc.freeze)
    try:
        app(standalone_mode=True, prog_name="powershare")
    except PowershareError as exc:  # commands report their own; this is the safety net
        sys.exit(report_error(exc))
    except KeyboardInterrupt:
        typer.echo("powershare: interrupted", err=True)
        sys.exit(130)
