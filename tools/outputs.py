"""Rewrite every output block from a real run of the page's blocks (like pydantic's --update-examples).

Usage: python -m tools.outputs [PAGE ...]   (default: every page; `make outputs`)

Nothing is written unless every block of every page runs: a failing block exits 1 with its
file and line and leaves all pages as they were.
"""
from __future__ import annotations

import sys
from pathlib import Path

from tools.pages import OUTPUT_FENCE, PageError, all_pages, read_page, write_atomic
from tools.run_blocks import BlockFailed, run_page


def updated_text(path: Path) -> str:
    """The page's text with each output block equal to what its block prints."""
    page = read_page(path)
    if page.orphan_outputs():
        raise PageError("\n".join(page.orphan_outputs()))
    printed = run_page(page)
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


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or all_pages()
    new, failures = {}, []
    for path in paths:
        try:
            new[path] = updated_text(path)
        except (PageError, BlockFailed) as e:
            failures.append(str(e))
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(f"no page was changed; fix the {'block' if len(failures) == 1 else 'blocks'} above and run again",
              file=sys.stderr)
        return 1
    changed = [p for p in paths if new[p] != p.read_text(encoding="utf-8")]
    for p in changed:
        write_atomic(p, new[p])
    print(f"{len(paths)} pages run, {len(changed)} rewritten" + "".join(f"\n  {p}" for p in changed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
