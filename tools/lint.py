"""Content lint: the rules of DESIGN.md a page must follow, every problem reported at once.

Usage: python -m tools.lint [PAGE ...]   (default: every page under docs/questions)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from tools.pages import ROOT, PageError, all_pages, read_page

REQUIRED = ("title", "tags", "source", "also_asked")
SECTIONS = ("Short answer", "Proof", "Why", "What the thread said", "In today's PyTorch", "See also")
THREAD = "https://discuss.d2l.ai/t/43"


def allowed_tags() -> set[str]:
    """The tag vocabulary, kept once in mkdocs.yml where Material's tags plugin enforces it too."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "tags" in plugin:
            return set(plugin["tags"]["tags_allowed"])
    raise RuntimeError("mkdocs.yml: the tags plugin has no tags_allowed list")


def sentences(text: str) -> list[str]:
    # Drop inline code first so that `param.grad.zero_()` is not three sentences.
    plain = re.sub(r"`[^`]*`", "code", text)
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(*_`\"'])", plain.strip()) if s.strip()]


def lint(path: Path) -> list[str]:
    """Every problem of the page, each as `file:line: what is wrong; what to do`."""
    try:
        page = read_page(path)
    except PageError as e:
        return [str(e)]
    where = lambda line: f"{page.rel}:{line}"  # noqa: E731
    problems = []

    if page.meta_lines == 0:
        problems.append(f"{where(1)}: no front matter; start the page with a --- block holding {', '.join(REQUIRED)}")
    for key in REQUIRED:
        if page.meta_lines and not page.meta.get(key):
            problems.append(f"{where(1)}: front matter lacks `{key}`; add it (see README, 'Add a question')")
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

    # Sections, in the order of the page anatomy.
    found = []
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
    if re.search(r"^# ", page.text, re.M):
        problems.append(f"{where(page.text[: re.search(r'^# ', page.text, re.M).start()].count(chr(10)) + 1)}: "
                        "remove the `# ` heading; the title comes from the front matter")

    # Code rules.
    for i, line in enumerate(page.text.splitlines(), 1):
        m = re.match(r"^(\s+)(`{3,}|~{3,})\s*\{?\s*\.?(python3?|py)\b", line)
        if m:
            problems.append(f"{where(i)}: indented python fence is never run by the tests; "
                            "use unindented `/// note` or `/// tab | Title` blocks instead of `!!!` or `===`")
    blocks = page.blocks
    for f in page.fences:
        if f.is_python and ("notest" in f.options or any(o.startswith("retry:") for o in f.options)):
            problems.append(f"{where(f.line)}: remove `notest`/`retry:`; every block runs, once")
        if f.lang == "python" and f.content.lstrip().startswith("```"):
            problems.append(f"{where(f.line)}: fence inside a fence")
        if f.is_python and not f.content.strip():
            problems.append(f"{where(f.line)}: empty python block")
    if not blocks:
        problems.append(f"{where(1)}: the page has no python block; prove the short answer with code")
    elif not any(re.search(r"^\s*assert\b", b.content, re.M) for b in blocks):
        problems.append(f"{where(blocks[0].line)}: no `assert` on the page; state each claim as an assertion")
    for b in blocks:
        if re.search(r"\bprint\(", b.content) and b.output is None:
            problems.append(f"{where(b.line)}: this block prints but no output block follows; run `make outputs`")
    problems += page.orphan_outputs()
    return problems


def _meta_line(page, needle) -> int:
    for i, line in enumerate(page.text.splitlines()[: page.meta_lines], 1):
        if str(needle) in line:
            return i
    return 1


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or all_pages()
    problems = [p for path in paths for p in lint(path)]
    print("\n".join(problems) if problems else f"{len(paths)} pages: no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
