"""The verified-with record, docs/assets/verified-with.json: for each torch version, each page's
result and the fingerprint of the code that ran. A page shows the versions its current code passed
with. `make update` records the pinned torch (with .venv itself); `make compat` records others.
"""
from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

from tools.page.anatomy import RECORD, ROOT
from tools.page.model import Page, write_atomic


def torch_version() -> str:
    return version("torch").split("+")[0]


def pinned_torch() -> str:
    """The torch version requirements.txt pins."""
    return re.search(r"^torch==([\w.]+)", (ROOT / "requirements.txt").read_text(), re.M).group(1)


def read_record(record: Path = RECORD) -> dict:
    return json.loads(Path(record).read_text()) if Path(record).exists() else {}


def verified_versions(page: Page, record: Path = RECORD) -> list[str]:
    """The torch versions this page's current code passed with."""
    entry = {"result": "passed", "code": page.code_hash()}
    return [v for v, pages in read_record(record).items() if pages.get(page.slug) == entry]


def with_results(record: dict, torch: str, results: dict[str, dict]) -> str:
    """The record's text with `results` ({slug: {code, result}}) as torch's entry; versions in numeric order."""
    record = {**record, torch: dict(sorted(results.items()))}
    record = dict(sorted(record.items(), key=lambda item: tuple(int(n) for n in item[0].split("."))))
    return json.dumps(record, indent=1) + "\n"


def write(text: str, record: Path = RECORD) -> None:
    write_atomic(Path(record), text)
