"""The site: mkdocs hooks (hooks.py) and a small theme override (theme/)."""
