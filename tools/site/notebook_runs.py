"""mkdocs hook: execute the exercise notebooks in parallel before the pages are built.

mkdocs-jupyter executes each notebook when its page renders, one after the other, each in a
kernel of its own that starts Python and imports torch again. Before any page renders, this hook
runs the plugin's own conversion (its `nb2html`, with the plugin's options: `execute`,
`allow_errors: false`, ...) for every notebook missing from the plugin's cache, one per core, and
stores each result in that cache under the plugin's own key. The pages then render from the cache,
as on any later build. A failing notebook is not stored: the build stops here, naming it.

It builds on mkdocs-jupyter's private cache functions (`_compute_cache_key`, `_get_cache_path`,
`_get_nb_toc_tokens`), hence the exact pin in requirements.txt; tests/test_site.py names the pin
if they move.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError

# The plugin's options that its conversion takes, as its `on_pre_page` passes them.
OPTIONS = ("kernel_name", "allow_errors", "show_input", "no_input", "no_prompt", "remove_tag_config",
           "highlight_extra_classes", "include_requirejs", "custom_mathjax_url", "theme")


def _convert(path: str, options: dict, toc_depth: int) -> dict:
    from mkdocs_jupyter import convert
    from mkdocs_jupyter.plugin import _get_nb_toc_tokens

    body = convert.nb2html(path, execute=True, **options)
    toc_tokens, title = _get_nb_toc_tokens(path, toc_depth)
    return {"content": body, "toc_tokens": toc_tokens, "title": title}  # the plugin's cache entry


# on_nav: the last event before mkdocs reads and renders the pages (on_env comes after that).
def on_nav(nav, config, files):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None or not plugin.config["execute"] or not plugin.config["cache"] or plugin.config["execute_ignore"]:
        return nav
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    options = {k: plugin.config[k] for k in OPTIONS}
    todo = {}
    for file in files:
        if plugin.should_include(file):
            cache = _get_cache_path(plugin.config["cache_dir"], _compute_cache_key(file.abs_src_path, plugin.config, True))
            if not cache.exists():
                todo[file.abs_src_path] = cache
    if len(todo) < 2:
        return nav  # nothing to gain: the plugin runs it
    # Threads suffice: each conversion starts a kernel of its own, where the notebook runs.
    with ThreadPoolExecutor(min(len(todo), os.cpu_count() or 1)) as pool:
        runs = {path: pool.submit(_convert, path, options, plugin.config["toc_depth"]) for path in todo}
        for path, run in runs.items():
            try:
                entry = run.result()
            except Exception as e:  # noqa: BLE001 - the notebook's own error, with its name
                raise PluginError(f"{Path(path).relative_to(config['docs_dir'])} failed to execute: {e}") from e
            todo[path].parent.mkdir(parents=True, exist_ok=True)
            todo[path].write_text(json.dumps(entry), encoding="utf-8")
    return nav
