"""Run the code-block and notebook tests under the torch of this interpreter, and record the result.

Usage: python -m tools.compat   (run by `make compat TORCH=<version>` inside .venv-torch-<version>)

Writes docs/assets/verified-with.json: for each torch version, each page's result and the
fingerprint of the code that ran. The site shows on each page the versions it passed with,
as long as its code is still the code that was tested. Output blocks are compared only under
the pinned torch (tools/pytest_plugin.py); the assertions run under every version.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version

from tools.pages import DOCS, ROOT, all_notebooks, all_pages, code_hash

RECORD = DOCS / "assets" / "verified-with.json"


def torch_version() -> str:
    return version("torch").split("+")[0]


def pinned_torch() -> str:
    """The torch version requirements.txt pins."""
    return re.search(r"^torch==([\w.]+)", (ROOT / "requirements.txt").read_text(), re.M).group(1)


def read_record() -> dict:
    return json.loads(RECORD.read_text()) if RECORD.exists() else {}


def verified_versions(path) -> list[str]:
    """The torch versions this page's current code passed with."""
    fingerprint, slug = code_hash(path), path.stem
    return [v for v, pages in read_record().items()
            if pages.get(slug) == {"result": "passed", "code": fingerprint}]


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
    paths = all_pages() + all_notebooks()
    results = {p.stem: {"code": code_hash(p), "result": outcome.get(p.stem, "not run")} for p in sorted(paths, key=lambda p: p.stem)}
    record = read_record()
    record[torch_version()] = results
    record = dict(sorted(record.items(), key=lambda item: tuple(int(n) for n in item[0].split("."))))
    RECORD.write_text(json.dumps(record, indent=1) + "\n")
    failed = sorted(slug for slug, r in results.items() if r["result"] != "passed")
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:])
    print(f"torch {torch_version()}: {len(results) - len(failed)} of {len(results)} pages passed"
          + (f"; not passed: {', '.join(failed)}" if failed else ""))
    print(f"recorded in {RECORD.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
