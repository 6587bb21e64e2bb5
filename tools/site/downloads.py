"""Downloads built with the site: each question page as a notebook, and one archive of all the code.

A question page's notebook holds its prose as markdown cells and its python blocks as code cells,
in page order; output blocks are left out (running the notebook prints them). It is made at build
time from the page model, like the page itself, so it is never out of date.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tools.page.model import Page, all_notebooks, all_pages, read_page

ARCHIVE = "downloads/linear-regression-from-scratch-code.zip"


def page_notebook(page: Page) -> dict:
    lines = page.text.splitlines()
    cells, prose, at = [], [f"# {page.meta.get('title', page.slug)}", ""], page.meta_lines
    outputs = {id(b.output) for b in page.blocks if b.output is not None}

    def markdown():
        text = "\n".join(prose).strip()
        if text:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": text})
        prose.clear()

    for fence in page.fences:
        prose.extend(lines[at : fence.line - 1])
        if fence.is_python:
            markdown()
            cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                          "source": fence.content.rstrip("\n")})
        elif id(fence) not in outputs:
            prose.extend(lines[fence.line - 1 : fence.end_line])
        at = fence.end_line
    prose.extend(lines[at:])
    markdown()
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def write(site: Path, docs: Path, snippets: Path) -> None:
    archive = site / ARCHIVE
    archive.parent.mkdir(parents=True, exist_ok=True)

    def add(zf, name: str, data: str | bytes) -> None:
        # A fixed date: the same sources give the same archive, byte for byte, at every build.
        zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)

    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in all_pages(docs):
            text = json.dumps(page_notebook(read_page(path)), indent=1, ensure_ascii=False) + "\n"
            (site / "questions" / path.stem / f"{path.stem}.ipynb").write_text(text, encoding="utf-8")
            add(zf, f"questions/{path.stem}.ipynb", text)
            script = snippets / f"{path.stem}.py"
            if script.exists():
                add(zf, f"scripts/{script.name}", script.read_bytes())
        for path in all_notebooks(docs):
            add(zf, f"exercises/{path.name}", path.read_bytes())
