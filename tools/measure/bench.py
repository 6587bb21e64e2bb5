"""The benchmark: `make bench`. Prints the median of several runs of each measure on this machine.

Usage: python -m tools.measure.bench [--runs N]

  floor            one fresh Python process importing torch and matplotlib
  own compute      the pages' blocks (each once) and the notebooks' cells, timed inside one process
  test wall        the code-block and notebook tests, in one pytest process (no xdist)
  snippets         every snippet in its own fresh interpreter (on its own line: that is what proves
                   a snippet needs nothing else, and it pays the floor once per page)
  overhead ratio   test wall / (floor + own compute); target <= 1.5
  suite ratio      `make test` wall time (notebook cache warm, as on a contributor's machine) / floor; target <= 20
  site build       cold (empty notebook cache), warm (nothing changed), and without notebook execution
  cold build ratio cold build / (build without execution + the notebooks' own compute + floor); target <= 2.0
  site             total size, heaviest page
  search           recall and settle time of each query set in tests/search/, typed (errors pasted) in Chromium
  scale            the search over 2000 synthetic pages (tools/measure/scale.py)
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.page.anatomy import ROOT, SNIPPETS

ENV = {**os.environ, "OMP_NUM_THREADS": "1"}  # as in `make test`

# Runs in a fresh interpreter: import once (outside the clock), then time every block and cell.
OWN_COMPUTE = """
import contextlib, io, time, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt, torch
from tools.page.model import all_notebooks, all_pages, read
from tools.page.run import run_page
start = time.perf_counter()
for path in all_pages():
    run_page(read(path))
pages = time.perf_counter() - start
start = time.perf_counter()
for path in all_notebooks():
    with contextlib.redirect_stdout(io.StringIO()):  # as pytest captures it
        run_page(read(path))
print(pages, time.perf_counter() - start)
"""


def timed(command: list[str], env=ENV, cwd=ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(values) -> float:
    return statistics.median(values)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args(argv).runs
    py = sys.executable
    print(f"median of {runs} runs, OMP_NUM_THREADS=1")

    floor = median(timed([py, "-c", "import torch, matplotlib.pyplot"]) for _ in range(runs))
    print(f"floor (fresh process importing torch, matplotlib): {floor:.2f} s")

    own = []
    for _ in range(runs):
        out = subprocess.run([py, "-c", OWN_COMPUTE], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True)
        own.append(tuple(map(float, out.stdout.split())))
    blocks, cells = median(o[0] for o in own), median(o[1] for o in own)
    print(f"own compute: code blocks {blocks:.2f} s, notebooks {cells:.2f} s")

    tests = [py, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:xdist", "-p", "no:cacheprovider",
             "docs", "tests/test_notebooks.py::test_cells_run"]
    wall = median(timed(tests) for _ in range(runs))
    print(f"test wall (code-block and notebook tests, one process): {wall:.2f} s")

    scripts = sorted(SNIPPETS.glob("*.py"))
    with tempfile.TemporaryDirectory() as tmp:
        snippet = median(sum(timed([py, str(s)], cwd=tmp) for s in scripts) for _ in range(runs))
    print(f"snippets, standalone: {snippet:.2f} s for {len(scripts)} scripts, one fresh interpreter each")

    print(f"overhead ratio: {wall / (floor + blocks + cells):.2f}")

    suite = median(timed(["make", "test"]) for _ in range(runs))
    print(f"suite ratio: {suite / floor:.1f} (make test {suite:.1f} s wall, floor {floor:.2f} s)")

    build = [py, "-m", "mkdocs", "build", "--strict", "--quiet"]
    cold, warm, no_exec = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for i in range(runs):
            cache = Path(tmp) / f"cache-{i}"
            env = {**ENV, "NOTEBOOK_CACHE_DIR": str(cache)}
            cold.append(timed(build + ["--site-dir", str(site)], env=env))
            warm.append(timed(build + ["--site-dir", str(site)], env=env))
            env = {**ENV, "NOTEBOOK_CACHE_DIR": str(Path(tmp) / f"plain-{i}"), "NOTEBOOK_EXECUTE": "false"}
            no_exec.append(timed(build + ["--site-dir", str(Path(tmp) / "plain")], env=env))
        print(f"site build: cold {median(cold):.1f} s, warm {median(warm):.1f} s, "
              f"without notebook execution {median(no_exec):.1f} s (warm / without: {median(warm) / median(no_exec):.2f})")
        print(f"cold build ratio: {median(cold) / (median(no_exec) + cells + floor):.2f} "
              f"(cold {median(cold):.1f} s / ({median(no_exec):.1f} s + {cells:.2f} s + {floor:.2f} s))")

        files = [f for f in site.rglob("*") if f.is_file()]
        pages = sorted(site.rglob("*.html"), key=lambda f: f.stat().st_size)
        heaviest = pages[-1]
        print(f"site size: {sum(f.stat().st_size for f in files) / 2**20:.1f} MiB in {len(files)} files; "
              f"heaviest page: {heaviest.relative_to(site)} ({heaviest.stat().st_size / 2**10:.0f} KiB)")

        from tools.measure import scale, search_eval

        for name in ("dev-queries", "dev-errors", "heldout-phrasings", "heldout-errors"):
            results = search_eval.evaluate(search_eval.read_queries(ROOT / "tests" / "search" / f"{name}.tsv"), site)
            print(f"search {name}: recall@1 {search_eval.recall(results, 1):.3f}, recall@3 "
                  f"{search_eval.recall(results, 3):.3f}, no result {sum(not r.ranked for r in results)}, "
                  f"settled after the last key: median {median(r.seconds for r in results) * 1000:.0f} ms, "
                  f"slowest {max(r.seconds for r in results) * 1000:.0f} ms ({len(results)} queries)")
    print(scale.measure(2000))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
