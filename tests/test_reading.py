"""Reading the built site in Chromium: accessibility (axe-core), layout at phone and desktop width,
exercise pages without Jupyter's prompts, and page weight (DESIGN.md, "Reading").

Each check is a function that returns its findings as text naming the page and the element, so
that `python -m tests.test_reading SITE_DIR` can count them on any built site, and a test fails
with the list.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tools.measure import search_eval
from tools.page.model import all_notebooks, all_pages

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"  # test-only, never in the site
EXERCISES = [f"exercises/{p.stem}/" for p in all_notebooks()]
PAGES = ["", "tags/"] + [f"questions/{p.stem}/" for p in all_pages()] + EXERCISES
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
KIB, MIB = 1024, 1024 * 1024
EXERCISE_HTML_MAX = 300 * KIB
COLD_LOAD_MAX = 1.5 * MIB



# A short CSS path for an element, so that a finding names it.
DESCRIBE = """e => {
  const parts = [];
  for (let n = e; n && n.nodeType === 1 && n !== document.body && parts.length < 4; n = n.parentElement) {
    parts.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') +
      [...n.classList].slice(0, 2).map(c => '.' + c).join(''));
  }
  return parts.join(' > ') + ' "' + (e.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '"';
}"""


def axe_violations(page, path, scheme) -> list[str]:
    """axe-core's WCAG 2 A and AA rules: every serious or critical violation, by rule and element."""
    shown = page.evaluate("() => document.body.dataset.mdColorScheme")
    assert shown == {"light": "default", "dark": "slate"}[scheme], f"/{path}: {scheme} shows {shown}"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations']})""")
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


def cold_load(browser, base, path) -> tuple[int, int, dict[str, int]]:
    """Bytes of the page's HTML, and of everything it loads with an empty cache (wait: network idle)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # late fetches (fonts of typeset math) start after the first idle
    page.wait_for_load_state("networkidle")
    sizes = {r.url.removeprefix(base): len(r.body()) for r in responses if r.status == 200}
    context.close()
    return sizes.get(path, 0), sum(sizes.values()), sizes


CHECKS = {
    "axe light": lambda page, path: axe_violations(page, path, "light"),
    "hidden at 1280": hidden_behind_scrollbar,
    "wrapped": wrapped_lines,
    "prompts": visible_prompts,
    "sideways at 390": sideways_scroll,
}


def findings(browser, base, path) -> dict[str, list[str]]:
    """Every in-page check on one load of the page in light (each sets the viewport it needs), and
    axe-core on a second load in dark: Material picks the scheme when the page loads."""
    found = {}
    for scheme, checks in (("light", CHECKS), ("dark", {"axe dark": lambda page, path: axe_violations(page, path, "dark")})):
        context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        page = context.new_page()
        page.goto(base + path, wait_until="networkidle")
        try:
            found |= {name: check(page, path) for name, check in checks.items()}
        finally:
            context.close()
    return found


@pytest.fixture(scope="module")
def served(site):
    with search_eval.serve(site.dir) as base, search_eval.browser() as browser:
        yield browser, base


@pytest.fixture(scope="module")
def checked(served):
    """The findings of each page, computed once for all the tests below."""
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = findings(*served, path)
        return cache[path]
    return get


# Each check of `findings`, on the pages it applies to; a failure names the page, the check and the element.
APPLIES_TO = {
    "axe light": PAGES,  # no serious or critical axe-core violation
    "axe dark": PAGES,
    "sideways at 390": PAGES,  # nothing wider than a phone
    "hidden at 1280": PAGES,  # no text behind a scrollbar on a desktop
    "wrapped": PAGES,  # no line of code or output wraps
    "prompts": EXERCISES,  # no Jupyter prompts
}


@pytest.mark.parametrize("check, path", [(c, p) for c, paths in APPLIES_TO.items() for p in paths])
def test_page_reads_well(checked, check, path):
    found = checked(path)[check]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", PAGES)
def test_page_weight(served, path):
    html, total, sizes = cold_load(*served, path)
    heaviest = ", ".join(f"{u} {n / KIB:.0f} KiB" for u, n in sorted(sizes.items(), key=lambda s: -s[1])[:3])
    assert html > 0, f"/{path}: no HTML"
    if path in EXERCISES:
        assert html <= EXERCISE_HTML_MAX, f"/{path}: HTML is {html / KIB:.0f} KiB, over {EXERCISE_HTML_MAX / KIB:.0f} KiB"
    assert total <= COLD_LOAD_MAX, f"/{path}: {total / MIB:.2f} MiB cold, over 1.5 MiB; heaviest: {heaviest}"


if __name__ == "__main__":  # count the findings on a built site: python -m tests.test_reading SITE_DIR
    with search_eval.serve(Path(sys.argv[1])) as base, search_eval.browser() as browser:
        found = {p: findings(browser, base, p) for p in PAGES}
        for name in found[""]:
            listed = [f for p in PAGES for f in found[p][name]]
            print(f"== {name}: {len(listed)}", *listed[:20], sep="\n  ")
        loads = {p: cold_load(browser, base, p)[:2] for p in PAGES}
        print("== exercise HTML max:", round(max(loads[p][0] for p in EXERCISES) / KIB), "KiB")
        path, (html, total) = max(loads.items(), key=lambda kv: kv[1][1])
        print(f"== heaviest cold load: /{path} {total / MIB:.2f} MiB")
        for p, (h, t) in loads.items():
            print(f"  /{p}: html {h / KIB:.0f} KiB, cold {t / KIB:.0f} KiB")


@pytest.mark.parametrize("path", EXERCISES)
def test_plots_keep_their_size_on_a_phone(served, path):
    """At 390 px a plot is shown at its own size (its labels readable), scrolling in its own box."""
    browser, base = served
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + path, wait_until="networkidle")
    shrunk = page.evaluate("""() => [...document.querySelectorAll('article img')]
      .filter(i => i.naturalWidth && i.getBoundingClientRect().width < i.naturalWidth - 1)
      .map(i => `${i.getAttribute('src')}: ${Math.round(i.getBoundingClientRect().width)} of ${i.naturalWidth} px`)""")
    context.close()
    assert not shrunk, f"/{path}: plots shrunk on a phone: {shrunk}"
