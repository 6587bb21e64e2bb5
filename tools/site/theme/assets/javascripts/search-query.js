// Clean a search query before Material's search worker sees it: drop stop words, trim suffixes.
//
// Material appends a trailing wildcard to every query term, so a stop word such as "a" or "in"
// becomes "a*" or "in*" and matches nearly every page ("autograd", "in-place", ...). The index
// drops stop words anyway, so dropping them from the query loses nothing. Pasted error messages
// and code keep their words: `RuntimeError: grad can ...`, `lr * param.grad / batch_size`.
// The worker is created by Material's bundle, which this script precedes (see tools/theme/main.html).
(function () {
  var QUERY = 2; // SearchMessageType.QUERY in Material's search worker protocol
  var STOP = new Set((
    "a able about across after all almost also am among an and any are as at be because been but by " +
    "can cannot could dear did do does either else ever every for from get got had has have he her hers " +
    "him his how however i if in into is it its just least let like likely may me might most must my " +
    "neither no nor not of off often on only or other our own rather said say says she should since so " +
    "some than that the their them then there these they this tis to too twas us wants was we were what " +
    "when where which while who whom why will with would yet you your"
  ).split(" "));

  // Material appends a wildcard to each term, so trimming a common suffix makes one word match its
  // other forms: "shuffling" -> "shuffl*" finds "shuffle", "batches" -> "batch*" finds "batch".
  function trimSuffix(word) {
    var m = word.match(/^(.{4,}?)(ations?|ing|ed|es|e|s|ly)$/i);
    return m ? m[1] : word;
  }

  function clean(query) {
    var words = query.split(/[\s\-_.,;!?=\[\]()"'\/<>{}*+^~`]+/).filter(function (word) {
      var plain = word.replace(/:$/, "").toLowerCase();
      return plain.length > 1 && !STOP.has(plain);
    }).map(function (word) { return trimSuffix(word.replace(/:$/, "")); });
    // Keep the raw query if nothing is left (say, "why"), so the user still sees an answer.
    return words.length ? words.join(" ") : query;
  }

  var Original = window.Worker;
  window.Worker = function (url, options) {
    var worker = new Original(url, options);
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message) {
      if (message && message.type === QUERY && typeof message.data === "string")
        message = { type: QUERY, data: clean(message.data) };
      return post(message);
    };
    return worker;
  };
  window.Worker.prototype = Original.prototype;
})();
