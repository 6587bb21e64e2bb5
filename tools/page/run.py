"""Run a page's python blocks (a notebook's code cells) the way the tests do, and capture what each prints.

Each chain of blocks runs in a fresh namespace, a continuation block after the blocks before it. It is
compiled with its real file name and line numbers, so a traceback points into the page.
"""
from __future__ import annotations

import contextlib
import io
import tempfile
import traceback

from tools.page.model import Fence, Page, PageError


class BlockFailed(Exception):
    """A block raised; the message names the page line (or notebook cell) where it happened."""


def _compile(page: Page, block: Fence):
    # Pad with newlines so that line numbers in tracebacks are the page's own.
    return compile("\n" * block.line + block.content, str(page.path), "exec", dont_inherit=True)


def _run(page: Page, block: Fence, namespace: dict) -> str:
    """Run one block in `namespace`; return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(_compile(page, block), namespace)
    return out.getvalue()


def run_blocks(page: Page) -> dict[int, str | BaseException]:
    """Run every block of the page once, in page order, in an empty temporary folder: each chain in a
    namespace of its own, a continuation block after the blocks before it. Return {block line: what
    it printed, or the error it raised}. A block after a failure in its chain is not run: its entry
    is the error, naming the block that failed (a re-run of its chain would stop there too)."""
    import matplotlib

    matplotlib.use("Agg")  # no screen; a notebook's plots draw all the same
    import matplotlib.pyplot as plt

    outcomes: dict[int, str | BaseException] = {}
    namespace: dict = {}
    failed: BaseException | None = None
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        try:
            for b in page.blocks:
                if not b.continuation:
                    namespace, failed = {"__name__": "__main__"}, None
                if failed is not None:
                    outcomes[b.line] = failed
                    continue
                try:
                    outcomes[b.line] = _run(page, b, namespace)
                except PageError as e:
                    outcomes[b.line] = failed = e
                except (Exception, SystemExit) as e:  # noqa: BLE001 - report any failure with its page line
                    failed = BlockFailed(f"{page.where(_failing_line(page, b, e))}: the block starting on line "
                                         f"{b.line} raised {type(e).__name__}: {e}")
                    failed.__cause__ = e
                    outcomes[b.line] = failed
        finally:
            plt.close("all")
    return outcomes


def run_page(page: Page) -> dict[int, str]:
    """Run every block of the page (run_blocks); return {block line: printed text}, or raise the
    first failure (BlockFailed naming the page line, or the PageError)."""
    outcomes = run_blocks(page)
    for outcome in outcomes.values():
        if isinstance(outcome, BaseException):
            raise outcome
    return outcomes


def _failing_line(page: Page, block: Fence, error: BaseException) -> int:
    if isinstance(error, SyntaxError) and error.lineno:
        return error.lineno
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == str(page.path)]
    return lines[-1] if lines else block.line
