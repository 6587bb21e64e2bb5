"""Each page: the lint, its fences all collected, its snippet fresh and runnable on its own."""
import re
import subprocess
import sys

import pytest

from tools import compat, figures, lint, snippets
from tools.pages import DOCS, ROOT, SNIPPETS, all_notebooks, all_pages, read_page

PAGES = all_pages()
ids = [p.stem for p in PAGES]


def test_there_are_pages():
    assert PAGES, "no page under docs/questions"


@pytest.mark.parametrize("path", PAGES, ids=ids)
def test_lint(path):
    problems = lint.lint(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=ids)
def test_snippet_is_fresh(path):
    reason = snippets.stale(read_page(path))
    assert reason is None, reason


@pytest.mark.parametrize("path", PAGES, ids=ids)
def test_snippet_runs_standalone(path, tmp_path):
    script = SNIPPETS / f"{path.stem}.py"
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"{script.relative_to(ROOT)} exits {run.returncode}:\n{run.stderr[-3000:]}"


@pytest.mark.parametrize("path", [p for p in PAGES if figures.draws_figures(read_page(p))], ids=lambda p: p.stem)
def test_pictures_are_fresh(path):
    reason = figures.stale(read_page(path))
    assert reason is None, reason


def test_every_picture_has_its_page():
    drawn = {name for p in PAGES if figures.draws_figures(read_page(p)) for name in figures.render(read_page(p))}
    orphans = {f.name for f in figures.FIGURES.glob("*.svg")} - drawn
    assert not orphans, f"pictures no page draws: {sorted(orphans)}; delete them or run `{figures.COMMAND}`"


def test_every_snippet_has_its_page():
    orphans = {p.stem for p in SNIPPETS.glob("*.py")} - set(ids)
    assert not orphans, f"snippets without a page: {sorted(orphans)}; delete them or run `make snippets`"


def test_every_python_fence_is_collected():
    # A fence indented under `!!!` or `===` is silently skipped by pytest-markdown-docs; count both ways.
    fence = re.compile(r"^\s*(`{3,}|~{3,})\s*\{?\s*\.?(python3?|py)\b")
    on_pages = sum(bool(fence.match(line)) for md in DOCS.rglob("*.md") for line in md.read_text().splitlines())
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "docs"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    collected = sum("::[CodeFence#" in line for line in run.stdout.splitlines())
    assert collected == on_pages, f"{on_pages} python fences under docs/ but pytest collects {collected}:\n{run.stdout[-3000:]}"


@pytest.mark.parametrize("path", PAGES + all_notebooks(), ids=lambda p: p.stem)
def test_verified_with_the_pinned_torch(path):
    """The versions a page shows come from a recorded run of its current code; the pinned one must be there."""
    pinned = compat.pinned_torch()
    assert pinned in compat.verified_versions(path), (
        f"{path.relative_to(ROOT)}: no passing record of its current code under torch {pinned}; run `make compat`")
