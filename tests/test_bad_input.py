"""Deliberately broken pages (tests/bad_pages/) are rejected with the file, the line and what to fix,
and the commands that rewrite files leave them exactly as they were."""
import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.check import lint
from tools.derive import snippets
from tools.page.anatomy import ROOT
from tools.page.model import read_page

BAD = Path(__file__).parent / "bad_pages"


@pytest.fixture
def copy(tmp_path):
    """Copy a fixture page into a temporary folder, so that nothing here can change the repository."""
    def _copy(name):
        target = tmp_path / name
        shutil.copy(BAD / name, target)
        return target
    return _copy


@pytest.mark.parametrize("name, line, fix", [
    ("missing-front-matter-field.md", 1, "front matter lacks `tags`"),
    ("unknown-tag.md", 4, "unknown tag `gradients`; use one of: autograd"),
    ("indented-fence.md", 23, "indented python fence is never run"),
    ("orphan-output.md", 18, "output blocks follow the block that prints them"),
    ("unterminated-fence.md", 18, "never closed; add a closing ``` line"),
    ("not-utf8.md", 7, "save the file as UTF-8"),
    ("unshown-error.md", 18, "catches an error or a warning but shows no message the search can index"),
    ("unshown-warning.md", 18, "catches an error or a warning but shows no message the search can index"),
])
def test_lint_names_file_line_and_fix(name, line, fix):
    problems = lint.lint(BAD / name)
    assert any(f"{name}:{line}: " in p and fix in p for p in problems), problems


def test_lint_reports_every_problem_at_once(tmp_path):
    page = tmp_path / "many.md"
    page.write_text((BAD / "unknown-tag.md").read_text().replace("## Why\n", "## Reasons\n").replace("source: https://discuss.d2l.ai/t/43\n", ""))
    problems = lint.lint(page)
    assert len(problems) >= 3, problems
    assert any("unknown tag" in p for p in problems) and any("lacks `source`" in p for p in problems)
    assert any("missing section `## Why`" in p for p in problems)


def run_pytest_on(page: Path) -> subprocess.CompletedProcess:
    ini = page.parent / "pytest.ini"
    ini.write_text("[pytest]\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ini), "--rootdir", str(page.parent), "-p", "tools.check.pytest_plugin",
         "-p", "no:randomly", "-p", "no:cacheprovider", "--markdown-docs", "--markdown-docs-syntax=superfences", str(page)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name, where, reason", [
    ("failing-block.md", 'failing-block.md", line 20', "AssertionError: one plus one is not three"),
    ("syntax-error.md", "syntax-error.md", "was never closed"),
    ("stale-output.md", "stale-output.md:23: the output block does not match", "run `make update`"),
])
def test_page_tests_fail_with_file_line_and_reason(copy, name, where, reason):
    run = run_pytest_on(copy(name))
    assert run.returncode == 1, run.stdout
    assert where in run.stdout and reason in run.stdout, run.stdout[-3000:]


def test_stale_output_shows_a_diff(copy):
    run = run_pytest_on(copy("stale-output.md"))
    assert "-5\n" in run.stdout and "+4\n" in run.stdout, run.stdout[-3000:]


def test_stale_snippet_is_reported_with_the_command(tmp_path, copy):
    page = read_page(copy("stale-snippet.md"))
    shutil.copy(BAD / "stale-snippet.py", tmp_path / "stale-snippet.py")
    reason = snippets.stale(page, tmp_path)
    assert reason and "stale-snippet.md" in reason and "stale" in reason and "`make update`" in reason


@pytest.mark.parametrize("name, line, reason", [
    ("failing-block.md", 20, "AssertionError: one plus one is not three"),
    ("syntax-error.md", 19, "was never closed"),
    ("unterminated-fence.md", 18, "never closed"),
    ("not-utf8.md", 7, "not valid UTF-8"),
    ("orphan-output.md", 18, "no python block right before it"),
])
def test_update_refuses_and_touches_nothing(copy, tmp_path, name, line, reason):
    page = copy(name)
    good = copy("stale-output.md")  # a page that would be rewritten, were the other one not broken
    before = page.read_bytes(), good.read_bytes()
    out = tmp_path / "derived"
    run = update(page, good, out=out)
    assert run.returncode == 1
    assert f"{name}:{line}: " in run.stderr and reason in run.stderr, run.stderr
    assert "nothing was written" in run.stderr
    assert (page.read_bytes(), good.read_bytes()) == before
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == sorted([name, good.name])


def update(*pages, out) -> subprocess.CompletedProcess:
    """`python -m tools.derive.update --out OUT PAGE...`, called in this process (torch is imported already)."""
    from tools.derive.update import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--out", str(out), *map(str, pages)])
    return subprocess.CompletedProcess("update", code, stdout.getvalue(), stderr.getvalue())


def test_outputs_command_rewrites_a_stale_output_block(copy):
    page = copy("stale-output.md")
    run = update(page, out=page.parent / "derived")
    assert run.returncode == 0, run.stderr
    assert '```{.text title="Output"}\n4\n```' in page.read_text()
    assert run_pytest_on(page).returncode == 0


def test_one_update_leaves_the_script_fresh_when_outputs_change_length(copy):
    """The script names each block's page line; an output block that grows or shrinks moves the
    blocks below it, and the script written must be the one of the page as rewritten."""
    page = copy("stale-output.md")
    text = page.read_text().replace('{.text title="Output"}\n5\n', '{.text title="Output"}\n5\n5\n5\n')
    page.write_text(text.replace("## Why\n", "## Why\n\n```{.python}\nassert 1 + 1 == 2\n```\n"))
    out = page.parent / "derived"
    run = update(page, out=out)
    assert run.returncode == 0, run.stderr
    assert snippets.stale(read_page(page), out / "snippets") is None


def test_a_failing_notebook_fails_the_build_with_its_name(tmp_path):
    """tools/site/notebook_runs.py executes the notebooks in parallel before the pages: a cell that
    raises still stops the build (allow_errors: false), naming the notebook and the error."""
    import json
    import os

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "tools").symlink_to(ROOT / "tools")
    for name in ("index.md", "tags.md", "glossary.yml", "assets"):
        (shutil.copytree if (ROOT / "docs" / name).is_dir() else shutil.copy)(ROOT / "docs" / name, project / "docs" / name)
    (project / "docs" / "questions").mkdir()
    shutil.copy(ROOT / "docs" / "questions" / "zero-grad.md", project / "docs" / "questions")
    (project / "docs" / "exercises").mkdir()
    source = json.loads((ROOT / "docs" / "exercises" / "last-batch.ipynb").read_text())
    for slug, code in (("runs", "print(1 + 1)"), ("raises", "x = 1\nx / 0")):
        notebook = dict(source, cells=source["cells"][:1] + [
            {"cell_type": "code", "metadata": {}, "source": code, "outputs": [], "execution_count": None}])
        (project / "docs" / "exercises" / f"{slug}.ipynb").write_text(json.dumps(notebook))
    env = {**os.environ, "NOTEBOOK_CACHE_DIR": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "true"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0, run.stderr[-3000:]
    assert "exercises/raises.ipynb failed to execute" in run.stderr and "ZeroDivisionError" in run.stderr, run.stderr[-3000:]
    assert not (tmp_path / "site" / "exercises" / "raises").exists()


@pytest.mark.parametrize("row, reason", [
    ("why zero the grads\tzero-grads", "no page has the slug(s) zero-grads: use one of"),
    ("why zero the grads", "this one has 0 tab(s)"),
    ("why\tzero\tgrad", "this one has 2 tab(s)"),
])
def test_a_bad_query_set_row_is_named_with_its_line(tmp_path, row, reason):
    from tools.measure.search_eval import read_queries

    path = tmp_path / "queries.tsv"
    path.write_text(f"# a comment\nwhy divide\tdivide-by-batch-size\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        read_queries(path, {"divide-by-batch-size", "zero-grad"})
    assert f"{path}:3: " in str(raised.value) and reason in str(raised.value)
