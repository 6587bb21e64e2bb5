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


def _open(browser, url, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


# A short CSS path for an element, so that a finding names it.
DESCRIBE = """e => {
  const parts = [];
  for (let n = e; n && n.nodeType === 1 && n !== document.body && parts.length < 4; n = n.parentElement) {
    parts.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') +
      [...n.classList].slice(0, 2).map(c => '.' + c).join(''));
  }
  return parts.join(' > ') + ' "' + (e.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '"';
}"""


def axe_violations(browser, base, path, scheme) -> list[str]:
    """axe-core's WCAG 2 A and AA rules: every serious or critical violation, by rule and element."""
    context, page = _open(browser, base + path, color_scheme=scheme, viewport=DESKTOP)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations']})""")
    context.close()
    return [f"/{path} ({scheme}): {v['id']} ({v['impact']}) at {' '.join(map(str, node['target']))}: "
            f"{node['failureSummary'].splitlines()[-1].strip()[:160]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical") for node in v["nodes"]]


def sideways_scroll(browser, base, path) -> list[str]:
    """At 390 px the page itself does not scroll sideways; names the elements that stick out."""
    context, page = _open(browser, base + path, viewport=PHONE)
    found = page.evaluate("""describe => {
      describe = eval(describe);
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      const clipped = e => { for (let n = e.parentElement; n; n = n.parentElement)
        if (getComputedStyle(n).overflowX !== 'visible') return true; return false; };
      return [...document.body.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
        .filter((e, _, all) => !all.some(o => o !== e && e.contains(o)))  // the innermost ones
        .slice(0, 5).map(e => `${describe(e)} ends at ${Math.round(e.getBoundingClientRect().right)} px`);
    }""", DESCRIBE)
    context.close()
    return [f"/{path}: page is wider than 390 px: {f}" for f in found] or []


def hidden_behind_scrollbar(browser, base, path) -> list[str]:
    """At 1280 px no code or output block (nor anything else in the article) scrolls sideways."""
    context, page = _open(browser, base + path, viewport=DESKTOP)
    found = page.evaluate("""describe => {
      describe = eval(describe);
      return [...document.querySelectorAll('article *')]
        .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
        .map(e => `${describe(e)}: ${e.scrollWidth} px of text in ${e.clientWidth} px`);
    }""", DESCRIBE)
    context.close()
    return [f"/{path}: hidden behind a scrollbar: {f}" for f in found]


def wrapped_lines(browser, base, path) -> list[str]:
    """No line of code or output wraps at 1280 or 390 px (a number cut in two reads as two numbers)."""
    found = []
    for viewport in (DESKTOP, PHONE):
        context, page = _open(browser, base + path, viewport=viewport)
        found += [f"/{path} at {viewport['width']} px: {f}" for f in page.evaluate("""describe => {
          describe = eval(describe);
          return [...document.querySelectorAll('article pre')].filter(pre => {
            // The distinct tops of the text's line boxes: more of them than text lines means a wrap.
            const range = document.createRange();
            range.selectNodeContents(pre);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            const lines = pre.innerText.split('\\n').filter(l => l.trim()).length;
            return tops.size > lines;
          }).map(pre => `${describe(pre)} wraps`);
        }""", DESCRIBE)]
        context.close()
    return found


def visible_prompts(browser, base, path) -> list[str]:
    """No Jupyter prompt (`In [3]:`, `Out[3]:`) is visible."""
    context, page = _open(browser, base + path, viewport=DESKTOP)
    found = page.evaluate(r"""() => document.body.innerText.match(/\b(In|Out)\s?\[[ \d*]*\]:/g) || []""")
    context.close()
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


@pytest.fixture(scope="module")
def served(site):
    with search_eval.serve(site.dir) as base, search_eval.browser() as browser:
        yield base, browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(served, path, scheme):
    found = axe_violations(*served, path, scheme)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_on_a_phone(served, path):
    found = sideways_scroll(*served, path)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", PAGES)
def test_no_text_behind_a_scrollbar_on_a_desktop(served, path):
    found = hidden_behind_scrollbar(*served, path)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", PAGES)
def test_no_code_or_output_line_wraps(served, path):
    found = wrapped_lines(*served, path)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", EXERCISES)
def test_no_jupyter_prompts(served, path):
    found = visible_prompts(*served, path)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", PAGES)
def test_page_weight(served, path):
    html, total, sizes = cold_load(*served, path)
    heaviest = ", ".join(f"{u} {n / KIB:.0f} KiB" for u, n in sorted(sizes.items(), key=lambda s: -s[1])[:3])
    assert html > 0, f"/{path}: no HTML"
    if path in EXERCISES:
        assert html <= EXERCISE_HTML_MAX, f"/{path}: HTML is {html / KIB:.0f} KiB, over {EXERCISE_HTML_MAX / KIB:.0f} KiB"
    assert total <= COLD_LOAD_MAX, f"/{path}: {total / MIB:.2f} MiB cold, over 1.5 MiB; heaviest: {heaviest}"


if __name__ == "__main__":  # count the findings on a built site: python -m tests.test_reading SITE_DIR [CHECK...]
    import collections
    import time

    with search_eval.serve(Path(sys.argv[1])) as base, search_eval.browser() as browser:
        checks = {"axe": lambda p: axe_violations(browser, base, p, "light") + axe_violations(browser, base, p, "dark"),
                  "sideways": lambda p: sideways_scroll(browser, base, p),
                  "hidden": lambda p: hidden_behind_scrollbar(browser, base, p),
                  "wrapped": lambda p: wrapped_lines(browser, base, p),
                  "prompts": lambda p: visible_prompts(browser, base, p)}
        for name in sys.argv[2:] or [*checks, "weight"]:
            start = time.perf_counter()
            if name == "weight":
                loads = {p: cold_load(browser, base, p)[:2] for p in PAGES}
                print("== exercise HTML max:", round(max(loads[p][0] for p in EXERCISES) / KIB), "KiB")
                path, (html, total) = max(loads.items(), key=lambda kv: kv[1][1])
                print(f"== heaviest cold load: /{path} {total / MIB:.2f} MiB")
                for p, (h, t) in loads.items():
                    print(f"  /{p}: html {h / KIB:.0f} KiB, cold {t / KIB:.0f} KiB")
            else:
                found = [f for p in PAGES for f in checks[name](p)]
                kinds = collections.Counter(f.split(": ")[1].split(" at ")[0] if name == "axe" else f.split(":")[0] for f in found)
                print(f"== {name}: {len(found)}", dict(kinds), *found[:15], sep="\n  ")
            print(f"   ({time.perf_counter() - start:.0f} s)")
