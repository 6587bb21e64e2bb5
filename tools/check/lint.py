"""Content lint: the rules of CONTRIBUTING.md a page must follow, every problem reported at once.

Usage: python -m tools.check.lint [PAGE ...]   (default: every page and notebook)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from tools.page import anatomy
from tools.page.model import Page, PageError, all_sources, read

GUIDE = f"see {anatomy.GUIDE}"
ASSERTS = re.compile(r"^\s*assert\b|raise AssertionError", re.M)
LINK = re.compile(r"\]\(#([^)\s]+)\)")
# A block that catches an error, or records warnings and reads their messages (not one that records
# them only to show there are none).
CATCHES = re.compile(r"^\s*except\s+\(?[\w.]*(?:Error|Warning|Exception)\b"
                     r"|catch_warnings\(\s*record\s*=\s*True[\s\S]*\.message\b", re.M)
MAX_LINE = 88  # characters in a code line: wider lines hide behind a scrollbar on a laptop


def lint(path: Path) -> list[str]:
    """Every problem of the page or notebook, each as `file:line: what is wrong; what to do`."""
    try:
        page = read(path)
    except PageError as e:
        return [str(e)]
    return _front_matter(page) + _sections(page) + _proof_map(page) + _code(page)


def _front_matter(page: Page) -> list[str]:
    problems = []
    kind = "notebook metadata `faq`" if page.is_notebook else "front matter"
    if not page.is_notebook and page.meta_lines == 0:
        problems.append(f"{page.where(1)}: no front matter; start the page with a --- block holding "
                        f"{', '.join(anatomy.FIELDS)}")
    for key in anatomy.FIELDS:
        if (page.meta_lines or page.is_notebook) and not page.meta.get(key):
            problems.append(f"{page.where(1)}: {kind} lacks `{key}`; add it ({GUIDE})")
    vocabulary = anatomy.allowed_tags()
    tags = page.meta.get("tags") or []
    for tag in tags if isinstance(tags, list) else [tags]:
        if tag not in vocabulary:
            problems.append(f"{page.where(_meta_line(page, tag))}: unknown tag `{tag}`; "
                            f"use one of: {', '.join(sorted(vocabulary))}")
    also, (low, high) = page.meta.get("also_asked"), anatomy.ALSO_ASKED
    if also is not None and not (isinstance(also, list) and low <= len(also) <= high):
        problems.append(f"{page.where(_meta_line(page, 'also_asked'))}: `also_asked` must list {low} to {high} phrasings")
    source = page.meta.get("source")
    if source and not str(source).startswith(anatomy.THREAD):
        problems.append(f"{page.where(_meta_line(page, 'source'))}: `source` must be the thread {anatomy.THREAD}")
    return problems


def _sections(page: Page) -> list[str]:
    """The sections of the page anatomy, in order, and a short answer of one to three sentences."""
    problems, found = [], []
    top = page.where(page.meta_lines + 1)
    for heading in anatomy.SECTIONS:
        sec = page.section(heading)
        if sec is None:
            problems.append(f"{top}: missing section `## {heading}`; pages follow the anatomy ({GUIDE})")
        else:
            found.append(sec[0])
    if found != sorted(found):
        problems.append(f"{top}: sections are out of order; use: {', '.join(anatomy.SECTIONS)}")
    short = page.section(anatomy.SHORT_ANSWER)
    if short:
        n = len(page.short_answer)
        if n == 0 or n > anatomy.MAX_SHORT_ANSWER:
            problems.append(f"{page.where(short[0])}: the short answer has {n} sentences; "
                            f"write 1 to {anatomy.MAX_SHORT_ANSWER}")
    h1 = re.search(r"^# ", page.prose, re.M)
    if h1:
        problems.append(f"{page.where(page.prose[: h1.start()].count(chr(10)) + 1)}: "
                        "remove the `# ` heading; the title comes from the front matter")
    return problems


def _proof_map(page: Page) -> list[str]:
    """Every short-answer sentence links to a section of the page whose code asserts it."""
    short = page.section(anatomy.SHORT_ANSWER)
    if not short:
        return []
    headings = {h.anchor: h for h in page.headings}
    problems = []
    for n, sentence in enumerate(page.short_answer, 1):
        where = page.where(short[0])
        anchors = LINK.findall(sentence)
        if not anchors:
            problems.append(f"{where}: short-answer sentence {n} (\"{sentence[:50]}...\") links to no proof; "
                            "link a phrase to the section that asserts it: [the phrase](#heading-id)")
        for anchor in anchors:
            heading = headings.get(anchor)
            if heading is None:
                problems.append(f"{where}: short-answer sentence {n} links to #{anchor}, which no heading "
                                f"of this page has; headings here: {', '.join(sorted(headings))}")
                continue
            first, last = page.section_lines(heading)
            if not any(first <= b.line <= last and ASSERTS.search(b.content) for b in page.blocks):
                problems.append(f"{page.where(heading.line)}: the section #{anchor}, which short-answer "
                                f"sentence {n} links to, runs no `assert`; link to the section that proves it")
    return problems


def _code(page: Page) -> list[str]:
    problems = []
    for i, line in enumerate(page.text.splitlines(), 1):
        if re.match(r"^(\s+)(`{3,}|~{3,})\s*\{?\s*\.?(python3?|py)\b", line):
            problems.append(f"{page.where(i)}: indented python fence is never run by the tests; "
                            "use unindented `/// note` or `/// tab | Title` blocks instead of `!!!` or `===`")
    for n in page.stored_outputs:
        problems.append(f"{page.rel}:cell {n}: stored outputs; commit notebooks without outputs (the build runs them)")
    blocks = page.blocks
    for f in page.fences:
        if f.is_python and ("notest" in f.options or any(o.startswith("retry:") for o in f.options)):
            problems.append(f"{page.where(f.line)}: remove `notest`/`retry:`; every block runs, once")
        if f.is_python and not f.content.strip():
            problems.append(f"{page.where(f.line)}: empty python block")
    for b in blocks:
        if re.search(r"^\s*[%!]", b.content, re.M):
            problems.append(f"{page.where(b.line)}: IPython magic or shell escape; code is plain Python")
        for i, line in enumerate(b.content.splitlines(), b.line + 1):
            if len(line) > MAX_LINE:
                problems.append(f"{page.where(i)}: a code line of {len(line)} characters; keep code lines to "
                                f"{MAX_LINE}, so that none hides behind a scrollbar")
        if CATCHES.search(b.content) and not b.messages:
            problems.append(f"{page.where(b.line)}: this block catches an error or a warning but shows no message "
                            "the search can index; print it (`print(f\"{type(e).__name__}: {e}\")`) or assert it "
                            "(`assert \"...\" in message`), so that a learner who pastes it finds this page")
        if not page.is_notebook and re.search(r"\bprint\(", b.content) and b.output is None:
            problems.append(f"{page.where(b.line)}: this block prints but no output block follows; run `make update`")
    if not blocks:
        problems.append(f"{page.where(1)}: the page has no python block; prove the short answer with code")
    elif not any(ASSERTS.search(b.content) for b in blocks):
        problems.append(f"{page.where(blocks[0].line)}: no `assert` on the page; state each claim as an assertion")
    return problems + page.orphan_outputs()


def _meta_line(page: Page, needle) -> int:
    for i, line in enumerate(page.text.splitlines()[: page.meta_lines], 1):
        if str(needle) in line:
            return i
    return 1


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or all_sources()
    problems = [p for path in paths for p in lint(path)]
    print("\n".join(problems) if problems else f"{len(paths)} pages: no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
