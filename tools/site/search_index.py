"""The search worker's two indexes, made at build time in MiniSearch's own serialized form.

The worker loads them (MiniSearch.loadJSON) instead of indexing every page itself: at 2000
pages, indexing the second in Chromium took about a second, loading it 0.2 s; indexing the first
(titles and phrasings) took 120 to 280 ms of the first search, loading it about 30 ms. The same
goes for the words of each message a page demonstrates and of each block that demonstrates one:
read here, not at the reader's first query. The result must be exactly what MiniSearch 7.2.0 and
the worker make with the worker's `tokenize`, `processTerm` and `queryTerms` (search-worker.js), so
those are mirrored here, and tests/test_browser.py has Chromium make them from the same texts and
compares.
"""
from __future__ import annotations

import re

# The words too common to search for. The worker gets this list from the index (config.stop).
STOP = frozenset((
    "a about above after again all also am an and any are as at be because been before being but by "
    "can could did do does doing done during each else for from get gets got had has have having he her "
    "here how i if in into is it its itself just me more most my no nor not of off on once only or other "
    "our out over own same she should so some such than that the their them then there these they this "
    "those through to too under until up use used using very was we were what when where which while who "
    "whom why will with would you your yours"
).split())

# The fields of each index, in the worker's order (MiniSearch numbers them in this order).
FIRST_FIELDS = ("title", "also")
FIELDS = ("answer", "errors", "headings", "body")


def tokenize(text: str) -> list[str]:
    """The worker's tokenize: lower case, split on every run of what is not a letter or a digit."""
    return re.split(r"[\W_]+", str(text).lower())


def process_term(term: str) -> str | None:
    """The worker's processTerm: no stop words, numbers, addresses or shapes; a light suffix trim."""
    units = _utf16(term)  # JavaScript counts a string's length, and `.` matches, in UTF-16 units
    if len(units) < 2 or term in STOP or re.fullmatch(r"\d+(x\d+)*|0x[0-9a-f]+", term, re.ASCII):
        return None
    m = re.fullmatch(r"(.{3,}?)(ations?|ings?|ed|ies|es|s|ly|e)", units)
    return m.group(1).encode("utf-16-le", "surrogatepass").decode("utf-16-le") if m else term


def _utf16(text: str) -> str:
    """The text with each character beyond U+FFFF as its two surrogates, as JavaScript holds it."""
    return "".join(c if ord(c) < 0x10000 else chr(0xD7C0 + (ord(c) >> 10)) + chr(0xDC00 + (ord(c) & 0x3FF))
                   for c in text)


def message_words(escaped: str) -> str:
    """The worker's words of a message a page demonstrates (queryTerms(plain(message))): its terms,
    once each, in order. A page's message is the library's text, without frames to clean."""
    return " ".join(dict.fromkeys(t for t in map(process_term, tokenize(worker_plain(escaped))) if t))


def message_numbers(escaped: str) -> str:
    """The numbers of a message a page demonstrates, in order (`shape '[32, 1]' is invalid for input of
    size 8`: "32 1 8"): not words, but a paste with the same numbers met the error in the same setting.
    Not those of a path or an address (`pull/30531`, `TensorBody.h:493`), which say nothing of it."""
    return " ".join(re.findall(r"\d+", re.sub(r"\S*[/\\]\S*", " ", worker_plain(escaped)), re.ASCII))


def code_names(code: str) -> str:
    """The names in a block's code (not its numbers or strings' punctuation), in lower case."""
    return " ".join(re.findall(r"[A-Za-z_]\w*", code.lower()))


def code_words(code: str) -> str:
    """The worker's words of a block's code: its names' terms as a query's, once each, one-letter
    names kept (`l.grad` is not `w.grad`), and then its names with underscores whole (the worker's
    compoundNames: `no_grad` is more than `grad`)."""
    names = code_names(code)
    terms = [t if re.fullmatch("[a-z]", t) else process_term(t) for t in tokenize(names)]
    compounds = [n.strip("_") for n in names.split() if re.search(r"[^\W_]_+[^\W_]", n)]
    return " ".join(dict.fromkeys(t for t in terms + compounds + code_habits(code) if t))


def code_habits(code: str) -> list[str]:
    """The worker's codeHabits: what the code does to a name, which its words cannot say:
    `w = w - ...` rebinds it, `w -= ...` changes it in place, and `randn(..., requires_grad=True)
    * 1000` is no longer a leaf (tokens no word can be)."""
    return ([":rebind"] if re.search(r"\b([A-Za-z_]\w*)\s*=\s*\1\s*[-+*/]", code, re.ASCII) else []) + \
        ([":inplace"] if re.search(r"[-+*/]=(?!=)", code) else []) + \
        ([":scaled"] if re.search(r"requires_grad\s*=\s*True\s*\)\s*[-+*/@]", code, re.I) else [])


def worker_plain(html: str) -> str:
    """The worker's `plain`: tags and character references become spaces."""
    return re.sub(r"&[a-z#0-9]+;", " ", re.sub(r"<[^>]+>", " ", str(html)))


def serialized(docs: list[dict], fields=FIELDS, id_field="location", stored=("kind",)) -> dict:
    """What MiniSearch's toJSON() gives after addAll(docs), step by step as its `add` does it. The
    terms come in the order MiniSearch first meets them, so that loading builds the same tree."""
    index: dict[str, dict[int, dict[int, int]]] = {}
    average = [0.0] * len(fields)
    lengths, stored_fields, ids = {}, {}, {}
    for short, doc in enumerate(docs):
        ids[short] = doc[id_field]
        stored_fields[short] = {name: doc[name] for name in stored if name in doc}
        lengths[short] = []
        for field_id, field in enumerate(fields):
            tokens = tokenize(doc[field])
            length = len(set(tokens))
            lengths[short].append(length)
            # MiniSearch's running mean, in its order of operations: the same double to the last bit.
            average[field_id] = (average[field_id] * short + length) / (short + 1)
            for token in tokens:
                term = process_term(token)
                if term:
                    postings = index.setdefault(term, {}).setdefault(field_id, {})
                    postings[short] = postings.get(short, 0) + 1
    return {
        "documentCount": len(docs), "nextId": len(docs), "documentIds": ids,
        "fieldIds": {field: i for i, field in enumerate(fields)}, "fieldLength": lengths,
        "averageFieldLength": average, "storedFields": stored_fields, "dirtCount": 0,
        "index": [[term, data] for term, data in index.items()], "serializationVersion": 2,
    }
