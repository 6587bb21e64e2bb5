"""What a page is: its front matter, its code fences, its python blocks and their output blocks.

Fences are found with the same markdown-it parser and the same fence-info parser that
pytest-markdown-docs uses to collect them, so what we check is what the tests run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import parse_superfences_block_info

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
PYTHON_LANGS = {"py", "python", "python3"}
OUTPUT_FENCE = '```{.text title="Output"}'


class PageError(Exception):
    """A page that cannot be read; the message names the file, the line and the fix."""


@dataclass
class Fence:
    lang: str
    options: set[str]
    line: int  # 1-based line of the opening fence
    end_line: int  # 1-based line of the closing fence
    content: str
    output: "Fence | None" = None

    @property
    def is_python(self) -> bool:
        return self.lang in PYTHON_LANGS

    @property
    def continuation(self) -> bool:
        return "continuation" in self.options


@dataclass
class Page:
    path: Path
    text: str
    meta: dict
    meta_lines: int  # lines taken by the front matter, fences included
    fences: list[Fence] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def rel(self) -> str:
        try:
            return str(self.path.resolve().relative_to(ROOT))
        except ValueError:
            return str(self.path)

    @property
    def blocks(self) -> list[Fence]:
        """Python blocks in page order: exactly the fences pytest-markdown-docs collects."""
        return [f for f in self.fences if f.is_python and "notest" not in f.options]

    def chain(self, block: Fence) -> list[Fence]:
        """The blocks that run for `block`: it and the continuation chain before it."""
        blocks = self.blocks
        i = blocks.index(block)
        start = i
        while start > 0 and blocks[start].continuation:
            start -= 1
        return blocks[start : i + 1]

    @property
    def prose(self) -> str:
        """The text with every fenced line blanked (line numbers kept), so headings in code don't count."""
        lines = self.text.splitlines()
        for f in self.fences:
            for i in range(f.line - 1, min(f.end_line, len(lines))):
                lines[i] = ""
        return "\n".join(lines)

    def orphan_outputs(self) -> list[str]:
        """Output blocks that follow no python block: nothing could ever check or rewrite them."""
        attached = {id(b.output) for b in self.blocks if b.output is not None}
        return [f"{self.rel}:{f.line}: a `text` block with no python block right before it; "
                "output blocks follow the block that prints them" for f in self.fences
                if f.lang == "text" and id(f) not in attached]

    def block_at(self, line: int) -> Fence:
        for b in self.blocks:
            if b.line == line:
                return b
        raise PageError(f"{self.rel}:{line}: no python block starts on this line")

    def section(self, heading: str) -> tuple[int, str] | None:
        """(line, text) of the `## heading` section, up to the next heading of level 1 or 2."""
        lines = self.prose.splitlines()
        for i, line in enumerate(lines):
            if line.strip().lower() == f"## {heading}".lower():
                body = []
                for nxt in lines[i + 1 :]:
                    if re.match(r"#{1,2} ", nxt):
                        break
                    body.append(nxt)
                return i + 1, "\n".join(body).strip()
        return None


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def read_page(path: Path) -> Page:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise PageError(f"{path}:{line}: not valid UTF-8 ({e.reason}); save the file as UTF-8") from None
    meta, meta_lines = {}, 0
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            raise PageError(f"{path}:{line}: front matter is not valid YAML: {getattr(e, 'problem', e)}") from None
        if not isinstance(meta, dict):
            raise PageError(f"{path}:2: front matter must be a mapping of `key: value` lines")
        meta_lines = m.group(0).count("\n")
    page = Page(path=path, text=text, meta=meta, meta_lines=meta_lines)
    page.fences = _fences(page)
    return page


def _fences(page: Page) -> list[Fence]:
    lines = page.text.splitlines()
    fences: list[Fence] = []
    tokens = MarkdownIt("commonmark").parse(page.text)
    previous = None
    for tok in tokens:
        if tok.type != "fence" or not tok.map:
            previous = None
            continue
        info = parse_superfences_block_info(tok.info)
        start, stop = tok.map  # 0-based, stop is exclusive
        closing = stop  # 1-based line of the closing fence
        closing_text = lines[stop - 1].strip() if stop - 1 < len(lines) else ""
        if stop - 1 == start or not closing_text.startswith(tok.markup):
            raise PageError(
                f"{page.rel}:{start + 1}: the fence opened here is never closed; add a closing {tok.markup} line"
            )
        fence = Fence(
            lang=info[0] if info else "",
            options=set(info[1:]),
            line=start + 1,
            end_line=closing,
            content=tok.content,
        )
        # An output block is a `text` fence that follows a python fence with only blank lines between.
        if previous is not None and previous.is_python and fence.lang == "text":
            previous.output = fence
        fences.append(fence)
        previous = fence
    return fences


def all_pages() -> list[Path]:
    """Every markdown page that carries a question: docs/questions/*.md."""
    return sorted((DOCS / "questions").glob("*.md"))


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` in one step, so that a failure never leaves a half-written file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def all_notebooks() -> list[Path]:
    """Every exercise notebook: docs/exercises/*.ipynb."""
    return sorted((DOCS / "exercises").glob("*.ipynb"))


def read_notebook(path: Path) -> Page:
    """A notebook as a Page: its `faq` metadata as front matter, its markdown cells as text.

    Code cells are not fences here: notebooks are run by the notebook test and the build.
    """
    import json

    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PageError(f"{path}:1: not a readable notebook ({e}); save it with Jupyter or nbformat") from None
    meta = nb.get("metadata", {}).get("faq") or {}
    text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    page = Page(path=path, text=text, meta=meta, meta_lines=0)
    page.notebook = nb
    return page


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph. Inline code is masked while looking for the ends, so that
    `param.grad.zero_()` is not three sentences."""
    text = " ".join(text.split())
    masked = re.sub(r"`[^`]*`", lambda m: "`" + "x" * (len(m.group()) - 2) + "`", text)
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-Z(*_`\"'])", masked)]
    bounds = zip([0] + [e + 1 for e in ends], ends + [len(text)])
    return [text[a:b].strip() for a, b in bounds if text[a:b].strip()]


def short_answer_line(page: Page) -> str:
    """The first sentence of the page's short answer: the FAQ's one-line answer."""
    sec = page.section("Short answer")
    return sentences(sec[1])[0] if sec and sentences(sec[1]) else ""


def code_hash(path: Path) -> str:
    """A fingerprint of a page's or notebook's code, so a recorded test result is tied to the code it ran."""
    import hashlib

    path = Path(path)
    if path.suffix == ".ipynb":
        cells = read_notebook(path).notebook["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    else:
        code = "\n".join(b.content for b in read_page(path).blocks)
    return hashlib.sha256(code.encode()).hexdigest()[:16]
