"""Measure the site's search in a real browser: type each query, read the ranked results.

Usage: python -m tools.measure.search_eval QUERIES.tsv [--site DIR]
  QUERIES.tsv: `query<TAB>slug[,slug...]` per line, `#` comments allowed.
  --site DIR: an already built site (default: build one into a temporary folder).
Prints recall@1, recall@3 and the median time from the last keystroke to stable results,
and every query whose first result is not an acceptable page.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import re
import os
import shutil
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from tools.page.anatomy import ROOT


def chromium() -> str:
    """Debian's Chromium: $CHROMIUM if set, else its headless shell on PATH (`chromium-headless-shell`,
    the build Playwright itself runs headless: the same engine without the desktop browser around
    it, which takes a fifth less CPU over the test suite), else `chromium`. `make test` installs the
    headless shell when neither is there."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium-headless-shell") or shutil.which("chromium")
    if not path:
        raise RuntimeError("no Chromium: install Debian's package (`apt-get install chromium-headless-shell`, which "
                           "`make test` does when run as root) or set CHROMIUM to the browser's path")
    return path


# Flags for a closed network: no background connections, no first-run or sync traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STABLE_FOR = 0.3  # seconds without a change in the result list before it counts as final


@dataclass
class Result:
    query: str
    accepted: set[str]
    ranked: list[str]
    seconds: float

    @property
    def rank(self) -> int | None:
        return next((i for i, slug in enumerate(self.ranked, 1) if slug in self.accepted), None)


def read_queries(path: Path, slugs: set[str] | None = None) -> list[tuple[str, set[str]]]:
    """The rows of a query set; with `slugs` (the site's pages), every accepted slug must be one of
    them: a misspelt slug would count as a miss however good the search."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(f"{path}:{number}: a row is `query<TAB>slug[,slug...]` (one tab); "
                             f"this one has {len(parts) - 1} tab(s): join or split it")
        accepted = {s.strip() for s in parts[1].split(",")}
        unknown = sorted(accepted - slugs) if slugs is not None else []
        if unknown:
            raise ValueError(f"{path}:{number}: no page has the slug(s) {', '.join(unknown)}: "
                             f"use one of {', '.join(sorted(slugs))}")
        rows.append((parts[0], accepted))
    return rows


@contextlib.contextmanager
def serve(site: Path):
    """Serve a built site on 127.0.0.1 (a free port), quietly, for the length of the block."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # A browser context closed mid-download (the end of a measurement) is not an error.
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def slug_of(url: str) -> str:
    parts = [p for p in urlparse(url).path.split("/") if p]
    return parts[1] if len(parts) >= 2 and parts[0] in ("questions", "exercises") else "/".join(parts) or "index"


# Records when the search worker last answered (Material sends each keystroke's query to a web
# worker), and whether that answer ranked with the whole index: the worker answers a first query
# from the first part of the index and again once the second part is in.
WORKER_CLOCK = """(() => {
  const Original = window.Worker;
  window.__lastAnswer = 0;
  window.__complete = false;
  window.Worker = function (...args) {
    const worker = new Original(...args);
    worker.addEventListener('message', (ev) => {
      window.__lastAnswer = performance.now();
      if (ev.data && 'complete' in ev.data) window.__complete = ev.data.complete;
    });
    return worker;
  };
  window.Worker.prototype = Original.prototype;
})();"""

# Records in the page when the result list last changed, so that the harness can tell when it is stable.
WATCH = """() => {
  window.__lastChange = performance.now();
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(() => { window.__lastChange = performance.now(); })
    .observe(list, {childList: true, subtree: true, characterData: true});
}"""


def open_search(page, base: str):
    page.add_init_script(WORKER_CLOCK)
    page.goto(base)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Initializing/i.test(m.textContent); }")
    page.evaluate(WATCH)


def _empty_box(page) -> None:
    """Open the search (on a phone it is behind the header's button), focus the box and empty it."""
    box = page.locator("input.md-search__input")
    if not page.evaluate("() => document.getElementById('__search').checked"):
        page.locator("label[for=__search]").first.dispatch_event("click")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")


def search(page, query: str) -> tuple[list[str], float]:
    """Type `query` with real keystrokes; return the ranked slugs and seconds from last keystroke to stable results."""
    _empty_box(page)
    page.keyboard.type(query[:-1], delay=5)
    typed = page.evaluate("() => performance.now()")  # just before the last keystroke
    page.keyboard.type(query[-1])
    return _stable_results(page, typed, query)


def _stable_results(page, typed: float, query: str, settle: float = STABLE_FOR) -> tuple[list[str], float]:
    """Wait until the worker has answered the whole query with the whole index and the list stopped
    changing for `settle` seconds; return the ranked slugs and the seconds from `typed` (the last
    key, or the paste) to the last change."""
    deadline = time.monotonic() + 15
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the search gave no stable answer to {query[:60]!r} within 15 s")
        time.sleep(0.02)
        now, changed, answered, complete = page.evaluate(
            "() => [performance.now(), window.__lastChange, window.__lastAnswer, window.__complete]")
        last = max(changed, answered)
        if answered > typed and complete and now - last >= settle * 1000:
            break
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "links => links.map(a => a.href)")
    return list(dict.fromkeys(slug_of(h) for h in hrefs)), max(0.0, last - typed) / 1000


def paste(page, text: str, settle: float = STABLE_FOR) -> tuple[list[str], float]:
    """Paste `text` into the search box with Ctrl+V, as a learner pastes an error; return as `search` does."""
    _empty_box(page)
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    typed = page.evaluate("() => performance.now()")
    page.keyboard.press("Control+V")
    return _stable_results(page, typed, text, settle)


def is_error(query: str) -> bool:
    """A pasted error rather than a typed question: it names an Error, Warning or Exception."""
    return bool(re.search(r"\w(Error|Warning|Exception)\b", query))


def run_queries(browser, base: str, queries, typed: bool = True, settle: float = STABLE_FOR) -> list[Result]:
    """Type every query into the search box of the site served at `base` (typed=False: paste them all)."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_search(page, base)
    results = []
    for query, accepted in queries:
        # Learners type questions key by key and paste error messages.
        ranked, seconds = (search(page, query) if typed and not is_error(query)
                           else paste(page, query, settle))
        results.append(Result(query, accepted, ranked, seconds))
    context.close()
    return results


def evaluate(queries, site: Path) -> list[Result]:
    with serve(site) as base, browser() as b:
        return run_queries(b, base, queries)


def recall(results: list[Result], k: int) -> float:
    """The share of queries with an acceptable page among the first k results."""
    return sum(r.rank is not None and r.rank <= k for r in results) / len(results)


def report(results: list[Result]) -> str:
    median = statistics.median(r.seconds for r in results)
    empty = sum(not r.ranked for r in results)
    lines = [f"queries: {len(results)}", f"recall@1: {recall(results, 1):.3f}", f"recall@3: {recall(results, 3):.3f}",
             f"no result: {empty}",
             f"median time from last keystroke to stable results: {median * 1000:.0f} ms",
             f"slowest: {max(r.seconds for r in results) * 1000:.0f} ms"]
    for r in results:
        if r.rank != 1:
            lines.append(f"  rank {r.rank or '-'}: {r.query!r} -> {r.ranked[:3]} (wanted {sorted(r.accepted)})")
    return "\n".join(lines)


def build(site: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", type=Path)
    parser.add_argument("--site", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(site)
        print(report(evaluate(read_queries(args.queries), site)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
