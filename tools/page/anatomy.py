"""The anatomy of a page, in one place: its fields, its sections, its tags and the FAQ's topics.

The lint checks pages against it, the hooks build the site from it, and CONTRIBUTING.md explains it.
"""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
FIGURES = DOCS / "assets" / "figures"
RECORD = DOCS / "assets" / "verified-with.json"
GUIDE = "CONTRIBUTING.md"  # where the rules below are explained to authors

THREAD = "https://discuss.d2l.ai/t/43"
FIELDS = ("title", "tags", "source", "also_asked")  # front matter, or a notebook's `faq` metadata
ALSO_ASKED = (3, 6)  # how many other phrasings a page lists
SHORT_ANSWER, PROOF, SEE_IT = "Short answer", "Proof", "See it"
SECTIONS = (SHORT_ANSWER, PROOF, "Why", "What the thread said", "In today's PyTorch", "See also")
MAX_SHORT_ANSWER = 3  # sentences
OUTPUT_FENCE = '```{.text title="Output"}'
PYTHON_LANGS = {"py", "python", "python3"}

# FAQ groups, in reading order: a page goes under the group of its first tag that has one.
TOPICS = {
    "optimization": "Training and the SGD update",
    "autograd": "Gradients and autograd",
    "in-place": "In-place operations",
    "python": "Python itself",
    "data-loading": "Data and minibatches",
    "loss-functions": "Loss functions",
    "initialization": "Initialization",
    "modeling": "Modeling with linear regression",
    "plotting": "Plotting",
    "tooling": "Finding your way in PyTorch",
}
DEFAULT_TOPIC = "tooling"


def topic(tags) -> str:
    return next((t for t in tags or [] if t in TOPICS), DEFAULT_TOPIC)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping mkdocs' `!ENV [NAME, default]` as its default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def allowed_tags(config_file: Path = ROOT / "mkdocs.yml") -> set[str]:
    """The tag vocabulary, kept once in mkdocs.yml where Material's tags plugin enforces it too."""
    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "tags" in plugin:
            return set(plugin["tags"]["tags_allowed"])
    raise RuntimeError(f"{config_file}: the tags plugin has no tags_allowed list")
