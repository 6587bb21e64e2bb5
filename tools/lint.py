"""Content lint: the rules of DESIGN.md a page must follow, every problem reported at once.

Usage: python -m tools.lint [PAGE ...]   (default: every page and notebook)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from tools.pages import ROOT, PageError, all_notebooks, all_pages, read_notebook, read_page, sentences

REQUIRED = ("title", "tags", "source", "also_asked")
SECTIONS = ("Short answer", "Proof", "Why", "What the thread said", "In today's PyTorch", "See also")
THREAD = "https://discuss.d2l.ai/t/43"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping mkdocs' `!ENV [NAME, default]` as its default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def allowed_tags() -> set[str]:
    """The tag vocabulary, kept once in mkdocs.yml where Material's tags plugin enforces it too."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "tags" in plugin:
            return set(plugin["tags"]["tags_allowed"])
    raise RuntimeError("mkdocs.yml: the tags plugin has no tags_allowed list")


def lint(path: Path) -> list[str]:
    """Every problem of the page or notebook, each as `file:line: what is wrong; what to do`."""
    path = Path(path)
    try:
        page = read_notebook(path) if path.suffix == ".ipynb" else read_page(path)
    except PageError as e:
        return [str(e)]
    problems = _front_matter(page) + _sections(page)
    return problems + (_notebook_code(page) if path.suffix == ".ipynb" else _page_code(page))


def _front_matter(page) -> list[str]:
    where = lambda line: f"{page.rel}:{line}"  # noqa: E731
    problems = []
    kind = "notebook metadata `faq`" if page.path.suffix == ".ipynb" else "front matter"
    if page.path.suffix == ".md" and page.meta_lines == 0:
        problems.append(f"{where(1)}: no front matter; start the page with a --- block holding {', '.join(REQUIRED)}")
    for key in REQUIRED:
        if (page.meta_lines or page.path.suffix == ".ipynb") and not page.meta.get(key):
            problems.append(f"{where(1)}: {kind} lacks `{key}`; add it (see README, 'Add a question')")
    vocabulary = allowed_tags()
    tags = page.meta.get("tags") or []
    for tag in tags if isinstance(tags, list) else [tags]:
        if tag not in vocabulary:
            problems.append(f"{where(_meta_line(page, tag))}: unknown tag `{tag}`; use one of: {', '.join(sorted(vocabulary))}")
    also = page.meta.get("also_asked")
    if also is not None and not (isinstance(also, list) and 3 <= len(also) <= 6):
        problems.append(f"{where(_meta_line(page, 'also_asked'))}: `also_asked` must list 3 to 6 phrasings")
    source = page.meta.get("source")
    if source and not str(source).startswith(THREAD):
        problems.append(f"{where(_meta_line(page, 'source'))}: `source` must be the thread {THREAD}")
    return problems


def _sections(page) -> list[str]:
    """The sections of the page anatomy, in order, and a short answer of one to three sentences."""
    where = lambda line: f"{page.rel}:{line}"  # noqa: E731
    problems, found = [], []
    for heading in SECTIONS:
        sec = page.section(heading)
        if sec is None:
            problems.append(f"{where(page.meta_lines + 1)}: missing section `## {heading}`; pages follow the anatomy in DESIGN.md")
        else:
            found.append(sec[0])
    if found != sorted(found):
        problems.append(f"{where(page.meta_lines + 1)}: sections are out of order; use: {', '.join(SECTIONS)}")
    short = page.section("Short answer")
    if short:
        n = len(sentences(short[1]))
        if n == 0 or n > 3:
            problems.append(f"{where(short[0])}: the short answer has {n} sentences; write 1 to 3")
    h1 = re.search(r"^# ", page.prose, re.M)
    if h1:
        problems.append(f"{where(page.prose[: h1.start()].count(chr(10)) + 1)}: "
                        "remove the `# ` heading; the title comes from the front matter")
    return problems


def _page_code(page) -> list[str]:
    where = lambda line: f"{page.rel}:{line}"  # noqa: E731
    problems = []
    for i, line in enumerate(page.text.splitlines(), 1):
        if re.match(r"^(\s+)(`{3,}|~{3,})\s*\{?\s*\.?(python3?|py)\b", line):
            problems.append(f"{where(i)}: indented python fence is never run by the tests; "
                            "use unindented `/// note` or `/// tab | Title` blocks instead of `!!!` or `===`")
    blocks = page.blocks
    for f in page.fences:
        if f.is_python and ("notest" in f.options or any(o.startswith("retry:") for o in f.options)):
            problems.append(f"{where(f.line)}: remove `notest`/`retry:`; every block runs, once")
        if f.is_python and not f.content.strip():
            problems.append(f"{where(f.line)}: empty python block")
    if not blocks:
        problems.append(f"{where(1)}: the page has no python block; prove the short answer with code")
    elif not any(re.search(r"^\s*assert\b", b.content, re.M) for b in blocks):
        problems.append(f"{where(blocks[0].line)}: no `assert` on the page; state each claim as an assertion")
    for b in blocks:
        if re.search(r"\bprint\(", b.content) and b.output is None:
            problems.append(f"{where(b.line)}: this block prints but no output block follows; run `make outputs`")
    return problems + page.orphan_outputs()


def _notebook_code(page) -> list[str]:
    problems = []
    code = [c for c in page.notebook["cells"] if c["cell_type"] == "code"]
    for i, cell in enumerate(page.notebook["cells"], 1):
        if cell["cell_type"] != "code":
            continue
        where = f"{page.rel}:cell {i}"
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{where}: stored outputs; commit notebooks without outputs (the build runs them)")
        if re.search(r"^\s*[%!]", "".join(cell["source"]), re.M):
            problems.append(f"{where}: IPython magic or shell escape; notebooks are plain Python")
    if not any(re.search(r"^\s*assert\b", "".join(c["source"]), re.M) for c in code):
        problems.append(f"{page.rel}:1: no `assert` in the notebook; state each claim as an assertion")
    return problems


def _meta_line(page, needle) -> int:
    for i, line in enumerate(page.text.splitlines()[: page.meta_lines], 1):
        if str(needle) in line:
            return i
    return 1


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or all_pages() + all_notebooks()
    problems = [p for path in paths for p in lint(path)]
    print("\n".join(problems) if problems else f"{len(paths)} pages: no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
