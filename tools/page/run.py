"""Run a page's python blocks (a notebook's code cells) the way the tests do, and capture what each prints.

A block runs in a fresh namespace together with the continuation chain before it. It is
compiled with its real file name and line numbers, so a traceback points into the page.
"""
from __future__ import annotations

import contextlib
import io
import tempfile
import traceback

from tools.page.model import Fence, Page


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


def run_chain(page: Page, block: Fence) -> str:
    """Run `block` after its continuation chain; return what `block` itself printed."""
    namespace: dict = {"__name__": "__main__"}
    return [_run(page, b, namespace) for b in page.chain(block)][-1]


def run_page(page: Page) -> dict[int, str]:
    """Run every chain of the page once, block by block, in an empty temporary folder;
    return {block line: printed text}. Raises BlockFailed naming the page line of the failure.
    """
    import matplotlib

    matplotlib.use("Agg")  # no screen; a notebook's plots draw all the same
    import matplotlib.pyplot as plt

    printed: dict[int, str] = {}
    namespace: dict = {}
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        try:
            for b in page.blocks:
                if not b.continuation:
                    namespace = {"__name__": "__main__"}
                try:
                    printed[b.line] = _run(page, b, namespace)
                except BaseException as e:  # noqa: BLE001 - report any failure with its page line
                    raise BlockFailed(f"{page.where(_failing_line(page, b, e))}: the block starting on line "
                                      f"{b.line} raised {type(e).__name__}: {e}") from e
        finally:
            plt.close("all")
    return printed


def _failing_line(page: Page, block: Fence, error: BaseException) -> int:
    if isinstance(error, SyntaxError) and error.lineno:
        return error.lineno
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == str(page.path)]
    return lines[-1] if lines else block.line
