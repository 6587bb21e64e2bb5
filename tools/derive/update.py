"""`make update`: bring every file derived from the pages up to date, in one all-or-nothing pass.

Usage: python -m tools.derive.update [--out DIR] [PAGE ...]   (default: every page and notebook)

For each page it runs the blocks once, the way the tests do, and derives from that run:
  - the output block under each printing block (rewritten in the page),
  - the page's snippet, snippets/<slug>.py, after running it in a fresh interpreter,
  - the figures its code saves, docs/assets/figures/<slug>-<name>.svg,
  - the page's entry for the pinned torch in docs/assets/verified-with.json (this .venv's torch).
Notebooks are run too, for the record. If anything fails, nothing is written, and each failure is
named with its file and line. With --out DIR, snippets, figures and the record go under DIR
(the tests use it); output blocks are still rewritten in the pages.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.derive import figures, outputs, snippets, verified
from tools.page.anatomy import FIGURES, RECORD, ROOT, SNIPPETS
from tools.page.model import PageError, all_sources, page_from_text, read, write_atomic
from tools.page import standalone
from tools.page.run import BlockFailed, run_page


def derive(paths: list[Path], snippet_dir: Path, figure_dir: Path, record: Path):
    """({file: new text}, [files to delete], [failures]) for the pages at `paths`."""
    new: dict[Path, str] = {}
    delete: list[Path] = []
    failures: list[str] = []
    results: dict[str, dict] = {}
    scripts = []
    for path in paths:
        try:
            page = read(path)
            if page.is_notebook:
                run_page(page)
            else:
                if page.orphan_outputs():
                    raise PageError("\n".join(page.orphan_outputs()))
                with figures.recording(page) as drawn:
                    printed = run_page(page)
                new[page.path] = outputs.updated_text(page, printed)
                # The script from the page as it will be written: new output lines move the blocks below.
                page = page_from_text(page.path, new[page.path])
                new[snippets.snippet_path(page, snippet_dir)] = snippets.render(page)
                scripts.append(page)
                if not failures:
                    standalone.start()  # it imports torch while the other pages run
                for name, svg in drawn.items():
                    new[Path(figure_dir) / name] = svg
                delete += [f for f in Path(figure_dir).glob(f"{page.slug}-*.svg") if f.name not in drawn]
            results[page.slug] = {"code": page.code_hash(), "result": "passed"}
        except (PageError, BlockFailed) as e:
            failures.append(str(e))
    # Each script as a standalone program: that is what proves it runs on its own. (Once a page has
    # failed nothing is written, so the scripts wait for the next run.)
    if not failures:
        failures += [f for f in map(snippets.check_runs, scripts) if f]
    torch, pinned = verified.torch_version(), verified.pinned_torch()
    if torch == pinned:
        new[Path(record)] = verified.with_results(verified.read_record(record), torch,
                                                  {**verified.read_record(record).get(torch, {}), **results})
    else:
        print(f"torch {torch} is not the pinned {pinned}: the record is left as it is (use `make compat`)")
    return new, delete, failures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write snippets, figures and the record under this folder")
    parser.add_argument("pages", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.pages or all_sources()
    snippet_dir, figure_dir, record = ((args.out / "snippets", args.out / "figures", args.out / RECORD.name)
                                       if args.out else (SNIPPETS, FIGURES, RECORD))
    new, delete, failures = derive(paths, snippet_dir, figure_dir, record)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print("nothing was written; fix the above and run `make update` again", file=sys.stderr)
        return 1
    changed = [p for p, text in new.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    for p in changed:
        p.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(p, new[p])
    for p in delete:
        p.unlink()
    shown = lambda p: p.relative_to(ROOT) if p.is_relative_to(ROOT) else p  # noqa: E731
    print(f"{len(paths)} pages run, {len(changed)} files written, {len(delete)} deleted"
          + "".join(f"\n  {shown(p)}" for p in changed + delete))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
