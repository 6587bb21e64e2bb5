// The site's search worker. Material's search box, result list, keyboard navigation and
// highlighting stay as they are; they talk to this worker with Material's own messages
// (SETUP, READY, QUERY, RESULT). Behind them, MiniSearch (BM25, prefix and fuzzy matching,
// field boosts) ranks whole pages, using what tools/site/search.py adds to the index:
// each page's title, "also asked" phrasings, short answer, the error messages it demonstrates,
// and the glossary's synonyms.
importScripts("vendor/minisearch-7.2.0.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var STOP = new Set(); // the words too common to search for: tools/site/search_index.py sends them
// Two indexes, both built at build time by tools/site/search_index.py, so that the first query is
// answered as soon as a page loads: the first (in search_index.json) holds each page's title and
// "also asked" phrasings; the second (fetched at the first query) its short answer, error messages,
// headings and other words. When the second is complete, the last query is answered again. A field
// scores the same in either index (BM25 counts a term's pages field by field, and every page is in
// both), so the final ranking is as one index's.
var FIRST = { title: 6, also: 5 };
var SECOND = { answer: 3, errors: 3, headings: 1.5, body: 0.5 };
var SYNONYM = 0.3; // a synonym helps a page that lacks the query's own word, without outranking one that has it
var EXERCISE = 0.75; // a question page that answers outranks an exercise that shares words (a pasted
// error goes to the page that shows it, whatever its kind: exercises show errors too)
var PHRASING = 2; // a query worded like a page's title or one of its "also asked" phrasings counts up to 3x
var SAME_ERROR = 10; // a pasted error that contains a message the page demonstrates counts up to 11x
var SAME_CODE = 2; // ... and more when the code around it is like the code that demonstrates it
var SAME_NUMBERS = 1.5; // ... and more when its numbers are the page's (the same shapes and sizes)
var PAGE_CODE = 0.5; // ... and up to this share more when the page's code anywhere has the learner's names
var NEARLY = 15; // the power on the share of a message's words: near 1 only when nearly all are there
var BARE = 0.9; // a message pasted without its class name is the same error with this share of its words
var BASE = 0.5; // for a pasted error, the power on the word-match score: whether a page shows the same
// error, with code like the learner's, counts for more than how often the page uses the message's words

function stem(word) {
  // A light suffix trim, the same for the index and the query: "shuffling" ~ "shuffle".
  var m = word.match(/^(.{3,}?)(ations?|ings?|ed|ies|es|s|ly|e)$/);
  return m ? m[1] : word;
}

function tokenize(text) {
  return String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u);
}

// Remembered: the index repeats a small vocabulary many times (at 2000 pages, 60 ms of the setup).
var processed = new Map();

function processTerm(term) {
  var done = processed.get(term);
  if (done !== undefined) return done;
  // Numbers, addresses (0x7f3a...) and shapes (10x2) differ from one run to the next: not words.
  done = term.length < 2 || STOP.has(term) || /^(\d+(x\d+)*|0x[0-9a-f]+)$/.test(term) ? null : stem(term);
  processed.set(term, done);
  return done;
}

function termSet(terms) {
  return new Set(terms ? terms.split(" ") : []);
}

function plain(html) {
  return String(html).replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ");
}

// A traceback's frames, in both forms: Python's `File "path", line 5, in f` and IPython's
// `File path:5, in f(args)`, `Cell In[3], line 5`, `<ipython-input-3-...> in <module>`.
var FRAME = /File\s+"[^"]*",\s+line\s+\d+|File\s+\S+:\d+|Cell In\[\d*\], line \d+|<ipython-input-[^>]*>/g;
// Frames inside installed packages (torch's own code) say how the library got to the error, not
// what the learner wrote: their code lines are dropped, up to the next frame or the message.
var LIBRARY = /site-packages|dist-packages|[\/\\]lib[\/\\]python\d|[\/\\]Lib[\/\\]/;
var MESSAGE_START = /[A-Za-z_.]*(Error|Warning|Exception):/;

function withoutLibraryFrames(query) {
  var starts = [];
  query.replace(FRAME, function (frame, at) { starts.push([at, frame]); return frame; });
  if (!starts.some(function (s) { return LIBRARY.test(s[1]); })) return query;
  var kept = query.slice(0, starts[0][0]);
  starts.forEach(function (s, i) {
    var part = query.slice(s[0], i + 1 < starts.length ? starts[i + 1][0] : query.length);
    if (!LIBRARY.test(s[1])) { kept += part; return; }
    var message = part.search(MESSAGE_START);
    kept += " " + (message >= 0 ? part.slice(message) : "");
  });
  return kept;
}

// Of a path in a traceback, only the name the learner gave the script ("zero_init.py": "zero_init"),
// which often says what they were doing; nothing of an installed package's path.
function scriptName(path) {
  if (LIBRARY.test(path)) return " ";
  var m = path.match(/([^\/\\~"]+)\.py\b/);
  return m ? " " + m[1] + " " : " ";
}

// Pasted tracebacks carry noise: paths, line numbers, frames. Keep the messages and the code.
function clean(query) {
  return withoutLibraryFrames(query)
    .replace(/Traceback \(most recent call last\):?/g, " ")
    .replace(/File "[^"]*", line \d+(, in \S+)?/g, scriptName)
    .replace(/Cell In\[\d*\], line \d+/g, " ")
    .replace(/<ipython-input-[^>]*>(:\d+:?)?/g, " ") // an old IPython's cell name, a warning's prefix
    .replace(/\S*[\/\\~]\S*\.py(:\d+)?,? in [\w.<>]+(\([^)]*\))?/g, scriptName) // IPython's frame: path:line, in f(args)
    .replace(/(^|\s)(-+>|-{3,})/g, " ")
    .replace(/\S*[\/\\]\S*\.py\S*/g, scriptName);
}

var first, second, complete = false, lastQuery = null, scheduled = false, pages, sections, synonyms;
var moreUrl, moreIndexUrl, moreRequested = false;
// Both indexes' options; tools/site/search_index.py builds the second with the same tokenizer and terms.
var OPTIONS = { idField: "location", storeFields: ["kind"], tokenize: tokenize, processTerm: processTerm };
var codeCount = new Map(), codeTotal = 0; // in how many messages' code each word is, of how many

function setup(index) {
  STOP = new Set(index.config.stop || []);
  processed.clear();
  pages = new Map();
  sections = new Map();
  (index.config.pages || []).forEach(function (p) { pages.set(p.location, p); sections.set(p.location, []); });
  index.docs.forEach(function (doc) { if (pages.has(doc.location)) pages.get(doc.location).doc = doc; });
  pages.forEach(function (p) {
    p.doc = p.doc || { location: p.location, title: p.title, text: "" };
  });
  // Synonyms: every glossary entry is a group of words that mean one thing here.
  synonyms = (index.config.glossary || []).map(function (entry) {
    return [entry.term].concat(entry.aliases).map(function (phrase) {
      return tokenize(phrase).map(processTerm).filter(Boolean);
    }).filter(function (words) { return words.length; });
  });
  // Built at build time from each page's title and phrasings (tools/site/search_index.py): loading
  // it is quicker than indexing them here.
  first = MiniSearch.loadJSON(index.config.first_index, Object.assign({ fields: Object.keys(FIRST) }, OPTIONS));
  moreUrl = new URL("../../search/" + index.config.more, self.location.href);
  moreIndexUrl = new URL("../../search/" + index.config.more_index, self.location.href);
}

// The rest of the index is fetched by the worker itself at the first query, so that a reader who
// never searches never downloads it. This script lives in assets/javascripts/; the index in search/.
function loadMore() {
  if (moreRequested) return;
  moreRequested = true;
  Promise.all([
    fetch(moreUrl).then(function (response) { return response.json(); }),
    fetch(moreIndexUrl).then(function (response) { return response.text(); })
  ])
    .then(function (got) {
      var more = got[0];
      pages.forEach(function (p) {
        var extra = more[p.location];
        if (!extra) return;
        sections.set(p.location, extra.sections.map(function (s) {
          return { location: p.location + "#" + s[0], title: s[1], text: "" };
        }));
        // The words of each message the page demonstrates, and of each block that demonstrates one,
        // as tools/site/search_index.py reads them: as queryTerms would, one-letter names kept in code.
        p.messageWords = extra.messages;
        p.messageNumbers = extra.numbers || [];
        p.blocks = extra.blocks;
        p.codes = extra.codes || [];
        p.otherCode = extra.code || "";
      });
      // At once, not a part at a time (loadJSONAsync): at 2000 pages 0.2 s, against 1.6 s in parts.
      second = MiniSearch.loadJSON(got[1], Object.assign({ fields: Object.keys(SECOND) }, OPTIONS));
      complete = true;
      if (lastQuery !== null) answer(lastQuery);
    })
    .catch(function (err) { console.warn("search: the second part of the index did not load", err); });
}

// The words of the code of each block that demonstrates a message, as sets, and in how many
// messages' code each word is, and the words of all of a page's code: made at the first pasted
// error that needs them, so that typed questions never pay for them.
var codesRead = false;
function readCodes() {
  if (codesRead || !complete) return;
  codesRead = true;
  pages.forEach(function (p) {
    var messages = messagesOf(p);
    var blocks = (p.blocks || []).map(termSet);
    p.allCode = termSet(p.otherCode || "");
    blocks.forEach(function (words) { words.forEach(function (w) { p.allCode.add(w); }); });
    (p.codes || []).forEach(function (codes, i) {
      if (!messages[i]) return;
      messages[i].codes = codes.map(function (block) {
        blocks[block].forEach(function (w) { codeCount.set(w, (codeCount.get(w) || 0) + 1); });
        codeTotal++;
        return blocks[block];
      });
    });
  });
}

// Every word, stop words included: "what does sub_ do" is worded like "What does param.data.sub_() do?".
function wordSet(text) {
  return new Set(tokenize(plain(text)).filter(function (w) { return w.length > 1; }).map(stem));
}

// A page's title and phrasings as sets of words, and its messages' words (with the words of the code
// that demonstrates each, once the second part has come): made when a query first needs them, so
// that the first index is ready sooner (at 2000 pages, 80 ms of the worker's setup).
function phrasingsOf(p) {
  return p.phrasings || (p.phrasings = [p.title].concat(p.also).map(wordSet));
}

function messagesOf(p) {
  if (!p.messageWords) return []; // until the second part has come
  return p.messages || (p.messages = p.messageWords.map(function (m, i) {
    return { words: termSet(m), codes: [], numbers: (p.messageNumbers[i] || "").split(" ").filter(Boolean) };
  }));
}

// How closely the query is worded like one of the page's phrasings (Dice overlap of their words).
function likeness(words, page) {
  var best = 0;
  phrasingsOf(page).forEach(function (phrase) {
    var common = 0;
    words.forEach(function (w) { if (phrase.has(w)) common++; });
    best = Math.max(best, 2 * common / (words.size + phrase.size));
  });
  return best;
}

// A message whose numbers are all in the pasted one (`shape '[32, 1]' is invalid for input of size 8`)
// is the same error met in the same setting (numbers are not words: both would have the same words).
function sameNumbers(m, pasted) {
  if (!pasted || !m.numbers.length) return false;
  var left = new Map(pasted);
  return m.numbers.every(function (n) {
    var count = left.get(n) || 0;
    left.set(n, count - 1);
    return count > 0;
  });
}

// How completely a pasted message contains one of the messages the page demonstrates (the share of
// that message's content words it has, to the power NEARLY: it is the same error only when nearly
// all of them are there; 7 of 8 words count 0.14, 4 of 5 count 0.04): a learner pastes more than
// the message, rarely less.
// When two pages demonstrate the same message, the one whose code is like the learner's own code
// in the traceback (`code`: each of its words with its rarity) is the closer: up to 1 + SAME_CODE times,
// and SAME_NUMBERS times more when the message has the pasted numbers (`numbers`, each with its count).
function sameError(message, page, code, numbers) {
  var all = 0;
  if (code) code.forEach(function (rare) { all += rare; });
  var best = 0;
  messagesOf(page).forEach(function (m) {
    var common = 0;
    m.words.forEach(function (w) { if (message.has(w)) common++; });
    // A message of a few words ("x and y must be the same size") is the same error only when it is
    // all that was pasted: its words, and an error class name.
    if (m.words.size < 4 && !(common === m.words.size && Array.from(message).every(function (w) {
      return m.words.has(w) || /.(error|warning|exception)$/.test(w);
    }))) return;
    var alike = 0; // the block most like the learner's code, of those that show the message
    if (code && all) m.codes.forEach(function (words) {
      var shared = 0;
      code.forEach(function (rare, w) { if (words.has(w)) shared += rare; });
      alike = Math.max(alike, shared / all);
    });
    best = Math.max(best, Math.pow(common / m.words.size, NEARLY) * (1 + SAME_CODE * alike) *
      (sameNumbers(m, numbers) ? SAME_NUMBERS : 1));
  });
  return best;
}

// How much of the learner's code (each word at its rarity) is anywhere in the page's code: the same
// error met in this page's exercise (`abs_loss`, `val_l`) rather than in another page's.
function codeShare(code, page) {
  var all = 0, shared = 0;
  code.forEach(function (rare, w) {
    all += rare;
    if (page.allCode && page.allCode.has(w)) shared += rare;
  });
  return all ? shared / all : 0;
}

// The words of each pasted message on its own, each once (a warning, then the error it led to).
function eachMessage(texts) {
  var seen = new Set();
  return texts.map(function (m) { return queryTerms(m); }).filter(function (terms) {
    var key = terms.join(" ");
    return !seen.has(key) && seen.add(key);
  }).map(function (terms) { return new Set(terms); });
}

// The share of a paste's messages that the page shows: a page that shows both the warning and the
// error that followed it is more like the learner's run than one that shows only one of them.
function shareShown(each, page) {
  if (each.length < 2) return 1;
  var shown = each.filter(function (m) { return sameError(m, page) >= Math.pow(BARE, NEARLY); }).length;
  return Math.max(shown, 1) / each.length;
}

// Names joined by underscores, whole (`no_grad`, `requires_grad`, `retain_graph`): as words,
// `no_grad` is only `grad`, which every autograd message has. Code words, not an index's.
function compoundNames(text) {
  return (String(text).toLowerCase().match(/[\p{L}\p{N}_]+/gu) || []).filter(function (name) {
    return /[\p{L}\p{N}]_+[\p{L}\p{N}]/u.test(name);
  }).map(function (name) { return name.replace(/^_+|_+$/g, ""); });
}

function queryTerms(query) {
  var terms = [];
  tokenize(clean(query)).forEach(function (t) {
    var p = processTerm(t);
    if (p && terms.indexOf(p) < 0) terms.push(p);
  });
  return terms;
}

// In a pasted traceback the messages say what went wrong ("RuntimeError: ...", "UserWarning: ...",
// each up to the next frame, the end, the "(Triggered internally at ...)" that ends torch's
// warnings, or a sentence's end followed by a statement (`... (sourceTensor). batch_indices = ...`):
// the code line Python prints after a warning is the learner's); the code lines and frames around
// them only hint.
var MESSAGE = /[A-Za-z_.]*(Error|Warning|Exception):([\s\S]*?)(?=\s-{3,}|\sTraceback\b|\sCell In\[|\sFile\s|[A-Za-z_.]*(Error|Warning|Exception):|$|(?<=\(Triggered internally at [^)]*\))|(?<=\.)\s+[A-Za-z_][\w.]*(\[[^\]]*\])?\s*([-+*\/]?=[^=]|\())/g;
var CONTEXT = 0.4;

// The words of a pasted error's messages (every "XError: ..." in it); null for a typed question.
function messageOf(query) {
  var found = query.match(MESSAGE);
  return found ? new Set(queryTerms(found.join(" "))) : null;
}

var RELEVANT = 0.1; // a result's least share of the best score

// Each query term's weight: 1, or CONTEXT for the code and frames around a pasted message; for a
// typed question, the words of every glossary group one of whose phrases it contains, at SYNONYM.
function expand(terms, message) {
  // An error's class name ("RuntimeError") says little about which error it is: it counts as context.
  var weight = new Map(terms.map(function (t) {
    return [t, message && (!message.has(t) || /.(error|warning|exception)$/.test(t)) ? CONTEXT : 1];
  }));
  // Synonyms are for a learner's own words; a pasted message is the library's exact wording.
  if (message) return weight;
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

// Marks every word that begins with one of the terms (terms are letters and digits only, as
// tokenize makes them). Word by word against a set of the terms, not one regular expression of all
// of them: a pasted traceback has a hundred terms, and such an expression took half a paste's time.
function highlight(html, terms) {
  if (!terms.length) return html;
  var marks = new Set(terms), longest = 0;
  terms.forEach(function (t) { longest = Math.max(longest, t.length); });
  return String(html).split(/(<[^>]+>)/).map(function (part) {
    return part.charAt(0) === "<" ? part : part.replace(/[\p{L}\p{N}]+/gu, function (word) {
      var lower = word.toLowerCase();
      for (var n = Math.min(longest, lower.length); n > 0; n--) {
        if (marks.has(lower.slice(0, n))) return "<mark data-md-highlight>" + word + "</mark>";
      }
      return word;
    });
  }).join("");
}

// The words of the learner's code and frames around a pasted message (not the error class names):
// its terms that are not the message's, one-letter names (`l.grad`, `w = w - ...`) and names with
// underscores whole (`no_grad`), from outside the messages only.
function learnersCode(query, message, terms) {
  var outside = clean(query).replace(MESSAGE, " ");
  var letters = tokenize(outside).filter(function (t) { return /^[a-z]$/.test(t); });
  return terms.concat(letters, compoundNames(outside), codeHabits(outside)).filter(function (t) {
    return !message.has(t) && !/.(error|warning|exception)$/.test(t);
  });
}

// What the code does to a name, which its words cannot say: `w = w - ...` rebinds it, `w -= ...`
// changes it in place, and `randn(..., requires_grad=True) * 1000` is no longer a leaf (tokens no
// word can be; tools/site/search_index.py's code_habits).
function codeHabits(code) {
  return (/\b([A-Za-z_]\w*)\s*=\s*\1\s*[-+*\/]/.test(code) ? [":rebind"] : [])
    .concat(/[-+*\/]=(?!=)/.test(code) ? [":inplace"] : [])
    .concat(/requires_grad\s*=\s*True\s*\)\s*[-+*\/@]/i.test(code) ? [":scaled"] : []);
}

// How many of the terms begin a word of a section: its lowercase text and each term's expression
// are kept, as every paste asks the same of up to twenty pages' sections.
var lowerText = new WeakMap(), startsWord = new Map();
function hits(doc, terms) {
  var text = lowerText.get(doc);
  if (text === undefined) lowerText.set(doc, text = (plain(doc.title) + " " + plain(doc.text)).toLowerCase());
  if (startsWord.size > 10000) startsWord.clear();
  return terms.filter(function (t) {
    var re = startsWord.get(t);
    if (!re) startsWord.set(t, re = new RegExp("(^|[^a-z0-9])" + t));
    return re.test(text);
  }).length;
}

function search(query) {
  var terms = queryTerms(query);
  if (!terms.length) return { items: [] };
  var message = messageOf(query);
  var weight = expand(terms, message);
  var all = Array.from(weight.keys());
  var options = {
    processTerm: function (t) { return t; }, // already processed above
    combineWith: "OR",
    prefix: function (t) { return t.length >= 3 && weight.get(t) >= CONTEXT; },
    // Not the code and frames around a pasted message: in a long traceback they are a hundred words,
    // and matching them fuzzily took 40 % of a paste's time for one changed ranking in 1964.
    fuzzy: function (t) { return t.length >= 6 && weight.get(t) >= (message ? 1 : CONTEXT) ? 0.2 : false; },
    boostTerm: function (t) { return weight.get(t) || SYNONYM; },
    boostDocument: function (id, t, stored) { return stored && stored.kind === "exercise" && !message ? EXERCISE : 1; }
  };
  // As one index would: the sum of the fields' scores, times how much of the query matched (each
  // query term counted at its weight: a traceback's code lines and a synonym count less than the message).
  var found = new Map();
  [[first, FIRST]].concat(complete ? [[second, SECOND]] : []).forEach(function (index) {
    index[0].search(all.join(" "), Object.assign({ boost: index[1] }, options)).forEach(function (r) {
      var f = found.get(r.id) || { id: r.id, sum: 0, terms: [], query: new Set() };
      f.sum += r.score / (r.queryTerms.length || 1);
      f.terms = f.terms.concat(r.terms);
      r.queryTerms.forEach(function (t) { f.query.add(t); });
      found.set(r.id, f);
    });
  });
  var results = Array.from(found.values()).map(function (f) {
    var matched = 0;
    f.query.forEach(function (t) { matched += weight.get(t) || SYNONYM; });
    return { id: f.id, terms: f.terms, score: f.sum * (matched || 1) };
  });
  var words = wordSet(clean(query));
  // A message pasted without its class name is all the query: it counts when it has 90 % of a message's words.
  var said = new Set(terms);
  // The learner's code around a pasted message, each word with its rarity among the demonstrating
  // blocks' code: `grad` says less than `planck` or `print`.
  if (message) readCodes();
  var code = message ? new Map(learnersCode(query, message, terms).map(function (t) {
    return [t, Math.log(1 + codeTotal / (1 + (codeCount.get(t) || 0)))];
  })) : null;
  // The numbers of the pasted messages (not of paths or addresses), each with how often it occurs.
  var messageTexts = message ? query.match(MESSAGE) : [];
  var numbers = ((message ? messageTexts.join(" ") : query).replace(/\S*[\/\\]\S*/g, " ").match(/\d+/g) || [])
    .reduce(function (counts, n) { return counts.set(n, (counts.get(n) || 0) + 1); }, new Map());
  var each = eachMessage(messageTexts);
  results.forEach(function (r) {
    var page = pages.get(r.id);
    if (message) {
      r.same = sameError(message, page, code, numbers) * shareShown(each, page) * (1 + PAGE_CODE * codeShare(code, page));
      return;
    }
    // A bare message: the same error or not, and in the same setting when its numbers are the page's.
    var alone = sameError(said, page);
    r.same = alone < Math.pow(BARE, NEARLY) ? 0 : sameError(said, page, null, numbers) > alone ? SAME_NUMBERS : 1;
  });
  // A message pasted bare, one that a page demonstrates, is a pasted error too.
  var pasted = message || results.some(function (r) { return r.same; });
  results.forEach(function (r) {
    if (pasted) r.score = Math.pow(r.score, BASE);
    r.score *= 1 + PHRASING * likeness(words, pages.get(r.id));
    r.worded = r.score;
    r.score *= 1 + SAME_ERROR * r.same;
  });
  results.sort(function (a, b) { return b.score - a.score; });
  // Pages far below the best in words share only a word or two with the query: leave them out.
  // Judged on words alone, so that the pages showing a pasted error come first and the closest
  // others still follow them (the error the learner met may be on one of those).
  var topWorded = Math.max.apply(null, results.map(function (r) { return r.worded; }));
  results = results.filter(function (r) { return r.worded >= RELEVANT * topWorded; });
  var items = results.slice(0, 20).map(function (r) {
    var page = pages.get(r.id);
    var matched = {};
    terms.forEach(function (t) { if (r.terms.some(function (m) { return m.indexOf(t) === 0; })) matched[t] = true; });
    var marks = Object.keys(matched);
    var article = Object.assign({}, page.doc, {
      title: highlight(page.doc.title, marks), text: highlight(page.doc.text, marks), score: r.score, terms: matched
    });
    var best = sections.get(r.id)
      .map(function (s) { return { s: s, n: hits(s, marks) }; })
      .filter(function (x) { return x.n > 0; })
      .sort(function (a, b) { return b.n - a.n; })
      .slice(0, 3)
      .map(function (x, i) {
        return Object.assign({}, x.s, {
          title: highlight(x.s.title, marks), text: highlight(x.s.text, marks),
          score: i === 0 ? r.score : r.score / 2, terms: matched
        });
      });
    return [article].concat(best);
  });
  return { items: items };
}

function answer(query) {
  var data;
  try { data = search(query); } catch (err) { console.warn(err); data = { items: [] }; }
  // `complete`: whether this ranking had the whole index (Material reads only `type` and `data`;
  // tools/measure/search_eval.py waits for a complete answer).
  postMessage({ type: RESULT, data: data, complete: complete });
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === SETUP) {
    setup(message.data);
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    // Material sends a query at every keystroke. Answer only the newest: the ones typed while
    // a search ran are already out of date, and answering each would make the last one wait.
    lastQuery = String(message.data);
    // Material sends the box's empty value when a page loads: that is not a reader searching.
    if (lastQuery.trim()) loadMore();
    if (!scheduled) {
      scheduled = true;
      setTimeout(function () { scheduled = false; answer(lastQuery); }, 0);
    }
  }
});
