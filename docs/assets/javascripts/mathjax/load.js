// MathJax 3.2.2 (es5/tex-svg-full.js of the npm package mathjax@3.2.2, Apache-2.0: see LICENSE) is served
// from the site itself.
// Configure MathJax for the notebooks' $...$ and $$...$$ math, then load it from beside this file:
// mkdocs-jupyter points its `custom_mathjax_url` here so that nothing comes from a CDN.
window.MathJax = {
  tex: { inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]], processEscapes: true },
  svg: { fontCache: "global" },
};
(function () {
  var script = document.createElement("script");
  script.src = document.currentScript.src.replace(/load\.js(\?.*)?$/, "tex-svg-full.js");
  script.async = true;
  document.head.appendChild(script);
})();
