"""Save the figures a page's code draws, as the pictures the page shows: docs/assets/figures/<slug>-<n>.svg.

Usage: python -m tools.figures [--out DIR] [PAGE ...]   (default: every page that calls savefig; `make figures`)

A page's blocks save their figures to memory (they may not write files). This runs the blocks
the way the tests do and keeps an SVG of every figure they save, in order. The SVGs are made
byte-for-byte repeatable (fixed hash salt, no date), so a test can tell when one is stale.
Nothing is written unless every block runs.
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from tools.pages import DOCS, Page, PageError, all_pages, read_page, write_atomic  # noqa: E402
from tools.run_blocks import BlockFailed, run_page  # noqa: E402

FIGURES = DOCS / "assets" / "figures"
COMMAND = "make figures"


@contextlib.contextmanager
def _recording():
    """Record an SVG of every figure saved while the block runs, next to the save it asked for."""
    saved: list[str] = []
    original = Figure.savefig

    def savefig(fig, *args, **kwargs):
        import io

        svg = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": "figures", "svg.fonttype": "path"}):
            original(fig, svg, format="svg", metadata={"Date": None})
        saved.append(svg.getvalue())
        return original(fig, *args, **kwargs)

    Figure.savefig = savefig
    try:
        yield saved
    finally:
        Figure.savefig = original


def draws_figures(page: Page) -> bool:
    return any("savefig(" in b.content for b in page.blocks)


def render(page: Page) -> dict[str, str]:
    """{file name: SVG} of every figure the page's code saves, in page order."""
    with _recording() as saved:
        run_page(page)
    return {f"{page.slug}-{i}.svg": svg for i, svg in enumerate(saved, 1)}


def stale(page: Page, folder: Path = FIGURES) -> str | None:
    """Why the page's pictures are out of date, or None when they match what its code draws."""
    for name, svg in render(page).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != svg:
            return f"{page.rel}: its picture {name} is {'stale' if path.exists() else 'missing'}; run `{COMMAND}`"
    return None


def main(argv: list[str]) -> int:
    folder = FIGURES
    if argv[:1] == ["--out"]:
        folder, argv = Path(argv[1]), argv[2:]
    paths = [Path(a) for a in argv] or all_pages()
    new, failures = {}, []
    for path in paths:
        try:
            page = read_page(path)
            if draws_figures(page):
                new.update({folder / name: svg for name, svg in render(page).items()})
        except (PageError, BlockFailed) as e:
            failures.append(str(e))
    if failures:
        print("\n".join(failures) + "\nno picture was written; fix the page and run again", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    changed = [p for p, t in new.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
    for p in changed:
        write_atomic(p, new[p])
    print(f"{len(new)} pictures checked, {len(changed)} written" + "".join(f"\n  {p}" for p in changed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
