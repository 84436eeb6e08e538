"""A long-lived process that runs many ``powershare`` command lines for the fuzz harness.

Started by ``harness.Worker`` as ``python tests/fuzz/worker.py MEMORY_BYTES``. It imports the
command line once (start-up costs about a second), limits its own address space with
``RLIMIT_AS``, then answers requests on standard input, one JSON object per line::

    {"argv": ["power", "[3; 1, 2]"], "files": {"body.csv": "<base64>"}, "timeout": 20}

Each request runs in a fresh temporary directory holding ``files`` (the working directory, so
relative paths in ``argv`` find them), through typer's ``CliRunner`` with the same safety net as
``powershare.cli.main``. A ``SIGALRM`` after ``timeout`` seconds raises ``FuzzTimeout`` where
the work is (its stack is the report of a hang); work stuck in C code is killed by the parent.
The answer is one JSON line: exit code, stdout, stderr, traceback (if any), seconds, peak RSS.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback


class FuzzTimeout(BaseException):
    """Raised by the alarm: the run took longer than its time bound."""


def _on_alarm(signum: int, frame: object) -> None:
    raise FuzzTimeout("time bound exceeded")


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    memory = int(sys.argv[1]) if len(sys.argv) > 1 else 2 * 1024**3
    os.environ.setdefault("COLUMNS", "100")
    from typer.testing import CliRunner

    from powershare.cli import app
    from powershare.cli.errors import report_error
    from powershare.errors import PowershareError

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGALRM, _on_alarm)
    runner = CliRunner()
    out = sys.stdout
    home = os.getcwd()
    for line in sys.stdin:
        request = json.loads(line)
        workdir = tempfile.mkdtemp(prefix="psfuzz-")
        answer: dict[str, object] = {}
        try:
            for name, data in request.get("files", {}).items():
                path = os.path.join(workdir, name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(base64.b64decode(data))
            os.chdir(workdir)
            start = time.perf_counter()
            before = _peak_rss_kb()
            signal.setitimer(signal.ITIMER_REAL, float(request.get("timeout", 20)))
            try:
                result = runner.invoke(app, request["argv"], catch_exceptions=True)
                signal.setitimer(signal.ITIMER_REAL, 0)
                code = result.exit_code
                stderr = result.stderr
                tb = None
                exc = result.exception
                if isinstance(exc, MemoryError):
                    raise exc
                if exc is not None and not isinstance(exc, SystemExit):
                    if isinstance(exc, PowershareError):  # main()'s safety net
                        import io
                        from contextlib import redirect_stderr

                        buf = io.StringIO()
                        with redirect_stderr(buf):
                            code = report_error(exc)
                        stderr += buf.getvalue()
                    else:
                        tb = "".join(traceback.format_exception(exc))
                        stderr += tb
                        code = 1
                answer = {
                    "status": "done",
                    "exit_code": code,
                    "stdout": result.stdout[-4000:],
                    "stderr": stderr[-8000:],
                    "traceback": tb,
                }
            except FuzzTimeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
                answer = {"status": "timeout", "traceback": traceback.format_exc()[-8000:]}
            except MemoryError:
                signal.setitimer(signal.ITIMER_REAL, 0)
                answer = {"status": "memory", "traceback": traceback.format_exc()[-8000:]}
            answer["seconds"] = time.perf_counter() - start
            answer["peak_rss_kb"] = max(before, _peak_rss_kb())
        except BaseException:  # the harness itself must keep answering
            signal.setitimer(signal.ITIMER_REAL, 0)
            answer = {"status": "worker-error", "traceback": traceback.format_exc()[-8000:]}
        finally:
            os.chdir(home)
            shutil.rmtree(workdir, ignore_errors=True)
        out.write(json.dumps(answer) + "\n")
        out.flush()
        if answer.get("status") in ("timeout", "memory", "worker-error"):
            return  # state may be half-built: let the parent start a fresh worker


if __name__ == "__main__":
    main()
