"""mkdocs hooks: publish the extracted snippets and add what every question page derives from its front matter.

Kept here so that pages hold only what is written by hand: the "Also asked as" list and the
link to the page's script are made from the front matter and the slug, never retyped.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent


def on_files(files, config):
    # Serve snippets/<slug>.py at /snippets/<slug>.py so that pages can link to them.
    for script in sorted((ROOT / "snippets").glob("*.py")):
        files.append(File(f"snippets/{script.name}", str(ROOT), config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.startswith("questions/"):
        return markdown
    slug = Path(page.file.src_uri).stem
    script = f"[`{slug}.py`](../snippets/{slug}.py)"
    proof = "## Proof\n"
    markdown = markdown.replace(
        proof,
        f"{proof}\nEvery block below runs in the test suite exactly as shown, and the output under it is what it printed. "
        f"All of this page's code as one script: {script}.\n",
        1,
    )
    also = page.meta.get("also_asked") or []
    lines = "\n".join(f"- {q}" for q in also)
    source = page.meta.get("source", "")
    return f"{markdown.rstrip()}\n\n## Also asked as\n\n{lines}\n\nFrom the forum thread: <{source}>\n"
