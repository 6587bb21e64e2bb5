"""Each page runs once per test process; every test of the page reads that run.

pytest-markdown-docs makes one test per python block and, for a block in a continuation chain,
re-runs the chain before it: a chain of n blocks would cost n(n+1)/2 block runs. Instead, the first
test of a page runs the whole page once (tools/page/run.py: each chain in a namespace of its own,
in page order) and records what each block printed or raised, and the figures the page's code
saved. A block's outcome there is the outcome of a re-run of its chain: the same code, in the same
order, from a fresh namespace (pages are seeded, so the runs are repeatable). The record is keyed
on the page's text, so an edited page runs again.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools.derive import figures
from tools.page.model import Page
from tools.page.run import run_blocks


@dataclass
class PageRun:
    outcomes: dict[int, str | BaseException]  # block line -> what it printed, or what it raised
    drawn: dict[str, str]  # figure file name -> SVG, of the figures its code saved


_runs: dict[tuple[Path, str], PageRun] = {}


def page_run(page: Page) -> PageRun:
    key = (page.path, page.text)
    if key not in _runs:
        with figures.recording(page) as drawn:
            outcomes = run_blocks(page)
        _runs[key] = PageRun(outcomes, drawn)
    return _runs[key]
