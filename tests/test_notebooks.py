"""Each exercise notebook: the lint, and every code cell run in order in this process.

Running the cells in-process gives the same proof as a kernel (the same code, in order, in one
namespace) without starting one per notebook; the site build runs them in a real kernel too.
"""
import matplotlib
import pytest

from tools import lint
from tools.pages import all_notebooks, read_notebook

matplotlib.use("Agg")  # before any notebook imports pyplot: no screen here
NOTEBOOKS = all_notebooks()
ids = [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_lint(path):
    problems = lint.lint(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_cells_run(path, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)  # a notebook may write only to its own temporary folder
    namespace = {"__name__": "__main__"}
    cells = [c for c in read_notebook(path).notebook["cells"] if c["cell_type"] == "code"]
    try:
        for i, cell in enumerate(cells, 1):
            code = compile("".join(cell["source"]), f"{path.name}, code cell {i}", "exec")
            exec(code, namespace)
    finally:
        plt.close("all")
