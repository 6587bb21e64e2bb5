"""Each page: the lint, its fences all collected, its derived files fresh, its snippet runnable on its own."""
import re
import subprocess
import sys
import textwrap

import pytest

from tools.check import lint
from tools.check.runs import page_run
from tools.derive import figures, snippets, verified
from tools.page.anatomy import DOCS, FIGURES, ROOT, SNIPPETS
from tools.page.model import all_notebooks, all_pages, all_sources, read, read_page
from tools.page import standalone

PAGES = all_pages()
ids = [p.stem for p in PAGES]


def test_there_are_pages():
    assert PAGES, "no page under docs/questions"


@pytest.mark.parametrize("path", all_sources(), ids=lambda p: p.stem)
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
    run = standalone.run(script, cwd=tmp_path)  # as `python script` from an empty folder (see its docstring)
    assert run.returncode == 0, f"{script.relative_to(ROOT)} exits {run.returncode}:\n{run.stderr[-3000:]}"


def drawn(path) -> dict[str, str]:
    """The figures the page's code saves, from its one run in this process (tools/check/runs.py)."""
    run = page_run(read_page(path))
    failures = [o for o in run.outcomes.values() if isinstance(o, BaseException)]
    if failures:
        raise failures[0]
    return run.drawn


DRAWING = [p for p in PAGES if figures.draws_figures(read_page(p))]


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xdist_group(f"page {p.name}")) for p in DRAWING],
                         ids=lambda p: p.stem)  # with its page's blocks: the page runs once
def test_pictures_are_fresh(path):
    reason = figures.stale(read_page(path), drawn(path))
    assert reason is None, reason


def test_every_picture_has_its_page():
    names = {name for p in DRAWING for name in drawn(p)}
    orphans = {f.name for f in FIGURES.glob("*.svg")} - names
    assert not orphans, f"pictures no page draws: {sorted(orphans)}; delete them or run `{figures.COMMAND}`"


def test_every_snippet_has_its_page():
    orphans = {p.stem for p in SNIPPETS.glob("*.py")} - set(ids)
    assert not orphans, f"snippets without a page: {sorted(orphans)}; delete them or run `make update`"


def test_every_python_fence_is_collected():
    # A fence indented under `!!!` or `===` is silently skipped by pytest-markdown-docs; count both ways.
    fence = re.compile(r"^\s*(`{3,}|~{3,})\s*\{?\s*\.?(python3?|py)\b")
    on_pages = sum(bool(fence.match(line)) for md in DOCS.rglob("*.md") for line in md.read_text().splitlines())
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "docs"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    collected = sum("::[CodeFence#" in line for line in run.stdout.splitlines())
    assert collected == on_pages, f"{on_pages} python fences under docs/ but pytest collects {collected}:\n{run.stdout[-3000:]}"


@pytest.mark.parametrize("path", all_sources(), ids=lambda p: p.stem)
def test_verified_with_the_pinned_torch(path):
    """The versions a page shows come from a recorded run of its current code; the pinned one must be there."""
    pinned = verified.pinned_torch()
    assert pinned in verified.verified_versions(read(path)), (
        f"{path.relative_to(ROOT)}: no passing record of its current code under torch {pinned}; run `make update`")


def test_the_private_runner_api_is_still_there():
    """tools/check/pytest_plugin.py builds on pytest-markdown-docs' private `_runners` module (pinned exactly)."""
    try:
        from pytest_markdown_docs._runners import DefaultRunner, register_runner  # noqa: F401
    except ImportError as e:
        pytest.fail("pytest-markdown-docs changed its private runner API that tools/check/pytest_plugin.py uses; "
                    f"keep the pin in requirements.txt or port the plugin: {e}")
    assert hasattr(DefaultRunner, "runtest"), "DefaultRunner.runtest is gone: port tools/check/pytest_plugin.py"


def test_a_printed_message_is_one_line_unless_its_block_wraps_it():
    """The messages the search indexes: what a block prints after a message is not part of it, but
    the lines textwrap.fill(..., 80) broke a long message onto are."""
    from tools.page.model import printed_messages

    output = "RuntimeError: output with shape [1] doesn't match the broadcast shape [2, 1]\ntensor([-0.4000])\n"
    assert printed_messages(output, wrapped=False) == [output.splitlines()[0]]
    long = "RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors"
    wrapped = textwrap.fill(long, 80) + "\ntensor([1.])\nUserWarning: then a warning\n"
    assert printed_messages(wrapped, wrapped=True) == [long, "UserWarning: then a warning"]


def test_an_asserted_message_in_adjacent_strings_is_one_message():
    """A long message asserted as adjacent strings in parentheses is indexed whole, not as two halves
    (a short half such as "must be floating point or complex dtype" would match other errors), in
    every way a block asserts it; a class name alone is no message."""
    from tools.page.model import asserted_messages

    code = ('assert ("data set to a tensor that requires gradients "\n'
            '        "must be floating point or complex dtype") in message\n'
            'assert any("The .grad attribute of a Tensor" in m for m in warned)\n'
            "assert 'too short' in msg\n"
            'assert "a second error, kept apart" in message2\n'
            'assert "a third one in its own name" in first_msg\n'
            'assert message == ("Can\'t call numpy() on Tensor that requires grad. "\n'
            '                   "Use tensor.detach().numpy() instead.")\n'
            'assert message.startswith("Can\'t call numpy() on")\n'
            'assert any(issubclass(w.category, UserWarning)\n'
            '           and "incorrect results due to broadcasting" in str(w.message) for w in caught)\n'
            'expected = ("The size of tensor a (3) must match "\n'
            '            "the size of tensor b (4)")\n'
            'assert expected in message\n'
            'assert text.startswith("RuntimeError: ")\n')
    assert asserted_messages(code) == [
        "data set to a tensor that requires gradients must be floating point or complex dtype",
        "The .grad attribute of a Tensor", "a second error, kept apart", "a third one in its own name",
        "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
        "Can't call numpy() on", "incorrect results due to broadcasting",
        "The size of tensor a (3) must match the size of tensor b (4)"]
