# The deliberately broken pages are inputs of tests/test_bad_input.py, not pages to run.
collect_ignore = ["bad_pages"]
