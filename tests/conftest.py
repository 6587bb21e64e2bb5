# The deliberately broken pages are inputs of tests/test_bad_input.py, not pages to run.
collect_ignore = ["bad_pages"]

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
    """The site built once per test process with `mkdocs build --strict`, notebooks executed, into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NOTEBOOK_CACHE_DIR": str(notebook_cache(tmp_path_factory))}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{run.stderr[-5000:]}"
    return Site(dir=out, log=run.stderr)
