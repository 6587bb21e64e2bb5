"""Nothing from a URL or from a page's front matter reaches the HTML as markup.

- Material's search reads `?q=` from the URL (the XSS of CVE-2026-73295 before 9.7.7): hostile
  values must neither run nor appear as elements.
- The project's hooks put titles and "also asked" phrasings into pages, the FAQ and the search
  index: tests/bad_pages/hostile-text.md must come out escaped in all three, and run nothing.
"""
import json
from html.parser import HTMLParser
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tools.measure import search_eval
from tools.page.anatomy import ROOT

HOSTILE = Path(__file__).parent / "bad_pages" / "hostile-text.md"
QUERIES = [
    '<script>window.__pwned="script"</script>',
    '<img src=x onerror="window.__pwned=\'img\'">',
    '<svg onload="window.__pwned=\'svg\'"></svg>',
    '"><img src=x onerror=window.__pwned=1>',
    "' autofocus onfocus='window.__pwned=1' x='",
    "javascript:window.__pwned=1",
    '<a href="javascript:window.__pwned=1">click</a>',
]
INJECTED = "img[src='x'], svg[onload], [onerror], [onload], [onfocus], [onmouseover], a[href^='javascript:']"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A copy of the project with the hostile page among the questions, built without the exercise
    notebooks (they hold no front matter of their own; the build is 9 s with them, 3 s without)."""
    project = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "requirements.txt", project / "requirements.txt")
    # Not strict: some pages link to the notebooks left out (the real build is strict: test_site.py).
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false"), encoding="utf-8")
    (project / "tools").symlink_to(ROOT / "tools")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("*.ipynb"))
    shutil.copytree(ROOT / "snippets", project / "snippets")
    shutil.copy(HOSTILE, project / "docs" / "questions" / HOSTILE.name)
    (project / "snippets" / "hostile-text.py").write_text("assert True\n")
    env = {**os.environ, "NOTEBOOK_EXECUTE": "false", "NO_MKDOCS_2_WARNING": "true"}
    site = project / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return site


class Elements(HTMLParser):
    """What a browser would make of a piece of HTML: elements with their attributes, script bodies."""

    def __init__(self, text):
        super().__init__()
        self.found, self.scripts, self._in_script = [], [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
            self._in_script = False


def _no_markup(text: str, where: str):
    """No element of the hostile text made it into the HTML: no event handler, no img/svg of its own,
    no `javascript:` link, no script of its own. (An id made from its words is only text.)"""
    html = Elements(text)
    for tag, attrs in html.found:
        handlers = [k for k in attrs if k.startswith("on")]
        assert not handlers, f"{where}: <{tag}> got {handlers}"
        assert attrs.get("src") != "x", f"{where}: <{tag} src=x>"
        assert not (attrs.get("href") or "").startswith("javascript:"), f"{where}: <{tag} {attrs}>"
    assert not any("__pwned" in body for body in html.scripts), f"{where}: a script of the hostile text"


def test_hostile_front_matter_is_escaped_in_page_faq_and_index(hostile_site):
    page = (hostile_site / "questions" / "hostile-text" / "index.html").read_text(encoding="utf-8")
    faq = (hostile_site / "index.html").read_text(encoding="utf-8")
    _no_markup(page, "the page")
    _no_markup(faq, "the FAQ")
    assert "&lt;script&gt;window.__pwned" in page and "&lt;script&gt;window.__pwned" in faq
    assert "&lt;svg onload=" in page  # the phrasing is shown, as text
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("questions/hostile-text/")]
    assert entries, "the hostile page is not in the search index"
    for d in entries:  # Material's search shows titles and text as HTML
        _no_markup(d["title"] + d["text"], f"search index entry {d['location']}")
    page_entry = next(p for p in index["config"]["pages"] if p["location"] == "questions/hostile-text/")
    _no_markup(page_entry["title"] + " ".join(page_entry["also"]), "the search worker's page entry")
    more = json.loads((hostile_site / "search" / index["config"]["more"]).read_text(encoding="utf-8"))
    for location, title in more["questions/hostile-text/"]["sections"]:
        _no_markup(title, f"search section {location}")


@pytest.mark.browser
def test_hostile_page_runs_nothing_in_the_browser(hostile_site, chromium):
    with search_eval.serve(hostile_site) as base:
        page = chromium.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("questions/hostile-text/", "", "tags/"):
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("() => window.__pwned") is None, path
            assert page.locator(f"article :is({INJECTED})").count() == 0, path
        search_eval.open_search(page, base)
        search_eval.search(page, "title text")  # the hostile title among the results
        assert page.evaluate("() => window.__pwned") is None and not dialogs
        assert page.locator(f".md-search-result :is({INJECTED})").count() == 0
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("value", QUERIES)
def test_hostile_search_query_in_the_url_runs_nothing(served, value):
    base, browser = served
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}questions/zero-grad/?q={quote(value)}", wait_until="load")
    # Material has searched for the value and shown the outcome ("No matching documents", or a count).
    page.wait_for_function("() => /matching document/i.test("
                           "(document.querySelector('.md-search-result__meta') || {}).textContent || '')")
    assert page.locator("input.md-search__input").input_value() == value  # the value, as text
    try:
        assert page.evaluate("() => window.__pwned") is None, value
        assert not dialogs, value
        assert page.locator(f".md-search :is({INJECTED}), .md-search script").count() == 0, value
        assert page.locator(f"article :is({INJECTED})").count() == 0, value
    finally:
        page.close()
