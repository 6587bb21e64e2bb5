"""The project's own tooling: page model, lint, output updater, snippet extractor, pytest and mkdocs hooks."""
