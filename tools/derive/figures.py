"""Figures: the pictures a page's code draws, as the SVGs the page shows. Written by `make update`.

A page's blocks save their figures to memory (they may not write files). While the blocks run,
every figure they save is also kept as docs/assets/figures/<slug>-<name>.svg, where <name> is the
figure's own name (`plt.subplots(num="name")`), so a picture belongs to its page and its figure,
not to the order of the saves. The SVGs are byte-for-byte repeatable (fixed hash salt, no date),
so a test can tell when one is stale.
"""
from __future__ import annotations

import contextlib
import io
import re
import traceback
from pathlib import Path

from tools.page.anatomy import FIGURES
from tools.page.model import Page, PageError

COMMAND = "make update"
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def draws_figures(page: Page) -> bool:
    return any("savefig(" in b.content for b in page.blocks)


@contextlib.contextmanager
def recording(page: Page):
    """While the block runs, keep {file name: SVG} of every figure it saves."""
    import matplotlib
    from matplotlib.figure import Figure

    saved: dict[str, str] = {}
    original = Figure.savefig

    def savefig(fig, *args, **kwargs):
        name = fig.get_label()
        if not NAME.match(name or ""):
            line = next((f.lineno for f in reversed(traceback.extract_stack()) if f.filename == str(page.path)), 1)
            raise PageError(f"{page.where(line)}: this figure is saved without a name; create it with "
                            f"`plt.subplots(num=\"what-it-shows\")` (lowercase words and hyphens): "
                            f"it is kept as {page.slug}-<name>.svg")
        svg = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": "figures", "svg.fonttype": "path"}):
            original(fig, svg, format="svg", metadata={"Date": None})
        saved[f"{page.slug}-{name}.svg"] = svg.getvalue()
        return original(fig, *args, **kwargs)

    Figure.savefig = savefig
    try:
        yield saved
    finally:
        Figure.savefig = original


def stale(page: Page, drawn: dict[str, str], folder: Path = FIGURES) -> str | None:
    """Why the page's pictures are out of date (`drawn`: what its code saved), or None."""
    for name, svg in drawn.items():
        path = Path(folder) / name
        if not path.exists() or path.read_text(encoding="utf-8") != svg:
            return f"{page.rel}: its picture {name} is {'stale' if path.exists() else 'missing'}; run `{COMMAND}`"
    return None
