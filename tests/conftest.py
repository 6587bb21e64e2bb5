# The deliberately broken pages are inputs of tests/test_bad_input.py, not pages to run.
collect_ignore = ["bad_pages"]

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


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site built once per test process with `mkdocs build --strict`, notebooks executed, into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NOTEBOOK_CACHE_DIR": str(tmp_path_factory.mktemp("notebook-cache"))}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{run.stderr[-5000:]}"
    return Site(dir=out, log=run.stderr)
