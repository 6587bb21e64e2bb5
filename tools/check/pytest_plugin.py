"""pytest plugin: every python block collected by pytest-markdown-docs must also print exactly
the output block shown below it on the page (under the pinned torch).

It replaces pytest-markdown-docs' default runner with one that takes the block's outcome from the
page's one run in this process (tools/check/runs.py: a chain of n blocks costs n block runs, not
n(n+1)/2), raises what the block raised, and compares what it printed with its output block.
"""
from __future__ import annotations

import difflib

try:
    # A private module of pytest-markdown-docs (its runner extension point), hence the exact pin.
    from pytest_markdown_docs._runners import DefaultRunner, register_runner
except ImportError as e:  # pragma: no cover - only after an upgrade
    raise ImportError(
        "pytest-markdown-docs no longer has `_runners.DefaultRunner` / `register_runner`, the private API "
        "tools/check/pytest_plugin.py builds on; keep the version pinned in requirements.txt, or port the "
        f"plugin to the new API ({e})") from e

from tools.derive.verified import pinned_torch, torch_version
from tools.page.model import read_page
from tools.check.runs import page_run

FIX = "run `make update` to rewrite every output block from a real run"


@register_runner(default=True)
class CheckedOutputRunner(DefaultRunner):
    def runtest(self, test, args, *, asyncio_runner=None):
        page = read_page(test.source_path)
        block = page.block_at(test.start_line)
        printed = page_run(page).outcomes[block.line]
        if isinstance(printed, BaseException):  # what the block (or one before it in its chain) raised,
            raise printed.__cause__ or printed   # with its traceback into the page
        expected = block.output.content if block.output else ""
        # Printed tensors and numbers may differ in the last digit between torch releases: the
        # output blocks hold the pinned release's output, and `make compat` checks the assertions only.
        if printed == expected or torch_version() != pinned_torch():
            return
        where = f"{page.rel}:{block.output.line if block.output else block.end_line}"
        if block.output is None:
            raise AssertionError(f"{where}: the block on line {block.line} prints but has no output block below it; {FIX}")
        diff = "".join(difflib.unified_diff(expected.splitlines(True), printed.splitlines(True),
                                            "output block on the page", "what the block printed"))
        raise AssertionError(f"{where}: the output block does not match what the block on line {block.line} "
                             f"printed; {FIX}\n{diff}")


def pytest_collection_modifyitems(items):
    """All the blocks of one page go to one xdist worker (with --dist loadgroup), so that the page
    runs once in the whole test run, not once per worker."""
    import pytest

    for item in items:
        if type(item).__name__ == "MarkdownInlinePythonItem":
            item.add_marker(pytest.mark.xdist_group(f"page {item.path.name}"))
