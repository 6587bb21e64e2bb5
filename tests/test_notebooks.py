"""Each exercise notebook: every code cell run in order in this process (the lint is in test_pages).

Running the cells in-process gives the same proof as a kernel (the same code, in order, in one
namespace) without starting one per notebook; the site build runs them in a real kernel too.
"""
import pytest

from tools.page.model import all_notebooks, read_notebook
from tools.page.run import run_page

NOTEBOOKS = all_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_cells_run(path):
    run_page(read_notebook(path))  # raises with the notebook's cell on a failure
