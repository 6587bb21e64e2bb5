"""mkdocs hooks: what every page derives from its front matter (or notebook metadata) and the snippets.

Pages hold only what is written by hand. The "Also asked as" list, the link to the page's script,
a notebook's title and tags, and the FAQ's one-line answers are made here from the pages themselves,
never retyped.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import yaml
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.compat import verified_versions  # noqa: E402
from tools.pages import all_notebooks, all_pages, read_notebook, read_page, short_answer_line  # noqa: E402

# FAQ groups, in reading order: a page goes under the group of its first tag.
TOPICS = {
    "optimization": "Training and the SGD update",
    "autograd": "Gradients and autograd",
    "in-place": "In-place operations",
    "python": "Python itself",
    "data-loading": "Data and minibatches",
    "loss-functions": "Loss functions",
    "initialization": "Initialization",
    "modeling": "Modeling with linear regression",
    "plotting": "Plotting",
    "tooling": "Finding your way in PyTorch",
}


def on_files(files, config):
    # Serve snippets/<slug>.py at /snippets/<slug>.py so that pages can link to them.
    for script in sorted((ROOT / "snippets").glob("*.py")):
        files.append(File(f"snippets/{script.name}", str(ROOT), config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_read_source(page, config):
    # A notebook has no front matter: give mkdocs (title) and the tags plugin its `faq` metadata as one.
    if page.file.src_uri.endswith(".ipynb"):
        meta = read_notebook(Path(page.file.abs_src_path)).meta
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
    return None


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md":
        return markdown.replace("<!-- faq -->", faq())
    if not page.file.src_uri.startswith("questions/"):
        return markdown
    slug = Path(page.file.src_uri).stem
    markdown = markdown.replace(
        "## Proof\n",
        "## Proof\n\nEvery block below runs in the test suite exactly as shown, and the output under it is what it "
        f"printed. All of this page's code as one script: [`{slug}.py`](../snippets/{slug}.py). "
        f"{verified_line(page)}\n",
        1,
    )
    return f"{markdown.rstrip()}\n\n{also_asked_markdown(page.meta)}\n\nFrom the forum thread: <{page.meta['source']}>\n"


def verified_line(page) -> str:
    # From `make compat`'s record, and only for the code that was tested.
    versions = verified_versions(Path(page.file.abs_src_path))
    return f"Verified with torch {', '.join(versions)}." if versions else "Not yet verified with `make compat`."


def also_asked_markdown(meta) -> str:
    # Each phrasing is a small heading, so that the search weighs it like a title: a learner who
    # types one of them lands on this page.
    items = "\n\n".join(f"### {q} {{ .also-asked }}" for q in meta.get("also_asked") or [])
    return f"## Also asked as\n\n{items}"


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    slug = Path(page.file.src_uri).stem
    # mkdocs-jupyter leaves a notebook's links as written for Jupyter (`../questions/x.md`,
    # `y.ipynb`); the page itself lives at exercises/<slug>/, so point them at the built pages.
    content = re.sub(r'href="\.\./questions/([\w-]+)\.md(#[^"]*)?"', r'href="../../questions/\1/\2"', content)
    content = re.sub(r'href="([\w-]+)\.ipynb(#[^"]*)?"', r'href="../\1/\2"', content)
    # Material's search puts every code cell into the page's first section (cells are siblings of
    # the headings' cells), where its top-level boost lets a notebook's code outrank any answer.
    # Index the notebook's prose, not its code and printed output. The flag goes on <pre>, which
    # does not nest: Material's parser ends an exclusion at the first closing tag of the same name.
    content = re.sub(r"<pre(?=[ >])", "<pre data-search-exclude", content)
    content = content.replace('class="clipboard-copy-txt"', 'data-search-exclude class="clipboard-copy-txt"')  # the copy button's text
    also = "".join(f'<h3 class="also-asked" id="also-asked-{i}">{html.escape(q)}</h3>'
                   for i, q in enumerate(page.meta.get("also_asked") or [], 1))
    source = html.escape(page.meta.get("source", ""))
    return (
        f'<p>This exercise is a notebook, run from top to bottom at every build: '
        f'<a href="{slug}.ipynb" download>download {slug}.ipynb</a> to run it yourself. '
        f'{html.escape(verified_line(page))}</p>\n{content}\n'
        f'<h2 id="also-asked-as">Also asked as</h2>\n{also}\n'
        f'<p>From the forum thread: <a href="{source}">{source}</a></p>\n'
    )


def faq() -> str:
    """Every question, grouped by topic, with its one-line answer taken from its own short answer."""
    entries = [(read_page(p), f"questions/{p.name}") for p in all_pages()]
    entries += [(read_notebook(p), f"exercises/{p.name}") for p in all_notebooks()]
    groups: dict[str, list[str]] = {topic: [] for topic in TOPICS}
    for page, link in entries:
        tags = page.meta.get("tags") or []
        topic = next((t for t in tags if t in TOPICS), "tooling")
        kind = " *(exercise)*" if link.startswith("exercises/") else ""
        groups[topic].append(f"- **[{page.meta.get('title', page.slug)}]({link})**{kind}  \n  {short_answer_line(page)}")
    return "\n\n".join(f"## {TOPICS[t]}\n\n" + "\n".join(items) for t, items in groups.items() if items)
