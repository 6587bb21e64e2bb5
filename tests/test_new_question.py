"""The README's way to add a question, walked on a copy of the project: copy a real page under a new
slug, give it a new title and phrasings, `make update PAGES=<the page>`; the new page then passes its tests."""
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tools.page.anatomy import ROOT

SLUG = "why-reset-the-gradients"


@pytest.fixture
def project(tmp_path):
    """A copy of what a clone holds, with this .venv's Python (no second environment)."""
    for name in ("Makefile", "mkdocs.yml", "pyproject.toml", "requirements.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("docs", "snippets", "tools", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_copy_a_page_edit_it_update_and_it_passes(project):
    source = (project / "docs" / "questions" / "zero-grad.md").read_text(encoding="utf-8")
    front, body = source.split("---\n", 2)[1:]
    meta = yaml.safe_load(front)
    meta["title"] = "Why reset the gradients before each step?"
    meta["also_asked"] = ["must I clear grads every batch", "what if the gradients pile up", "reset param.grad"]
    page = project / "docs" / "questions" / f"{SLUG}.md"
    page.write_text(f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n{body}", encoding="utf-8")

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1"}
    # PY is this interpreter and STAMP is empty: make uses the installed .venv instead of making one.
    update = subprocess.run(["make", "update", f"PAGES=docs/questions/{SLUG}.md", f"PY={sys.executable}", "STAMP="],
                            cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert update.returncode == 0, update.stdout + update.stderr
    snippet = project / "snippets" / f"{SLUG}.py"
    assert snippet.exists() and meta["title"] in snippet.read_text(encoding="utf-8")

    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", f"docs/questions/{SLUG}.md",
         "tests/test_pages.py", "-k", f"{SLUG} or every or collected"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert " passed" in tests.stdout and "failed" not in tests.stdout, tests.stdout[-2000:]
