"""The search at scale: a synthetic corpus of question pages, built and searched in Chromium.

Usage: python -m tools.measure.scale [--pages N]   (also one line of `make bench`)

The corpus is the real question pages copied under new slugs, with their title and phrasings
varied (words swapped for glossary synonyms, seeded), in a temporary copy of the project. It is
built without notebook execution. Printed: build time, the search index's size, the time from a
cold page load to the first results of a typed query, and the median settle time of typed queries.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from tools.measure import search_eval
from tools.page.anatomy import ROOT
from tools.page.model import all_pages, read_page

QUERIES = ROOT / "tests" / "search" / "dev-queries.tsv"


def synonyms() -> dict[str, list[str]]:
    words: dict[str, list[str]] = {}
    for entry in yaml.safe_load((ROOT / "docs" / "glossary.yml").read_text(encoding="utf-8")):
        group = [str(w) for w in [entry["term"], *entry.get("aliases", [])] if " " not in str(w)]
        for w in group:
            words[w.lower()] = [o for o in group if o.lower() != w.lower()]
    return words


def vary(text: str, rng: random.Random, swap: dict[str, list[str]]) -> str:
    """Swap about a third of the words that have glossary synonyms."""
    def one(m):
        options = swap.get(m.group().lower())
        return rng.choice(options) if options and rng.random() < 0.33 else m.group()
    return re.sub(r"[A-Za-z_]+", one, text)


def synthetic_project(folder: Path, n: int) -> Path:
    """A copy of the project whose docs/questions hold `n` pages made from the real ones."""
    shutil.copy(ROOT / "requirements.txt", folder / "requirements.txt")
    # The sidebar lists the home page only: every page renders the whole sidebar, so 2000 pages in it
    # would cost about a second each (measured: 863 pages in 13 minutes), which is not the search's cost.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false") + "\nnav:\n  - index.md\n",
                                       encoding="utf-8")
    (folder / "tools").symlink_to(ROOT / "tools")
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("questions", "exercises"))
    (folder / "docs" / "questions").mkdir()
    (folder / "snippets").mkdir()
    rng, swap = random.Random(2000), synonyms()
    sources = [read_page(p) for p in all_pages()]
    for i in range(n):
        page = sources[i % len(sources)]
        meta = dict(page.meta, title=vary(page.meta["title"], rng, swap),
                    also_asked=[vary(q, rng, swap) for q in page.meta["also_asked"]])
        body = page.text.split("---\n", 2)[2]
        slug = f"{page.slug}-{i:04d}"
        (folder / "docs" / "questions" / f"{slug}.md").write_text(
            f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{body}", encoding="utf-8")
        (folder / "snippets" / f"{slug}.py").write_text("# synthetic\n")
    return folder


def first_search(browser, url: str, query: str) -> float:
    """Seconds from starting a cold load of the page at `url` to the first results of `query`,
    pasted into the search box as soon as the page shows it (pasted, so that the figure does not
    include the harness's typing speed)."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.evaluate("text => navigator.clipboard.writeText(text)", query)
    page.locator("input.md-search__input").focus()
    page.keyboard.press("Control+V")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=60_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def measure(n: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "project").mkdir()
        project = synthetic_project(Path(tmp) / "project", n)
        site = project / "site"
        env = {**os.environ, "NOTEBOOK_EXECUTE": "false", "NO_MKDOCS_2_WARNING": "true"}
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                       cwd=project, env=env, check=True)
        build = time.perf_counter() - start
        index = (site / "search" / "search_index.json").stat().st_size
        queries = search_eval.read_queries(QUERIES)
        with search_eval.serve(site) as base, search_eval.browser() as browser:
            # A reader arriving on a question page (from a web search, say), typing at once.
            first = first_search(browser, f"{base}questions/zero-grad-0009/", queries[0][0])
            results = search_eval.run_queries(browser, base, queries)
        median = statistics.median(r.seconds for r in results)
        worst = max(r.seconds for r in results)
    return (f"scale {n} pages: build {build:.0f} s, search index {index / 1024:.0f} KiB, "
            f"first search {first * 1000:.0f} ms, search median {median * 1000:.0f} ms (slowest {worst * 1000:.0f} ms)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    print(measure(parser.parse_args(argv).pages))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
