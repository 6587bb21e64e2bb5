"""The page model: a question page (markdown) or an exercise notebook, read the same way.

A page has its front matter (a notebook: its `faq` metadata), its fences and python blocks with
their output blocks, its sections and headings. A notebook is read as the markdown document it
renders to: markdown cells as they are, each code cell a python block continuing the one before
(one kernel, one namespace). So every tool sees a notebook's code cells as it sees a page's blocks.

Fences are found with the same markdown-it parser and fence-info parser that pytest-markdown-docs
uses to collect them, so what we check is what the tests run.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml
from markdown.extensions.toc import slugify
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import parse_superfences_block_info

from tools.page.anatomy import DOCS, PYTHON_LANGS, ROOT, SHORT_ANSWER


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

    @property
    def messages(self) -> list[str]:
        """The error and warning messages this block demonstrates: the message lines of its output
        block, and the strings its asserts expect an error to contain."""
        printed = printed_messages(self.output.content, wrapped="textwrap.fill(" in self.content) if self.output else []
        return printed + asserted_messages(self.content)


@dataclass
class Heading:
    level: int
    text: str  # as written, markup included
    line: int
    anchor: str  # the id the built page gives it


@dataclass
class Page:
    path: Path
    text: str
    meta: dict
    meta_lines: int  # lines taken by the front matter, fences included
    fences: list[Fence] = field(default_factory=list)
    cells: list[int] | None = None  # a notebook's: the cell number of each line of `text`
    stored_outputs: list[int] = field(default_factory=list)  # a notebook's code cells saved with outputs

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def is_notebook(self) -> bool:
        return self.cells is not None

    @property
    def rel(self) -> str:
        try:
            return str(self.path.resolve().relative_to(ROOT))
        except ValueError:
            return str(self.path)

    def where(self, line: int) -> str:
        """`file:line` for a page, `file:cell N` for a notebook."""
        if self.cells is not None:
            return f"{self.rel}:cell {self.cells[min(max(line, 1), len(self.cells)) - 1]}"
        return f"{self.rel}:{line}"

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
    def code(self) -> str:
        """All the page's code, in order: what its fingerprint is taken of."""
        return "\n".join(b.content for b in self.blocks)

    def code_hash(self) -> str:
        """A fingerprint of the page's code, so that a recorded result is tied to the code it ran."""
        return hashlib.sha256(self.code.encode()).hexdigest()[:16]

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
        return [f"{self.where(f.line)}: a `text` block with no python block right before it; "
                "output blocks follow the block that prints them" for f in self.fences
                if f.lang == "text" and id(f) not in attached]

    def block_at(self, line: int) -> Fence:
        for b in self.blocks:
            if b.line == line:
                return b
        raise PageError(f"{self.rel}:{line}: no python block starts on this line")

    @property
    def headings(self) -> list[Heading]:
        found, seen = [], {}
        for i, line in enumerate(self.prose.splitlines(), 1):
            m = re.match(r"(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*#*\s*$", line)
            if m:
                anchor = heading_anchor(m.group(2))
                # Python-Markdown's toc makes repeated ids unique with a suffix.
                n = seen.get(anchor, 0)
                seen[anchor] = n + 1
                found.append(Heading(len(m.group(1)), m.group(2), i, anchor if n == 0 else f"{anchor}_{n}"))
        return found

    def section_lines(self, heading: Heading) -> tuple[int, int]:
        """The lines (first, last) of a heading's section, its subsections included."""
        after = [h for h in self.headings if h.line > heading.line and h.level <= heading.level]
        return heading.line, (after[0].line - 1 if after else len(self.text.splitlines()))

    def section(self, title: str) -> tuple[int, str] | None:
        """(line, text) of the `## title` section, up to the next heading of level 1 or 2."""
        lines = self.prose.splitlines()
        for i, line in enumerate(lines):
            if line.strip().lower() == f"## {title}".lower():
                body = []
                for nxt in lines[i + 1 :]:
                    if re.match(r"#{1,2} ", nxt):
                        break
                    body.append(nxt)
                return i + 1, "\n".join(body).strip()
        return None

    @property
    def short_answer(self) -> list[str]:
        """The sentences of the short answer."""
        sec = self.section(SHORT_ANSWER)
        return sentences(sec[1]) if sec else []

    @property
    def messages(self) -> list[str]:
        """Every error and warning message the page demonstrates: the message lines of its output
        blocks, and the strings its asserts expect an error to contain."""
        return list(self.demonstrations)

    @property
    def demonstrations(self) -> dict[str, list[str]]:
        """Each message the page demonstrates, with the code of every block that demonstrates it:
        the search compares each with the code of a pasted traceback."""
        found: dict[str, list[str]] = {}
        for b in self.blocks:
            for m in dict.fromkeys(m.strip() for m in b.messages):
                found.setdefault(m, []).append(b.content)
        return found

    @property
    def one_line_answer(self) -> str:
        """The first sentence of the short answer: the FAQ's one-line answer."""
        return (self.short_answer or [""])[0]


def without_proof_links(markdown: str) -> str:
    """A short-answer sentence for use off its page: `([proof](#x))` dropped, `[phrase](#x)` kept as
    its words (in-page anchors would dangle anywhere else)."""
    text = re.sub(r"\s*\(\[proof\]\(#[^)]*\)\)", "", markdown)
    return re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", text)


def heading_anchor(text: str) -> str:
    """The id mkdocs (and mkdocs-jupyter, which slugifies the same way) gives a heading."""
    rendered = markdown.markdown(text)
    plain = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    return slugify(plain, "-")


_STRING = r"""[rf]?(?:"[^"\n]*"|'[^'\n]*')"""
_STRINGS = rf"""\(?\s*((?:{_STRING}\s*)+?)\)?"""  # one string, or adjacent ones in parentheses
_ALL_STRINGS = _STRINGS.replace("+?", "+")  # the same, up to the last (where the line must end)
# What holds the error's text: `message` (or `str(e)`, `str(warning.message)`, or any name with
# `message`, `msg` or `text` in it, such as `message2` or `first_msg`).
_TARGET = r"""(?:str\(\w+(?:\.message)?\)|(?:\w*message\w*|\w*msg\w*|\w*text\w*)\b)"""
# `assert "..." in message`, `... and "..." in str(warning.message)`, for warnings
# `assert any("..." in m for m in warned)`, `assert message == "..."`, `assert message.startswith("...")`,
# and a name given the text first: `expected = ("..." "...")`, then `assert expected in message`.
_ASSERTED = re.compile(rf"""(?:assert\s+(?:any\(\s*)?|\band\s+){_STRINGS}\s+in\s+(?:{_TARGET}|\w+\s+for\s+\w+\s+in\s+\w*warn\w*\b)"""
                       rf"""|assert\s+{_TARGET}\s*==\s*{_ALL_STRINGS}\s*$"""
                       rf"""|assert\s+{_TARGET}\.startswith\(\s*{_STRINGS}\s*\)""", re.M)
_NAMED = re.compile(rf"""^(\w+)\s*=\s*{_ALL_STRINGS}\s*$""", re.M)


def asserted_messages(code: str) -> list[str]:
    """The messages a block's asserts expect an error or warning to contain (12 characters or more,
    and more than a class name: `text.startswith("RuntimeError: ")` names no error)."""
    named = {name: strings for name, strings in _NAMED.findall(code)}
    by_name = re.findall(rf"""assert\s+(\w+)\s+in\s+{_TARGET}""", code)
    found = []
    for strings in [next(filter(None, groups)) for groups in _ASSERTED.findall(code)] + \
            [named[n] for n in by_name if n in named]:
        text = "".join(s[s.index(s[-1]) + 1:-1] for s in re.findall(_STRING, strings))
        if len(text) >= 12 and not re.fullmatch(r"[\w.]*(?:Error|Warning|Exception):?\s*", text):
            found.append(text)
    return found


_MESSAGE = r"[\w.]*(?:Error|Warning|Exception): "  # how a printed error or warning line begins
_WRAPPED = 80  # the width pages wrap long messages to: textwrap.fill(f"{type(e).__name__}: {e}", 80)


def printed_messages(output: str, wrapped: bool) -> list[str]:
    """The error and warning messages in a block's output: each message line and, where the block
    wraps what it prints (`wrapped`), the lines textwrap broke it onto (the next word did not fit in
    80 columns). Otherwise a message is one line, and what the block prints next is not part of it."""
    found, lines = [], output.splitlines()
    for i, line in enumerate(lines):
        if re.match(_MESSAGE, line):
            parts = [line]
            for following in lines[i + 1:] if wrapped else []:
                words = following.split()
                if not words or re.match(_MESSAGE, following) or not (
                        len(parts[-1]) <= _WRAPPED < len(parts[-1]) + 1 + len(words[0])):
                    break
                parts.append(following)
            found.append(" ".join(" ".join(parts).split()))
    return found


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def read(path: Path) -> Page:
    """A page or a notebook, by its file name."""
    return read_notebook(path) if Path(path).suffix == ".ipynb" else read_page(path)


def read_page(path: Path) -> Page:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise PageError(f"{path}:{line}: not valid UTF-8 ({e.reason}); save the file as UTF-8") from None
    return page_from_text(path, text)


def page_from_text(path: Path, text: str) -> Page:
    """The page at `path` as if it held `text` (a page whose output blocks are about to be rewritten)."""
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


def read_notebook(path: Path) -> Page:
    """A notebook as the markdown it renders to: see the module's docstring."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as e:
        raise PageError(f"{path}:1: not a readable notebook ({e}); save it with Jupyter or nbformat") from None
    parts, owner, first_code = [], [], True
    for number, cell in enumerate(cells, 1):
        source = "".join(cell.get("source", [])).rstrip("\n")
        if cell.get("cell_type") == "code":
            options = "{.python}" if first_code else "{.python continuation}"
            first_code = False
            # Four backticks: a cell may hold a triple-backtick string.
            source = f"````{options}\n{source}\n````"
        elif cell.get("cell_type") != "markdown":
            continue
        part = source + "\n\n"
        parts.append(part)
        owner += [number] * part.count("\n")
    page = Page(path=path, text="".join(parts), meta=nb.get("metadata", {}).get("faq") or {}, meta_lines=0,
                cells=owner or [1])
    page.stored_outputs = [n for n, c in enumerate(cells, 1) if c.get("cell_type") == "code"
                           and (c.get("outputs") or c.get("execution_count") is not None)]
    page.fences = _fences(page)
    return page


@functools.lru_cache(maxsize=256)
def _fence_tokens(text: str) -> tuple:
    """The markdown parser's fence tokens of a text (parsing is the slow part of reading a page; the
    build and the tests read the same pages many times)."""
    return tuple(MarkdownIt("commonmark").parse(text))


def _fences(page: Page) -> list[Fence]:
    lines = page.text.splitlines()
    fences: list[Fence] = []
    tokens = _fence_tokens(page.text)
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
                f"{page.where(start + 1)}: the fence opened here is never closed; add a closing {tok.markup} line"
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


def all_pages(docs: Path = DOCS) -> list[Path]:
    """Every markdown page that carries a question: docs/questions/*.md."""
    return sorted((Path(docs) / "questions").glob("*.md"))


def all_notebooks(docs: Path = DOCS) -> list[Path]:
    """Every exercise notebook: docs/exercises/*.ipynb."""
    return sorted((Path(docs) / "exercises").glob("*.ipynb"))


def all_sources(docs: Path = DOCS) -> list[Path]:
    return all_pages(docs) + all_notebooks(docs)


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` in one step, so that a failure never leaves a half-written file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph. Inline code and link targets are masked while looking for
    the ends, so that `param.grad.zero_()` is not three sentences."""
    text = " ".join(text.split())
    masked = re.sub(r"`[^`]*`|\]\([^)]*\)", lambda m: m.group()[0] + "x" * (len(m.group()) - 2) + m.group()[-1], text)
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-Z(*_`\"'\[])", masked)]
    bounds = zip([0] + [e + 1 for e in ends], ends + [len(text)])
    return [text[a:b].strip() for a, b in bounds if text[a:b].strip()]
