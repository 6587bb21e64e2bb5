"""Files derived from the pages, all brought up to date at once by `make update` (update.py)."""
