// The site's search worker. Material's search box, result list, keyboard navigation and
// highlighting stay as they are; they talk to this worker with Material's own messages
// (SETUP, READY, QUERY, RESULT). Behind them, MiniSearch (BM25, prefix and fuzzy matching,
// field boosts) ranks whole pages, using what tools/site/search.py adds to the index:
// each page's title, "also asked" phrasings, short answer, the error messages it demonstrates,
// and the glossary's synonyms.
importScripts("vendor/minisearch-7.2.0.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var STOP = new Set((
  "a about above after again all also am an and any are as at be because been before being but by " +
  "can could did do does doing done during each else for from get gets got had has have having he her " +
  "here how i if in into is it its itself just me more most my no nor not of off on once only or other " +
  "our out over own same she should so some such than that the their them then there these they this " +
  "those through to too under until up use used using very was we were what when where which while who " +
  "whom why will with would you your yours"
).split(" "));
var FIELDS = ["title", "also", "answer", "errors", "headings", "body"];
var BOOST = { title: 6, also: 5, answer: 3, errors: 3, headings: 1.5, body: 0.5 };
var SYNONYM = 0.3; // a synonym helps a page that lacks the query's own word, without outranking one that has it
var EXERCISE = 0.75; // a question page that answers outranks an exercise that shares words

function stem(word) {
  // A light suffix trim, the same for the index and the query: "shuffling" ~ "shuffle".
  var m = word.match(/^(.{3,}?)(ations?|ings?|ed|ies|es|s|ly|e)$/);
  return m ? m[1] : word;
}

function tokenize(text) {
  return String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u);
}

function processTerm(term) {
  if (term.length < 2 || STOP.has(term) || /^\d+$/.test(term) || /^0x[0-9a-f]+$/.test(term)) return null;
  return stem(term);
}

function plain(html) {
  return String(html).replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ");
}

// Pasted tracebacks carry noise: paths, line numbers, frames. Keep the message and the code.
function clean(query) {
  return query
    .replace(/Traceback \(most recent call last\):?/g, " ")
    .replace(/File "[^"]*", line \d+(, in \S+)?/g, " ")
    .replace(/Cell In\[\d*\], line \d+/g, " ")
    .replace(/(^|\s)(-+>|-{3,})/g, " ")
    .replace(/\S*[\/\\]\S*\.py\S*/g, " ");
}

var engine, pages, sections, synonyms;

function setup(index) {
  pages = new Map();
  sections = new Map();
  (index.config.pages || []).forEach(function (p) { pages.set(p.location, p); sections.set(p.location, []); });
  var docs = {};
  index.docs.forEach(function (doc) {
    var path = doc.location.split("#")[0];
    if (!pages.has(path)) return;
    if (doc.location === path) docs[path] = doc;
    else sections.get(path).push(doc);
  });
  engine = new MiniSearch({
    idField: "location",
    fields: FIELDS,
    storeFields: ["kind"],
    tokenize: tokenize,
    processTerm: processTerm
  });
  engine.addAll(Array.from(pages.values()).map(function (p) {
    var secs = sections.get(p.location);
    return {
      location: p.location, kind: p.kind, title: p.title, also: p.also.join(" \n "),
      answer: p.answer, errors: p.errors.join(" \n "),
      headings: secs.map(function (s) { return plain(s.title); }).join(" \n "),
      body: secs.map(function (s) { return plain(s.text); }).join(" \n ")
    };
  }));
  pages.forEach(function (p) { p.doc = docs[p.location] || { location: p.location, title: p.title, text: "" }; });
  // Synonyms: every glossary entry is a group of words that mean one thing here.
  synonyms = (index.config.glossary || []).map(function (entry) {
    return [entry.term].concat(entry.aliases).map(function (phrase) {
      return tokenize(phrase).map(processTerm).filter(Boolean);
    }).filter(function (words) { return words.length; });
  });
}

function queryTerms(query) {
  var terms = [];
  tokenize(clean(query)).forEach(function (t) {
    var p = processTerm(t);
    if (p && terms.indexOf(p) < 0) terms.push(p);
  });
  return terms;
}

// The words of every glossary group one of whose phrases the query contains, at a third of the weight.
function expand(terms) {
  var weight = new Map(terms.map(function (t) { return [t, 1]; }));
  synonyms.forEach(function (group) {
    var hit = group.some(function (words) {
      return words.every(function (w) { return weight.has(w) && weight.get(w) === 1; });
    });
    if (!hit) return;
    group.forEach(function (words) {
      if (words.length > 2) return;
      words.forEach(function (w) { if (!weight.has(w)) weight.set(w, SYNONYM); });
    });
  });
  return weight;
}

function highlight(html, terms) {
  if (!terms.length) return html;
  var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + terms.map(function (t) {
    return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("|") + ")([\\p{L}\\p{N}]*)", "giu");
  return String(html).split(/(<[^>]+>)/).map(function (part) {
    return part.charAt(0) === "<" ? part : part.replace(re, "$1<mark data-md-highlight>$2$3</mark>");
  }).join("");
}

function hits(doc, terms) {
  var text = (plain(doc.title) + " " + plain(doc.text)).toLowerCase();
  return terms.filter(function (t) { return new RegExp("(^|[^a-z0-9])" + t).test(text); }).length;
}

function search(query) {
  var terms = queryTerms(query);
  if (!terms.length) return { items: [] };
  var weight = expand(terms);
  var all = Array.from(weight.keys());
  var results = engine.search(all.join(" "), {
    processTerm: function (t) { return t; }, // already processed above
    combineWith: "OR",
    boost: BOOST,
    prefix: function (t) { return t.length >= 3 && weight.get(t) === 1; },
    fuzzy: function (t) { return t.length >= 6 && weight.get(t) === 1 ? 0.2 : false; },
    boostTerm: function (t) { return weight.get(t) || SYNONYM; },
    boostDocument: function (id, t, stored) { return stored && stored.kind === "exercise" ? EXERCISE : 1; }
  });
  var items = results.slice(0, 20).map(function (r) {
    var page = pages.get(r.id);
    var found = {};
    terms.forEach(function (t) { if (r.terms.some(function (m) { return m.indexOf(t) === 0; })) found[t] = true; });
    var marks = Object.keys(found);
    var article = Object.assign({}, page.doc, {
      title: highlight(page.doc.title, marks), text: highlight(page.teaser, marks), score: r.score, terms: found
    });
    var best = sections.get(r.id)
      .map(function (s) { return { s: s, n: hits(s, marks) }; })
      .filter(function (x) { return x.n > 0; })
      .sort(function (a, b) { return b.n - a.n; })
      .slice(0, 3)
      .map(function (x, i) {
        return Object.assign({}, x.s, {
          title: highlight(x.s.title, marks), text: highlight(x.s.text, marks),
          score: i === 0 ? r.score : r.score / 2, terms: found
        });
      });
    return [article].concat(best);
  });
  return { items: items };
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === SETUP) {
    setup(message.data);
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var data;
    try { data = search(String(message.data)); } catch (err) { console.warn(err); data = { items: [] }; }
    postMessage({ type: RESULT, data: data });
  }
});
