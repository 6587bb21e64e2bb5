"""Reading the built site in Chromium: accessibility (axe-core), layout at phone and desktop width,
exercise pages without Jupyter's prompts, and page weight (DESIGN.md, "Reading").

Each check is a function that returns its findings as text naming the page and the element, so
that `python -m tests.test_reading SITE_DIR` can count them on any built site, and a test fails
with the list.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tools.measure import search_eval
from tools.page.model import all_notebooks, all_pages

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"  # test-only, never in the site
EXERCISES = [f"exercises/{p.stem}/" for p in all_notebooks()]
PAGES = ["", "tags/"] + [f"questions/{p.stem}/" for p in all_pages()] + EXERCISES
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
KIB, MIB = 1024, 1024 * 1024
EXERCISE_HTML_MAX = 300 * KIB
COLD_LOAD_MAX = 1.5 * MIB
# After the load event, a page counts as loaded when no request has been in flight for this long
# (late fetches: the search index, fonts of typeset math). Playwright's networkidle waits 500 ms.
QUIET = 0.25



# A short CSS path for an element, so that a finding names it.
DESCRIBE = """e => {
  const parts = [];
  for (let n = e; n && n.nodeType === 1 && n !== document.body && parts.length < 4; n = n.parentElement) {
    parts.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') +
      [...n.classList].slice(0, 2).map(c => '.' + c).join(''));
  }
  return parts.join(' > ') + ' "' + (e.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '"';
}"""


# The rules whose result depends on the colour scheme (the rest see the same document in both).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, path, scheme, rules=None) -> list[str]:
    """axe-core's WCAG 2 A and AA rules (or only `rules`): every serious or critical violation, by rule and element."""
    shown = page.evaluate("() => document.body.dataset.mdColorScheme")
    assert shown == {"light": "default", "dark": "slate"}[scheme], f"/{path}: {scheme} shows {shown}"
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": ["wcag2a", "wcag2aa"]}
    result = page.evaluate("""only => axe.run(document, {runOnly: only, resultTypes: ['violations']})""", only)
    return [f"/{path} ({scheme}): {v['id']} ({v['impact']}) at {' '.join(map(str, node['target']))}: "
            f"{node['failureSummary'].splitlines()[-1].strip()[:160]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical") for node in v["nodes"]]


def sideways_scroll(page, path) -> list[str]:
    """At 390 px nothing is wider than the page (it would scroll sideways, or be cut off where
    the page hides the overflow); names the elements that stick out."""
    page.set_viewport_size(PHONE)
    found = page.evaluate("""describe => {
      describe = eval(describe);
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      // Material's <html> hides sideways overflow, so what sticks out is cut off, not scrollable:
      // report what sticks out of the viewport and is not inside a scroll box of its own.
      const clipped = e => { for (let n = e.parentElement; n && n !== document.body; n = n.parentElement)
        if (getComputedStyle(n).overflowX !== 'visible') return true; return false; };
      return [...document.body.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
        .filter((e, _, all) => !all.some(o => o !== e && e.contains(o)))  // the innermost ones
        .slice(0, 5).map(e => `${describe(e)} ends at ${Math.round(e.getBoundingClientRect().right)} px`);
    }""", DESCRIBE)
    return [f"/{path}: page is wider than 390 px: {f}" for f in found]


def hidden_behind_scrollbar(page, path) -> list[str]:
    """At 1280 px no code or output block (nor anything else in the article) scrolls sideways."""
    page.set_viewport_size(DESKTOP)
    found = page.evaluate("""describe => {
      describe = eval(describe);
      return [...document.querySelectorAll('article *')]
        .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
        .map(e => `${describe(e)}: ${e.scrollWidth} px of text in ${e.clientWidth} px`);
    }""", DESCRIBE)
    return [f"/{path}: hidden behind a scrollbar: {f}" for f in found]


def wrapped_lines(page, path) -> list[str]:
    """No line of code or output wraps at 1280 or 390 px (a number cut in two reads as two numbers)."""
    found = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        found += [f"/{path} at {viewport['width']} px: {f}" for f in page.evaluate(r"""describe => {
          describe = eval(describe);
          return [...document.querySelectorAll('article pre')].filter(pre => {
            // Walk the text in order: within one printed line (between two newlines) every piece of
            // text must sit on the line box where the line began.
            const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
            let lineTop = null;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              if (node.parentElement.closest('button')) continue;  // Material's copy button
              const text = node.textContent;
              let start = 0;
              for (const end of [...text.matchAll(/\n/g)].map(m => m.index).concat([text.length])) {
                const range = document.createRange();
                range.setStart(node, start);
                range.setEnd(node, end);
                for (const r of range.getClientRects()) {
                  if (r.width === 0) continue;
                  if (lineTop === null) lineTop = r.top;
                  else if (r.top > lineTop + 2) return true;
                }
                if (end < text.length) lineTop = null;  // a newline: the next line begins
                start = end + 1;
              }
            }
            return false;
          }).map(pre => `${describe(pre)} wraps`);
        }""", DESCRIBE)]
    return found


def visible_prompts(page, path) -> list[str]:
    """No Jupyter prompt (`In [3]:`, `Out[3]:`) is visible."""
    found = page.evaluate(r"""() => document.body.innerText.match(/\b(In|Out)\s?\[[ \d*]*\]:/g) || []""")
    return [f"/{path}: {len(found)} visible prompts, e.g. {found[0]!r}"] if found else []


def plots_shrunk(page, path) -> list[str]:
    """At 390 px every plot has loaded and is shown at its own size (its labels readable),
    scrolling in its own box."""
    page.set_viewport_size(PHONE)
    found = page.evaluate("""() => [...document.querySelectorAll('article img')].map(i =>
      !i.complete || !i.naturalWidth ? `${i.getAttribute('src')} did not load`
      : i.getBoundingClientRect().width < i.naturalWidth - 1
        ? `${i.getAttribute('src')}: ${Math.round(i.getBoundingClientRect().width)} of ${i.naturalWidth} px` : '')
      .filter(Boolean)""")
    return [f"/{path}: plots shrunk or missing on a phone: {f}" for f in found]


def names_uncoloured(page, path) -> list[str]:
    """A name in code looks the same without Pygments' <span class="n"> (tools/site/notebook.py drops
    it on exercise pages): Material colours it as the code around it, in this colour scheme."""
    found = page.evaluate("""() => {
      const code = document.querySelector('article div.language-python code');
      if (!code) return 'no Python code block';
      const name = document.createElement('span');
      name.className = 'n';
      name.textContent = 'w';
      code.append(name);
      const colours = [getComputedStyle(code).color, getComputedStyle(name).color];
      name.remove();
      return colours[0] === colours[1] ? '' : `a name is ${colours[1]}, the code around it ${colours[0]}`;
    }""")
    scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
    return [f"/{path} ({scheme}): {found}"] if found else []


CHECKS = {
    "axe light": lambda page, path: axe_violations(page, path, "light"),
    "names uncoloured": names_uncoloured,
    "hidden at 1280": hidden_behind_scrollbar,
    "wrapped": wrapped_lines,
    "prompts": visible_prompts,
    "sideways at 390": sideways_scroll,
    "plots at 390": plots_shrunk,
}


def loaded(path, response, errors, foreign, failed, sizes) -> dict[str, list[str]]:
    """What the load itself shows: clean and local (no console error, no failed request, nothing from
    another host), and light (the HTML, and everything loaded with an empty cache)."""
    heaviest = ", ".join(f"{u} {n / KIB:.0f} KiB" for u, n in sorted(sizes.items(), key=lambda s: -s[1])[:3])
    html, total = sizes.get(path, 0), sum(sizes.values())
    weight = [f"/{path}: no HTML"] if not html else []
    if path in EXERCISES and html > EXERCISE_HTML_MAX:
        weight.append(f"/{path}: HTML is {html / KIB:.0f} KiB, over {EXERCISE_HTML_MAX / KIB:.0f} KiB")
    if total > COLD_LOAD_MAX:
        weight.append(f"/{path}: {total / MIB:.2f} MiB cold, over 1.5 MiB; heaviest: {heaviest}")
    clean = [f"/{path}: status {response.status}"] if response.status != 200 else []
    clean += [f"/{path}: console error: {e}" for e in errors] + [f"/{path}: failed: {u}" for u in failed]
    clean += [f"/{path}: requested from another host: {u}" for u in foreign]
    return {"loads clean and local": clean, "weight": weight}


def findings(browser, base, path) -> dict[str, list[str]]:
    """Every check of one page, on one load in light with an empty cache: what it requests and logs,
    the in-page checks (each sets the viewport it needs), then the palette toggle switched to dark,
    as a reader does, for axe-core's colour rules (the document is the same, only its colours change)."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    errors, foreign, failed, responses = [], [], [], []
    host = urlparse(base).netloc
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: urlparse(r.url).netloc not in ("", host) and not r.url.startswith("data:")
            and foreign.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: responses.append(r))
    pending = set()
    page.on("request", lambda r: pending.add(r))
    page.on("requestfinished", lambda r: pending.discard(r))
    page.on("requestfailed", lambda r: pending.discard(r))
    try:
        response = page.goto(base + path, wait_until="load")
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < QUIET:  # nothing in flight for QUIET seconds: loaded
            page.wait_for_timeout(20)  # lets Playwright deliver the events
            if pending:
                quiet_since = time.monotonic()
        sizes = {r.url.removeprefix(base): len(r.body()) for r in responses if r.status == 200}
        found = loaded(path, response, errors, foreign, failed, sizes)
        found |= {name: check(page, path) for name, check in CHECKS.items()}
        page.set_viewport_size(DESKTOP)
        # The colours' transitions end where they would without them: skip the wait, not the colours.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        # A click event without the mouse: a hovered toggle would show its tooltip, fading, to axe.
        page.locator("form[data-md-component=palette] label:visible").dispatch_event("click")
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")  # any left
        found["axe dark"] = axe_violations(page, path, "dark", rules=COLOUR_RULES)
        found["names uncoloured"] += names_uncoloured(page, path)
    finally:
        context.close()
    return found


_found: dict[str, dict[str, list[str]]] = {}  # each page's findings, computed once per test process


@pytest.fixture
def checked(served):
    base, browser = served

    def get(path):
        if path not in _found:
            _found[path] = findings(browser, base, path)
        return _found[path]
    return get


# Each check of `findings`, on the pages it applies to; a failure names the page, the check and the element.
APPLIES_TO = {
    "loads clean and local": PAGES,  # no console error, no failed request, nothing from another host
    "weight": PAGES,  # small HTML, small cold load
    "axe light": PAGES,  # no serious or critical axe-core violation
    "axe dark": PAGES,
    "sideways at 390": PAGES,  # nothing wider than a phone
    "hidden at 1280": PAGES,  # no text behind a scrollbar on a desktop
    "wrapped": PAGES,  # no line of code or output wraps
    "prompts": EXERCISES,  # no Jupyter prompts
    "names uncoloured": EXERCISES,  # names in code look as on question pages, in light and dark
    "plots at 390": EXERCISES,  # plots keep their size on a phone
}


# All the checks of one page go to one test process (xdist's loadgroup), which loads the page once.
@pytest.mark.parametrize("check, path", [pytest.param(c, p, marks=pytest.mark.xdist_group(f"page /{p}"))
                                         for c, paths in APPLIES_TO.items() for p in paths])
def test_page_reads_well(checked, check, path):
    found = checked(path)[check]
    assert not found, "\n".join(found)


if __name__ == "__main__":  # count the findings on a built site: python -m tests.test_reading SITE_DIR
    with search_eval.serve(Path(sys.argv[1])) as base, search_eval.browser() as browser:
        found = {p: findings(browser, base, p) for p in PAGES}
        for name in APPLIES_TO:
            listed = [f for p in PAGES for f in found[p].get(name, [])]
            print(f"== {name}: {len(listed)}", *listed[:20], sep="\n  ")
