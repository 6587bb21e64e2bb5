"""Output blocks: each block's output block holds what the block really printed (like pydantic's
--update-examples). Written by `make update`."""
from __future__ import annotations

from tools.page.anatomy import OUTPUT_FENCE
from tools.page.model import Page, PageError


def updated_text(page: Page, printed: dict[int, str]) -> str:
    """The page's text with each output block equal to what its block printed (`printed`: from run_page)."""
    if page.orphan_outputs():
        raise PageError("\n".join(page.orphan_outputs()))
    lines = page.text.splitlines(keepends=True)
    # Edit from the bottom up so that earlier line numbers stay valid.
    for b in reversed(page.blocks):
        out = printed[b.line]
        if out and not out.endswith("\n"):
            out += "\n"
        new = [OUTPUT_FENCE + "\n", out, "```\n"] if out else []
        if b.output is not None:
            # Replace the old block and the blank lines between it and the code.
            lines[b.end_line : b.output.end_line] = (["\n"] + new) if new else []
        elif new:
            lines[b.end_line : b.end_line] = ["\n"] + new
    return "".join(lines)
