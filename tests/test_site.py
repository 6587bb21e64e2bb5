"""The strict build, and what the built site must and must not contain."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tools.page.model import all_notebooks, all_pages


def test_strict_build_has_no_warnings(site):
    problems = [line for line in site.log.splitlines() if re.match(r"^(WARNING|ERROR)\b", line)]
    assert not problems, "\n".join(problems)


class Resources(HTMLParser):
    """Every URL the browser would load by itself: scripts, styles, fonts, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) - {"canonical", "alternate", "prev", "next"}:
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        for url in re.findall(r"url\(['\"]?([^'\")]+)", a.get("style") or ""):
            self.urls.append(url)


def external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url)) and not re.match(r"^(https?:)?//(127\.0\.0\.1|localhost)[:/]", url)


def test_no_resource_from_another_host(site):
    found = []
    for page in site.dir.rglob("*.html"):
        parser = Resources()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        found += [f"{page.relative_to(site.dir)}: {u}" for u in parser.urls if external(u)]
        found += [f"{page.relative_to(site.dir)}: {u}" for u in re.findall(r"@import\s+url\(['\"]?([^'\")]+)", text) if external(u)]
    for css in site.dir.rglob("*.css"):
        found += [f"{css.relative_to(site.dir)}: {u}" for u in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text()) if external(u)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", all_pages(), ids=lambda p: p.stem)
def test_question_page_links_its_snippet(site, path):
    html = (site.dir / "questions" / path.stem / "index.html").read_text(encoding="utf-8")
    assert f'href="../../snippets/{path.stem}.py"' in html
    assert (site.dir / "snippets" / f"{path.stem}.py").read_text() == (Path("snippets") / f"{path.stem}.py").read_text()
    assert "Also asked as" in html


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.stem)
def test_notebook_page_is_executed_and_downloadable(site, path):
    page = site.dir / "exercises" / path.stem
    html = (page / "index.html").read_text(encoding="utf-8")
    assert (page / path.name).read_bytes() == path.read_bytes()
    assert f'href="{path.name}" download' in html and "Also asked as" in html
    # Plots are served as files beside the page (tools/site/notebook.py), not inlined.
    plots = re.findall(r'<img[^>]* src="(plot-\d+\.png)"', html)
    assert plots and all((page / p).read_bytes().startswith(b"\x89PNG") for p in plots), "the executed notebook shows no plot"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_internal_links_resolve(site):
    """Every link from one page of the site to another (or to a download) reaches a file."""
    broken = []
    for page in site.dir.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            target = href.split("#")[0].split("?")[0]
            if not target or re.match(r"^[a-z]+:", target):
                continue
            path = (site.dir / target.lstrip("/") if target.startswith("/") else page.parent / target).resolve()
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{page.relative_to(site.dir)}: {href}")
    assert not broken, "\n".join(sorted(set(broken)))


def test_material_uses_the_sites_search_worker(site):
    """tools/site/theme/main.html swaps Material's worker (a hashed file name) for search-worker.js;
    after a Material upgrade the name may change and the swap would silently do nothing."""
    html = (site.dir / "questions" / "zero-grad" / "index.html").read_text(encoding="utf-8")
    assert '"search": "../../assets/javascripts/search-worker.js"' in html, re.findall(r'"search": "[^"]*"', html)
    index = json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    slugs = {p["location"].split("/")[1] for p in index["config"]["pages"]}
    assert slugs == {p.stem for p in all_pages() + all_notebooks()}
    assert all(p["title"] and p["also"] for p in index["config"]["pages"])
    more = json.loads((site.dir / "search" / index["config"]["more"]).read_text(encoding="utf-8"))
    assert set(more) == {p["location"] for p in index["config"]["pages"]}
    assert all(m["sections"] for m in more.values())
    second = json.loads((site.dir / "search" / index["config"]["more_index"]).read_text(encoding="utf-8"))
    assert list(second["documentIds"].values()) == [p["location"] for p in index["config"]["pages"]]
    titles = [d["title"] for d in index["docs"]] + [s[1] for m in more.values() for s in m["sections"]]
    assert not any("¶" in t or "In [" in t for t in titles)


@pytest.mark.parametrize("path", all_pages(), ids=lambda p: p.stem)
def test_question_page_downloads_as_its_code_in_a_notebook(site, path):
    """The notebook's cells are the page's blocks, in order, without outputs. Run in one namespace,
    as a kernel runs them, they are the page's snippet (its blocks in order, in one namespace),
    which test_pages proves equal to the page and runs as a standalone program."""
    from tools.page.model import read_notebook, read_page

    built = site.dir / "questions" / path.stem / f"{path.stem}.ipynb"
    notebook = read_notebook(built)
    assert [b.content.rstrip("\n") for b in notebook.blocks] == [b.content.rstrip("\n") for b in read_page(path).blocks]
    assert notebook.meta == {} and not notebook.stored_outputs


def test_the_archive_holds_all_the_code(site):
    import zipfile

    from tools.site.downloads import ARCHIVE

    names = set(zipfile.ZipFile(site.dir / ARCHIVE).namelist())
    expected = ({f"scripts/{p.stem}.py" for p in all_pages()} | {f"questions/{p.stem}.ipynb" for p in all_pages()}
                | {f"exercises/{p.name}" for p in all_notebooks()})
    assert names == expected, names ^ expected
    assert f'href="{ARCHIVE}" download' in (site.dir / "index.html").read_text(encoding="utf-8")


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.stem)
def test_every_plot_has_alt_text(site, path):
    parser = Images()
    parser.feed((site.dir / "exercises" / path.stem / "index.html").read_text(encoding="utf-8"))
    assert parser.alts, "no plot on the page"
    bad = [a for a in parser.alts if len(a) < 10 or "No description has been provided" in a]
    assert not bad, bad


def test_the_private_notebook_cache_api_is_still_there():
    """tools/site/notebook_runs.py fills mkdocs-jupyter's cache through its private functions (pinned exactly)."""
    try:
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path, _get_nb_toc_tokens  # noqa: F401
    except ImportError as e:
        pytest.fail("mkdocs-jupyter changed the private cache functions tools/site/notebook_runs.py uses; keep the "
                    f"pin in requirements.txt or port the hook: {e}")



def test_a_long_sidebar_section_is_split_into_parts_in_order():
    from tools.site.hooks import NAV_PART, in_parts

    short = [f"questions/q{i}.md" for i in range(NAV_PART)]
    assert in_parts(short) == short  # today's topics: unchanged
    long = [f"questions/q{i}.md" for i in range(2 * NAV_PART + 15)]
    parts = in_parts(long)
    assert [next(iter(p)) for p in parts] == [f"Pages 1–{NAV_PART}", f"Pages {NAV_PART + 1}–{2 * NAV_PART}",
                                              f"Pages {2 * NAV_PART + 1}–{2 * NAV_PART + 15}"]
    assert [item for p in parts for item in next(iter(p.values()))] == long


@pytest.mark.parametrize("path", sorted((Path(__file__).parent / "search").glob("*.tsv")), ids=lambda p: p.name)
def test_every_query_set_names_only_pages_of_the_site(path):
    """A misspelt or renamed slug in a query set would count as a search miss: read_queries refuses it."""
    from tools.measure.search_eval import read_queries

    slugs = {p.stem for p in all_pages() + all_notebooks()}
    assert read_queries(path, slugs)


def test_no_development_query_is_also_held_out():
    """A held-out query also in a development set would be tuned on: the held-out figures would flatter."""
    def queries(pattern):  # each query of the sets, with where it is
        for path in sorted((Path(__file__).parent / "search").glob(pattern)):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "\t" in line and not line.startswith("#"):
                    yield line.split("\t")[0].strip(), f"{path.name}:{number}"

    held = dict(queries("heldout-*.tsv"))
    both = [f"{where} is also {held[query]}: remove it from the development set"
            for query, where in queries("dev-*.tsv") if query in held]
    assert not both, "\n".join(both)
