"""A notebook page as the question pages' own markup: mkdocs-jupyter's HTML, rewritten.

mkdocs-jupyter (nbconvert's lab template) wraps each cell in Jupyter's layout, shows `In [n]:`
prompts, and inlines about 575 KB of Jupyter CSS and scripts into every page. Here a code cell
becomes a Material code block (Material's colours, copy button and dark mode), each output an
"Output" panel like the `{.text title="Output"}` blocks of the question pages, a markdown cell its
own HTML, and the rest (Jupyter's styles and scripts) is dropped: the site's stylesheets apply.
"""
from __future__ import annotations

import base64
import re

from bs4 import BeautifulSoup, Tag

MAX_LINE = 88  # characters: CONTRIBUTING.md's limit for code lines
TEXT_OUTPUTS = {"text/plain", "application/vnd.jupyter.stdout", "application/vnd.jupyter.stderr"}
# The math delimiters of the notebooks' markdown (see docs/assets/javascripts/katex/load.js).
MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")


def _block(soup, pre: Tag, classes: str, title: str | None = None) -> Tag:
    """Material's code block: <div class="highlight"><span class="filename">..</span><pre><code>."""
    div = soup.new_tag("div", attrs={"class": classes})
    if title:
        label = soup.new_tag("span", attrs={"class": "filename"})
        label.string = title
        div.append(label)
    # Material's search must not index code or printed output (see tools/site/hooks.py).
    new_pre = soup.new_tag("pre", attrs={"data-search-exclude": ""})
    code = soup.new_tag("code")
    for child in list(pre.contents):
        code.append(child.extract())
    # Pygments wraps every name in <span class="n">, which Material colours as plain code
    # (--md-code-hl-name-color is --md-code-fg-color): a third of a notebook's spans, 60 KiB of
    # learning-rate's HTML, for no colour. tests/test_reading.py checks that the colours stay.
    for name in code.find_all("span", class_="n", recursive=False):
        name.unwrap()
    new_pre.append(code)
    div.append(new_pre)
    return div


def _output(soup, output: Tag) -> list[Tag]:
    mime = output.get("data-mime-type", "")
    pre = output.find("pre")
    if mime in TEXT_OUTPUTS and pre is not None:
        # Code lines are at most 88 characters (the lint), and so is the column at 1280 px with
        # extra.css's 0.76em; a longer printed line gets a smaller font, not a scrollbar or a wrap.
        longest = max(map(len, pre.get_text().split("\n")))
        block = _block(soup, pre, "highlight", "Output")
        if longest > MAX_LINE:
            block.code["style"] = f"font-size: {0.76 * MAX_LINE / longest:.3f}em"
        return [block]
    # Plots and any rich output: their own HTML, without Jupyter's wrapper.
    return [c.extract() for c in list(output.children) if isinstance(c, Tag)]


def _streams_joined(outputs: list[Tag]) -> list[Tag]:
    """One output per stretch of the same text stream: the kernel sends what a cell prints in as many
    pieces as it happens to flush (it depends on timing), so the page would show one cell's printout
    as one panel or as two from one build to the next."""
    joined: list[Tag] = []
    for output in outputs:
        mime, pre = output.get("data-mime-type", ""), output.find("pre")
        last = joined[-1] if joined else None
        if (last is not None and mime in TEXT_OUTPUTS and pre is not None and last.find("pre") is not None
                and last.get("data-mime-type", "") == mime):
            target = last.find("pre")
            for child in list(pre.contents):
                target.append(child.extract())
            continue
        joined.append(output)
    return joined


LABELS = re.compile(r"""(?:\b(title|xlabel|ylabel)\s*=\s*|set_(title|xlabel|ylabel)\(\s*|suptitle\(\s*)[fr]*(["'])(.+?)\3""", re.S)


def describe(code: str) -> str:
    """Alt text for the plot a code cell draws, from the titles and axis labels its code sets."""
    found: dict[str, list[str]] = {"title": [], "xlabel": [], "ylabel": []}
    for m in LABELS.finditer(code):
        kind = m.group(1) or m.group(2) or "title"
        text = re.sub(r"\{[^}]*\}", "…", m.group(4)).replace("\\n", " ").strip()
        if text not in found[kind]:
            found[kind].append(text)
    parts = [f"Plot: {'; '.join(found['title'])}." if found["title"] else "Plot."]
    if found["ylabel"] or found["xlabel"]:
        parts.append(f"{' / '.join(found['ylabel']) or 'value'} against {' / '.join(found['xlabel']) or 'index'}.")
    return " ".join(parts)


def _heading_links(soup, root: Tag) -> None:
    # Jupyter's "¶" anchor becomes Material's permalink, styled and labelled like the question pages'.
    for a in root.select("a.anchor-link"):
        a["class"] = "headerlink"
        a["title"] = "Permanent link"


def rewrite(content: str) -> tuple[str, list[dict], bool, dict[str, bytes]]:
    """The page's HTML, its table of contents (mkdocs toc tokens), whether it has math, and its plots
    as files to write beside it."""
    # nbconvert's inline Jupyter CSS is over half the HTML and none of it is kept: skip parsing it.
    soup = BeautifulSoup(re.sub(r"<style\b[^>]*>.*?</style>", "", content, flags=re.S), "html.parser")
    out = BeautifulSoup("", "html.parser")
    has_math = False
    for cell in soup.select(".jp-Notebook > .jp-Cell"):
        if "jp-MarkdownCell" in cell["class"]:
            body = cell.select_one(".jp-RenderedMarkdown")
            has_math = has_math or bool(MATH.search(body.get_text()))
            _heading_links(soup, body)
            for child in list(body.contents):
                out.append(child.extract())
        elif "jp-CodeCell" in cell["class"]:
            source = cell.select_one(".jp-InputArea-editor pre")
            alt = describe(source.get_text()) if source is not None else "Plot."
            if source is not None:
                out.append(_block(soup, source, "language-python highlight"))
            for output in _streams_joined(cell.select(".jp-OutputArea-output")):
                for node in _output(soup, output):
                    for img in [node] if node.name == "img" else node.find_all("img"):
                        img["alt"] = alt  # nbconvert's is "No description has been provided for this image"
                        # On a phone a plot keeps its size, so its labels stay readable, and scrolls
                        # sideways in its own box (focusable, so a keyboard can scroll it too).
                        box = soup.new_tag("div", attrs={"class": "plot", "tabindex": "0", "role": "region",
                                                         "aria-label": alt})
                        if img is node:
                            box.append(img)
                            node = box
                        else:
                            img.wrap(box)
                    out.append(node)
    plots = _plot_files(out)
    return str(out), toc_tokens(out), has_math, plots


def _plot_files(soup) -> dict[str, bytes]:
    # A plot inlined as base64 is a third bigger than the PNG, is fetched again with every visit of
    # the page, and made a page with five plots 400 KiB of HTML: serve each as its own file.
    files = {}
    for img in soup.find_all("img", src=re.compile(r"^data:image/png;base64,")):
        name = f"plot-{len(files) + 1}.png"
        files[name] = base64.b64decode(img["src"].split(",", 1)[1])
        img["src"] = name
    return files


def toc_tokens(soup, depth: int = 2) -> list[dict]:
    """h2 (to `depth`) headings as mkdocs toc tokens, their inline code kept (mkdocs-jupyter's own
    table of contents drops it, and its anchors then miss the headings)."""
    tokens: list[dict] = []
    for h in soup.find_all([f"h{n}" for n in range(2, depth + 1)]):
        if not h.get("id"):
            continue
        name = "".join(str(c) for c in h.contents if not (isinstance(c, Tag) and "headerlink" in c.get("class", [])))
        token = {"level": int(h.name[1]), "id": h["id"], "name": name.strip(), "children": []}
        parent = tokens
        while parent and parent[-1]["level"] < token["level"]:
            parent = parent[-1]["children"]
        parent.append(token)
    return tokens
