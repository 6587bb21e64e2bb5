"""What the search worker (theme/assets/javascripts/search-worker.js) needs beyond Material's index.

Added to search/search_index.json after Material writes it: for each page, its title, "also asked"
phrasings, short answer and the error messages it demonstrates (from the page model), and the
glossary's groups of synonyms. Every string is HTML-escaped: the result list shows them as HTML.
Material's own entries are cleaned of what is not text (the "¶" of notebook headings, Jupyter prompts).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml

from tools.page.model import Page, all_notebooks, all_pages, read, without_proof_links
from tools.site.search_index import (FIRST_FIELDS, STOP, code_words, message_numbers, message_words, serialized,
                                     worker_plain)


def read_glossary(docs: Path) -> list[dict]:
    path = Path(docs) / "glossary.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


def _text(markdown: str) -> str:
    """Markdown inline text as plain text: links to their words, no backticks or emphasis."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", without_proof_links(markdown))
    return re.sub(r"[`*]", "", text)


def page_entry(page: Page) -> dict:
    e = lambda s: html.escape(str(s))  # noqa: E731
    answer = _text(" ".join(page.short_answer))
    return {
        "location": f"{page.path.parent.name}/{page.slug}/",
        "kind": "exercise" if page.is_notebook else "question",
        "title": e(page.meta.get("title", page.slug)),
        "also": [e(q) for q in page.meta.get("also_asked") or []],
        "answer": e(answer),
        "teaser": e(_text(page.one_line_answer)),
        "errors": [e(m) for m in page.messages],
        # The words of each block that demonstrates a message, one-letter names included, once each
        # (a block often shows several messages), and for each message the blocks that show it;
        # then the words of the page's other code, those no such block has.
        **_codes(page.demonstrations.values(), page.code),
    }


def _codes(demonstrations, all_code: str) -> dict:
    blocks: dict[str, int] = {}  # a block's words -> its number
    def number(code: str) -> int:
        return blocks.setdefault(code_words(code), len(blocks))
    codes = [[number(code) for code in codes] for codes in demonstrations]
    shown = {w for words in blocks for w in words.split()}
    rest = " ".join(w for w in code_words(all_code).split() if w not in shown)
    return {"codes": codes, "blocks": list(blocks), "code": rest}




def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


MORE = "search_more.json"  # next to search_index.json; fetched by the worker at the first query
MORE_INDEX = "search_more_index.json"  # ... with it, the second index (tools/site/search_index.py)


def enrich(index_file: Path, docs: Path) -> None:
    """Split Material's index in two, so that the first search is quick however many pages there are.

    search_index.json (Material loads it and hands its `config` and `docs` to the worker): one entry
    a page, with its title, one-line answer and "also asked" phrasings, the glossary, and the first
    index (titles and phrasings) built here in MiniSearch's serialized form.
    search_more.json and search_more_index.json (the worker fetches them at the first query): each
    page's error messages with the words of each demonstrating block (each block once), the words
    of its other code, and its sections (title and anchor: results link to them); and the index of
    each page's short answer, messages, headings and other words, built here in MiniSearch's
    serialized form. The messages are half of all the text a page adds (at 2000 pages, 2.0 of
    3.9 MB): in the first part they made every page load parse them and the first search wait for them.
    """
    index = json.loads(index_file.read_text(encoding="utf-8"))
    words: dict[str, dict[str, None]] = {}
    sections: dict[str, list] = {}
    for doc in index["docs"]:
        text = _plain(re.sub(r"In\s*\[\s*\d*\s*\]:|Copied!", "", doc["text"]))
        doc["title"] = html.escape(_plain(doc["title"]).replace("¶", "").strip())
        path = doc["location"].split("#")[0]
        words.setdefault(path, {}).update(dict.fromkeys(re.findall(r"\w{3,}", f"{doc['title']} {text}".lower())))
        if "#" in doc["location"]:  # the anchor only: the worker knows the page's location
            sections.setdefault(path, []).append([doc["location"].split("#", 1)[1], doc["title"]])
    entries = [page_entry(read(p)) for p in all_pages(docs) + all_notebooks(docs)]
    by_location = {d["location"]: d for d in index["docs"]}
    index["docs"] = []
    more, second = {}, []
    for entry in entries:
        location = entry["location"]
        doc = by_location.get(location, {"location": location, "title": entry["title"]})
        index["docs"].append({**doc, "text": entry.pop("teaser")})  # a result shows the one-line answer
        errors = entry.pop("errors")
        more[location] = {"messages": [message_words(e) for e in errors], "blocks": entry.pop("blocks"),
                          "codes": entry.pop("codes"), "code": entry.pop("code"),
                          "sections": sections.get(location, [])}
        numbers = [message_numbers(e) for e in errors]
        if any(numbers):
            more[location]["numbers"] = numbers
        # A document of the second index, as the worker would make it from the texts it shows.
        second.append({"location": location, "kind": entry["kind"], "answer": worker_plain(entry.pop("answer")),
                       "errors": worker_plain(" \n ".join(errors)),
                       "headings": " \n ".join(worker_plain(title) for _, title in more[location]["sections"]),
                       "body": " ".join(words.get(location, {}))})
    # Material hands the worker only `config` and `docs` of the index: the extras travel in `config`.
    index["config"]["pages"] = entries
    # The first index (titles and "also asked" phrasings), as the worker would make it from them. As
    # a string: the page hands `config` to the worker, and a string is copied at once and parsed there,
    # where an object is parsed on the page's own thread and copied piece by piece (at 2000 pages, the
    # first search's median 1022 ms as a string, 1172 ms as an object, 1227 ms indexed in the worker).
    index["config"]["first_index"] = json.dumps(serialized(
        [{"location": e["location"], "kind": e["kind"], "title": worker_plain(e["title"]),
          "also": worker_plain(" \n ".join(e["also"]))} for e in entries], fields=FIRST_FIELDS),
        ensure_ascii=False, separators=(",", ":"))
    index["config"]["more"] = MORE
    index["config"]["more_index"] = MORE_INDEX
    index["config"]["stop"] = sorted(STOP)
    index["config"]["glossary"] = [{"term": html.escape(g["term"]), "aliases": [html.escape(str(a)) for a in g.get("aliases", [])]}
                                   for g in read_glossary(docs)]
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for name, data in ((MORE, more), (MORE_INDEX, serialized(second))):
        (index_file.parent / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def abbreviations(docs: Path) -> str:
    """Markdown abbreviations for the glossary's terms and aliases: hover definitions on the pages."""
    lines = []
    for g in read_glossary(docs):
        for word in map(str, [g["term"]] + g.get("aliases", [])):
            if re.fullmatch(r"[\w' -]+", word) and len(word) > 3:
                lines.append(f"*[{word}]: {html.escape(g['definition'])}")
    # One definition a paragraph: in one paragraph, Python-Markdown takes a definition off the top and
    # tests every block processor on the rest again, so the page cost grew with the glossary's square
    # (197 definitions: +128 ms a page; apart: +4 ms). The HTML is the same.
    return "\n\n".join(lines)
