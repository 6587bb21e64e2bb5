"""mkdocs hooks: what every page derives from the page model (tools/page/), never retyped.

The "Also asked as" list, the link to the page's script, the versions it was verified with, a
notebook's title and tags, and the FAQ's one-line answers are made here from the pages themselves.
Everything taken from front matter goes into HTML escaped: a title or a phrasing is text, never markup.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import yaml
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tools.derive.verified import verified_versions  # noqa: E402
from tools.page import anatomy  # noqa: E402
from tools.site import downloads, notebook, search  # noqa: E402
from tools.page.model import all_notebooks, all_pages, read, without_proof_links  # noqa: E402


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    # The sidebar (and Previous/Next) in the FAQ's reading order: the questions under the FAQ's
    # topics (anatomy.TOPICS; a page goes under its first tag that has one), then the exercises.
    questions: dict[str, list[str]] = {t: [] for t in anatomy.TOPICS}
    exercises: dict[str, list[str]] = {t: [] for t in anatomy.TOPICS}
    for path in all_pages(Path(config["docs_dir"])) + all_notebooks(Path(config["docs_dir"])):
        model = read(path)
        group = exercises if model.is_notebook else questions
        group[anatomy.topic(model.meta.get("tags"))].append(f"{path.parent.name}/{path.name}")
    config["nav"] = [
        "index.md",
        {"Questions": [{anatomy.TOPICS[t]: in_parts(items)} for t, items in questions.items() if items]},
        {"Exercises": in_parts([item for items in exercises.values() for item in items])},
    ]
    return config


NAV_PART = 40  # the most links a sidebar section lists


def in_parts(items: list[str]) -> list:
    """A long section as sub-sections of NAV_PART pages, in order ("Pages 41–80"). Every page lists
    the pages of its own section in the sidebar, so without parts a topic of 700 questions would put
    700 links, about 200 KB, in each of its pages (and the site would grow with the square)."""
    if len(items) <= NAV_PART:
        return items
    return [{f"Pages {i + 1}–{min(i + NAV_PART, len(items))}": items[i:i + NAV_PART]}
            for i in range(0, len(items), NAV_PART)]


def on_files(files, config):
    # Serve snippets/<slug>.py at /snippets/<slug>.py so that pages can link to them.
    root = _root(config)
    for script in sorted((root / "snippets").glob("*.py")):
        files.append(File(f"snippets/{script.name}", str(root), config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_read_source(page, config):
    # A notebook has no front matter: give mkdocs (title) and the tags plugin its `faq` metadata as one.
    if page.file.src_uri.endswith(".ipynb"):
        meta = dict(read(Path(page.file.abs_src_path)).meta)
        meta["title"] = html.escape(str(meta.get("title", "")))
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
    return None


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md":
        archive = (f'All the code of the site in one archive: <a href="{downloads.ARCHIVE}" download>'
                   f'{Path(downloads.ARCHIVE).name}</a> (every question page as a script and as a notebook, '
                   'and the exercise notebooks).')
        return markdown.replace("<!-- faq -->", f"{archive}\n\n{faq(Path(config['docs_dir']))}")
    if not page.file.src_uri.startswith("questions/"):
        return markdown
    model = read(Path(page.file.abs_src_path))
    # Titles reach the HTML through templates that do not escape (mkdocs' Jinja has no autoescape).
    page.meta["title"] = html.escape(str(model.meta.get("title", "")))
    lines = markdown.split("\n")
    proof = model.section(anatomy.PROOF)
    # mkdocs hands over the text after the front matter: count lines from the end, which both share.
    at = proof[0] - 1 - (len(model.text.split("\n")) - len(lines)) if proof else -1
    if not (0 <= at < len(lines) and lines[at].strip() == f"## {anatomy.PROOF}"):
        raise ValueError(f"{model.rel}: no `## {anatomy.PROOF}` heading where the page model found it")
    slug = model.slug
    lines.insert(at + 1, (
        f"\nEvery block below runs in the test suite exactly as shown, and the output under it is what it "
        f"printed. All of this page's code as one script: [`{slug}.py`](../snippets/{slug}.py), or as a "
        f'notebook: <a href="{slug}.ipynb" download><code>{slug}.ipynb</code></a>. '
        f"{verified_line(model)}\n"))
    return (f"{chr(10).join(lines).rstrip()}\n\n{also_asked_markdown(model.meta)}\n\n"
            f"From the forum thread: <{html.escape(model.meta['source'])}>\n\n"
            f"{search.abbreviations(Path(config['docs_dir']))}\n")


def on_post_build(config):
    # After Material's search plugin has written its index (hooks run after plugins).
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.exists():
        search.enrich(index, Path(config["docs_dir"]))
    downloads.write(Path(config["site_dir"]), Path(config["docs_dir"]), _root(config) / "snippets")


def verified_line(model) -> str:
    # From the verified-with record, and only for the code that was tested.
    versions = verified_versions(model)
    return f"Verified with torch {', '.join(versions)}." if versions else "Not yet verified: run `make update`."


def also_asked_markdown(meta) -> str:
    # Each phrasing is a small heading, so that the search weighs it like a title: a learner who
    # types one of them lands on this page.
    items = "\n\n".join(f"### {html.escape(str(q))} {{ .also-asked }}" for q in meta.get("also_asked") or [])
    return f"## Also asked as\n\n{items}"


_plots: dict[str, dict[str, bytes]] = {}  # a notebook page's plots, written beside it by on_post_page


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        # Math (pymdownx.arithmatex) is typeset by KaTeX, loaded only where there is math.
        return content + math_script(page) if 'class="arithmatex"' in content else content
    model = read(Path(page.file.abs_src_path))
    slug = model.slug
    content, toc, has_math, _plots[page.file.src_uri] = notebook.rewrite(content)
    # mkdocs-jupyter leaves a notebook's links as written for Jupyter (`../questions/x.md`,
    # `y.ipynb`); the page itself lives at exercises/<slug>/, so point them at the built pages.
    content = re.sub(r'href="\.\./questions/([\w-]+)\.md(#[^"]*)?"', r'href="../../questions/\1/\2"', content)
    content = re.sub(r'href="([\w-]+)\.ipynb(#[^"]*)?"', r'href="../\1/\2"', content)
    # Material's search puts every code cell into the page's first section (cells are siblings of
    # the headings' cells), where its top-level boost lets a notebook's code outrank any answer.
    # Index the notebook's prose, not its code and printed output: notebook.rewrite() flags each <pre>
    # with data-search-exclude (<pre> does not nest: Material's parser ends an exclusion at the
    # first closing tag of the same name).
    also = "".join(f'<h3 class="also-asked" id="also-asked-{i}">{html.escape(str(q))}</h3>'
                   for i, q in enumerate(model.meta.get("also_asked") or [], 1))
    page.toc = get_toc(toc + [{"level": 2, "id": "also-asked-as", "name": "Also asked as", "children": []}])
    source = html.escape(str(model.meta.get("source", "")))
    return (
        f'<p>This exercise is a notebook, run from top to bottom at every build: '
        f'<a href="{slug}.ipynb" download>download {slug}.ipynb</a> to run it yourself. '
        f'{html.escape(verified_line(model))}</p>\n{content}\n'
        f'<h2 id="also-asked-as">Also asked as</h2>\n{also}\n'
        f'<p>From the forum thread: <a href="{source}">{source}</a></p>\n'
        + (math_script(page) if has_math else "")
    )


def on_post_page(output, page, config):
    for name, data in _plots.pop(page.file.src_uri, {}).items():
        dest = Path(page.file.abs_dest_path).parent / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    return output


def math_script(page) -> str:
    return f'<script src="{get_relative_url("assets/javascripts/katex/load.js", page.url)}"></script>\n'


def faq(docs: Path) -> str:
    """Every question, grouped by topic, with its one-line answer taken from its own short answer."""
    groups: dict[str, list[str]] = {t: [] for t in anatomy.TOPICS}
    for path in all_pages(docs) + all_notebooks(docs):
        model = read(path)
        link = f"{path.parent.name}/{path.name}"
        kind = " *(exercise)*" if model.is_notebook else ""
        title = html.escape(str(model.meta.get("title", model.slug)))
        # The one-line answer links to its proofs on its own page; in the FAQ those links would dangle.
        answer = without_proof_links(model.one_line_answer)
        groups[anatomy.topic(model.meta.get("tags"))].append(f"- **[{title}]({link})**{kind}  \n  {answer}")
    return "\n\n".join(f"## {anatomy.TOPICS[t]}\n\n" + "\n".join(items) for t, items in groups.items() if items)
