// KaTeX 0.19.1 (dist/ of the npm package katex@0.19.1, MIT: see LICENSE), served from the site itself
// and loaded only on pages with math (tools/site/hooks.py adds this script there). KaTeX, not MathJax:
// about 300 KB of script and 25 KB of styles plus the few woff2 fonts a page uses (only the woff2
// files are kept: every browser that runs this picks them first), where MathJax 3's lightest
// TeX-to-HTML build loads about 750 KB and would put pages with math and plots over the 1.5 MiB
// budget (tests/test_reading.py). KaTeX also writes MathML beside its HTML, for screen readers.
// Delimiters: \( \) and \[ \] from pymdownx.arithmatex on the Markdown pages, $ and $$ in the notebooks.
(function () {
  var here = document.currentScript.src.replace(/load\.js(\?.*)?$/, "");
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = here + "katex.min.css";
  document.head.appendChild(css);
  function add(name, then) {
    var script = document.createElement("script");
    script.src = here + name;
    script.onload = then;
    document.head.appendChild(script);
  }
  add("katex.min.js", function () {
    add("auto-render.min.js", function () {
      renderMathInElement(document.querySelector("article") || document.body, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "\\[", right: "\\]", display: true },
          { left: "$", right: "$", display: false },
          { left: "\\(", right: "\\)", display: false },
        ],
      });
    });
  });
})();
