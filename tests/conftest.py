# The deliberately broken pages are inputs of tests/test_bad_input.py, not pages to run.
collect_ignore = ["bad_pages"]

import fcntl
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Site:
    dir: Path
    log: str


def notebook_cache(tmp_path_factory) -> Path:
    """Where mkdocs-jupyter keeps executed notebooks between runs. Its own key is the notebook's bytes
    and its options; the folder adds every pinned dependency (torch included), so a cached page is
    one that ran with this code, these options and these packages. Only successful runs are cached:
    a failing notebook is never served from here. Outside the repository's files: inside .venv."""
    if not (ROOT / ".venv").is_dir():
        return tmp_path_factory.mktemp("notebook-cache")
    key = hashlib.sha256((ROOT / "requirements.txt").read_bytes() + sys.version.encode()).hexdigest()[:16]
    return ROOT / ".venv" / "notebook-cache" / key


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site built once per test run with `mkdocs build --strict`, notebooks executed, into a
    temporary folder. Under xdist the first worker to ask builds it while the others wait on a lock:
    the run's temporary root (the parent of each worker's own) is shared by the workers."""
    root = tmp_path_factory.getbasetemp()
    root = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    out, log, status = root / "site", root / "site.log", root / "site.status"
    with open(root / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not status.exists():
            env = {**os.environ, "NOTEBOOK_CACHE_DIR": str(notebook_cache(tmp_path_factory))}
            run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
            log.write_text(run.stderr)
            status.write_text(str(run.returncode))
    assert status.read_text() == "0", f"mkdocs build --strict failed:\n{log.read_text()[-5000:]}"
    return Site(dir=out, log=log.read_text())


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser test of a test process."""
    from tools.measure import search_eval

    with search_eval.browser() as browser:
        yield browser


@pytest.fixture(scope="session")
def served(site, chromium):
    """The built site on a local port, and the browser: (base URL, browser)."""
    from tools.measure import search_eval

    with search_eval.serve(site.dir) as base:
        yield base, chromium
