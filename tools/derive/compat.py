"""Run the code-block and notebook tests under the torch of this interpreter, and record the result.

Usage: python -m tools.derive.compat   (run by `make compat TORCH=<version>` inside .venv-torch-<version>)

For versions other than the pinned one (`make update` records the pinned one with .venv). Output
blocks are compared only under the pinned torch (tools/check/pytest_plugin.py); the assertions run
under every version.
"""
from __future__ import annotations

import re
import subprocess
import sys

from tools.derive import verified
from tools.page.anatomy import RECORD, ROOT
from tools.page.model import all_sources, read


def main() -> int:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:randomly", "-p", "no:cacheprovider",
         "docs", "tests/test_notebooks.py::test_cells_run"],
        cwd=ROOT, capture_output=True, text=True)
    outcome: dict[str, str] = {}
    for status, node in re.findall(r"^(PASSED|FAILED|ERROR) (\S+)", run.stdout, re.M):
        slug = re.search(r"(?:questions/|\[)([\w-]+)(?:\.md|\])", node).group(1)
        if status != "PASSED" or slug not in outcome:
            outcome[slug] = "passed" if status == "PASSED" else "failed"
    results = {p.stem: {"code": read(p).code_hash(), "result": outcome.get(p.stem, "not run")} for p in all_sources()}
    torch = verified.torch_version()
    verified.write(verified.with_results(verified.read_record(), torch, results))
    failed = sorted(slug for slug, r in results.items() if r["result"] != "passed")
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:])
    print(f"torch {torch}: {len(results) - len(failed)} of {len(results)} pages passed"
          + (f"; not passed: {', '.join(failed)}" if failed else ""))
    print(f"recorded in {RECORD.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
