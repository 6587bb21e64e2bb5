"""The site and its tests at scale: a synthetic project of question pages, built once, then searched
in Chromium and run through the test pipeline.

Usage: python -m tools.measure.scale [--pages N] [--sample K]   (also the last lines of `make bench`)

The corpus is the real question pages copied under new slugs, with their title and phrasings
varied (words swapped for glossary synonyms, seeded), in a temporary copy of the project with the
real mkdocs.yml, hooks and pytest options (only `strict` is off: the copies' "See also" links
point at the real slugs). It is built once, without notebook execution. Printed, three lines:

  search    build time, the search index's size, the time from a cold page load to the first
            results of a typed query, and the median settle time of typed queries;
  pipeline  the build again (ms per page), `pytest --collect-only` over docs/, the code-block tests
            (one pytest process, `-p no:xdist`; over a seeded sample of K pages, scaled up to N, as
            the line says), and the site's 50-block continuation chain page (50 tests; as below);
  chain     pytest's time for the chain page's tests at 1, 10, 25 and 50 blocks (1 block: the first
            test's fixed costs). pytest-markdown-docs makes one test per block and, by itself, runs
            every earlier block of a chain again for each test: it grows with the square unless
            tools/check/pytest_plugin.py runs each chain once.

What grows faster than the pages: nothing now. Material's sidebar did (build CPU time a page at
100 / 250 / 500 / 1000 / 2000 pages: 146 / 144 / 166 / 176 / 181 ms; a page 110 / 128 / 158 / 219 /
341 KB, the site 18 / 40 / 84 / 198 / 522 MB), because every page listed the pages of its FAQ topic
(the largest holds 36% of them). tools/site/hooks.py now splits a section into parts of 40 pages:
at 2000 pages a page is 121 KB and the site 296 MB. Markdown (~47 ms), Material's search (~36 ms),
mkdocs-jupyter reading every page (~23 ms) and the hooks stay flat; the hooks' step from 20 to 30 ms
past 256 pages is tools/page/model.py's parse cache (256 texts).
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
ENV = {**os.environ, "NOTEBOOK_EXECUTE": "false", "NO_MKDOCS_2_WARNING": "true", "OMP_NUM_THREADS": "1",
       "PYTHONDONTWRITEBYTECODE": "1"}  # `tools` is the repository's own (symlinked): write nothing into it
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
CHAIN = "continuation-chain"  # the slug of the synthetic chain page in docs/questions


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


def chain_page(blocks: int) -> str:
    """A question page whose proof is one block and `blocks - 1` continuations, each adding one to
    `x` and asserting it (printing nothing, so no output block): the anatomy lint accepts it."""
    code = ["```{.python}\nx = 1\nassert x == 1\n```"]
    code += [f"```{{.python continuation}}\nx = x + 1\nassert x == {i}\n```" for i in range(2, blocks + 1)]
    meta = {"title": f"Does a chain of {blocks} continuation blocks run?", "tags": ["tooling"],
            "source": "https://discuss.d2l.ai/t/43",
            "also_asked": ["a long chain of continuation blocks", "many blocks sharing one namespace",
                           f"{blocks} blocks in a row"]}
    return (f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n## Short answer\n\n"
            f"Yes: each block adds one to `x`, and [the last one finds it at {blocks}](#see-it).\n\n"
            "## Proof\n\n### See it\n\n" + "\n\n".join(code) + "\n\n"
            "## Why\n\nA continuation block runs after the blocks before it, in their namespace.\n\n"
            "## What the thread said\n\nNothing: the page is synthetic, made by `tools/measure/scale.py`.\n\n"
            "## In today's PyTorch\n\nThe same.\n\n## See also\n\n- CONTRIBUTING.md, *Code*\n")


def synthetic_project(folder: Path, n: int) -> Path:
    """A copy of the project whose docs/questions hold `n` pages made from the real ones, and the
    50-block chain page."""
    for name in ("requirements.txt", "pyproject.toml"):  # pyproject.toml: pytest's options and plugins
        shutil.copy(ROOT / name, folder / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false"), encoding="utf-8")
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
    (folder / "docs" / "questions" / f"{CHAIN}.md").write_text(chain_page(50), encoding="utf-8")
    (folder / "snippets" / f"{CHAIN}.py").write_text("# synthetic\n")
    return folder


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


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


def search_line(n: int, build: float, site: Path) -> str:
    index = (site / "search" / "search_index.json").stat().st_size
    queries = search_eval.read_queries(QUERIES)
    with search_eval.serve(site) as base, search_eval.browser() as browser:
        # A reader arriving on a question page (from a web search, say), typing at once.
        arrival = min((site / "questions").glob("zero-grad-*")).name  # the first copy of zero-grad.md
        first = first_search(browser, f"{base}questions/{arrival}/", queries[0][0])
        results = search_eval.run_queries(browser, base, queries)
    median = statistics.median(r.seconds for r in results)
    worst = max(r.seconds for r in results)
    return (f"scale {n} pages: build {build:.0f} s, search index {index / 1024:.0f} KiB, "
            f"first search {first * 1000:.0f} ms, search median {median * 1000:.0f} ms (slowest {worst * 1000:.0f} ms)")


def pipeline_line(n: int, build: float, project: Path, sample: int, chain: float) -> str:
    collect = timed(PYTEST + ["--collect-only", "docs"], project)
    # The code-block tests of the copied pages (not the chain page: timed on its own), in one process.
    # At 2000 pages that is ~20 minutes, so a seeded sample of pages is run and scaled up.
    pages = sorted(p for p in (project / "docs" / "questions").glob("*.md") if p.stem != CHAIN)
    picked = sorted(random.Random(n).sample(pages, sample)) if sample < len(pages) else pages
    tests = timed(PYTEST + ["-p", "no:xdist"] + [str(p.relative_to(project)) for p in picked], project)
    per_page = tests / len(picked)
    sampled = f" (sampled {len(picked)} pages)" if len(picked) < len(pages) else ""
    return (f"scale {n} pages (pipeline): build {build:.0f} s ({build / n * 1000:.0f} ms/page), "
            f"collect {collect:.1f} s, code-block tests {per_page * n:.0f} s ({per_page * 1000:.0f} ms/page), "
            f"50-block chain {chain:.2f} s{sampled}")


def pytest_seconds(args: list[str], project: Path) -> float:
    """pytest's own time for its session (collection and tests; the interpreter's start left out)."""
    out = subprocess.run(PYTEST + args, cwd=project, env=ENV, check=True, capture_output=True, text=True).stdout
    return float(re.search(r" in ([\d.]+)s", out.splitlines()[-1]).group(1))


def chain_seconds(project: Path, page: str) -> float:
    """pytest's time for one page's tests, the best of 5 runs (a run is short: the machine's noise
    would hide the growth)."""
    return min(pytest_seconds(["-p", "no:xdist", page], project) for _ in range(5))


def chain_line(project: Path) -> str:
    """The chain page at 1, 10, 25 and 50 blocks, side by side in a folder of their own outside docs/:
    given one file, pytest also collects the rest of its folder (docs/questions at 2000 pages: +0.2 s)."""
    (project / "chains").mkdir()
    seconds = {}
    for blocks in (1, 10, 25, 50):
        (project / "chains" / f"{CHAIN}-{blocks}.md").write_text(chain_page(blocks), encoding="utf-8")
        seconds[blocks] = chain_seconds(project, f"chains/{CHAIN}-{blocks}.md")
    return "scale chain (pytest's time for one page's tests, best of 5): " + ", ".join(
        f"{b} block{'s' * (b > 1)} {t:.2f} s" for b, t in seconds.items())


def measure(n: int, sample: int = 200) -> str:
    """The three lines (search, pipeline, chain) from one synthetic project and one build."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "project").mkdir()
        project = synthetic_project(Path(tmp) / "project", n)
        site = project / "site"
        build = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], project)
        chain = chain_seconds(project, f"docs/questions/{CHAIN}.md")  # the site's own chain page
        return "\n".join([search_line(n, build, site), pipeline_line(n, build, project, sample, chain),
                          chain_line(project)])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=200, help="pages whose code-block tests run (scaled up)")
    args = parser.parse_args(argv)
    print(measure(args.pages, args.sample))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
