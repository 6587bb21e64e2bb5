"""Run scripts as standalone programs without paying the interpreter's and torch's start-up for each.

A server process imports torch and matplotlib once, then forks one child per script. The child is
what `python script.py` is once its own imports of torch and matplotlib are done:
  - a new `__main__` module (runpy), sys.argv == [script], the script's folder first on sys.path
    (not the project's: a script cannot import the project's tools);
  - its own working folder, stdin from /dev/null, stdout and stderr of its own, its exit status;
  - no state from any other script: every child is forked from the server, which never runs one.
So a script that passes here passes in a fresh interpreter; the one thing it could not notice is
that torch and matplotlib were imported before its first line. (`make bench` still times each
snippet in a fresh interpreter.)

    from tools.page.standalone import run
    result = run(Path("snippets/zero-grad.py"), cwd=tmp)   # .returncode, .stdout, .stderr
"""
from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from tools.page.anatomy import ROOT

_server: subprocess.Popen | None = None
_lock = threading.Lock()  # one request at a time per server


def start() -> subprocess.Popen:
    """Start the server (it imports torch in the background) unless it is running; return it."""
    global _server
    if _server is None or _server.poll() is not None:
        _server = subprocess.Popen([sys.executable, "-m", "tools.page.standalone"], cwd=ROOT,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        atexit.register(_stop, _server)
    return _server


def _stop(server: subprocess.Popen) -> None:
    server.stdin.close()  # the server's loop ends at the end of its input
    server.wait(timeout=30)
    server.stdout.close()


def run(script: Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `script` from `cwd` as a standalone program; return its exit status and output."""
    with tempfile.TemporaryDirectory() as streams, _lock:  # outside `cwd`: the script sees its folder as it is
        out, err = Path(streams) / "stdout", Path(streams) / "stderr"
        request = {"script": str(Path(script).resolve()), "cwd": str(cwd), "stdout": str(out), "stderr": str(err),
                   "timeout": timeout}
        server = start()
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        line = server.stdout.readline()
        if not line:
            raise RuntimeError("the standalone-script server died; run the script with `python` to see why")
        code = json.loads(line)["returncode"]
        stdout, stderr = out.read_text(errors="replace"), err.read_text(errors="replace")
    return subprocess.CompletedProcess([sys.executable, str(script)], code, stdout, stderr)


def _child(request: dict) -> None:
    """In the forked child: become `python script.py`, run it, exit with its status."""
    import runpy
    import traceback

    code = 0
    try:
        os.chdir(request["cwd"])
        for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            os.dup2(os.open(path, flags), fd)
        script = request["script"]
        sys.argv = [script]
        sys.path[0] = os.path.dirname(script)
        runpy.run_path(script, run_name="__main__")
    except SystemExit as e:  # sys.exit(...) as the interpreter treats it
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if not isinstance(e.code, (int, type(None))):
            print(e.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - an uncaught exception: traceback and status 1, as python does
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _serve() -> None:
    import signal
    import time

    import matplotlib.pyplot  # noqa: F401 - the imports every child shares
    import torch  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        deadline = time.monotonic() + request["timeout"]
        while (done := os.waitpid(pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                done = os.waitpid(pid, 0)
                break
            time.sleep(0.005)
        status = os.waitstatus_to_exitcode(done[1])
        print(json.dumps({"returncode": status}), flush=True)


if __name__ == "__main__":
    _serve()
