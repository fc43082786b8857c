/* gongkai search engine: reads the static index that gongkai/search/index.py writes.
 *
 * Loaded by gongkai-search.js on the search page only (and by tests/test_search_engine.py
 * in Node). A query downloads the language's manifest (once), one small term file per
 * query term and, for each result shown, one ~2,000-character part of the document for
 * its excerpt. Term rules mirror gongkai/search/terms.py exactly (tests compare them).
 *
 *   GongkaiSearch.open(indexUrl[, fetchJson]) -> Promise<engine>
 *   engine.facets        {unit: [...], year: [...], kind: [...]}
 *   engine.search(query, {filters: {unit, year, kind}})
 *     -> Promise<{results: [{data(): Promise<{url, meta: {title, unit, year, kind},
 *                                             excerpt: [[text, marked], ...]}>}],
 *                 exact: false when no document had the words as typed and the
 *                        results hold their characters apart instead}>
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.GongkaiSearch = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af";
  var TOKEN = new RegExp("([" + CJK + "]+)|((?:(?![" + CJK + "_])[\\p{L}\\p{N}])+)", "gu");
  var QUOTED = /["\u201c\u201d\u300c\u300d\u300e\u300f]([^"\u201c\u201d\u300c\u300d\u300e\u300f]+)["\u201c\u201d\u300c\u300d\u300e\u300f]/g;
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = {};
  for (var i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
  var K1 = 1.2, B = 0.75, TITLE_BOOST = 1.5;
  var EXCERPT_CHARS = 72, EXCERPT_LATIN = 180, EXCERPT_BEFORE = 0.3;

  function normalize(text) { return String(text).normalize("NFKC").toLowerCase(); }

  function stem(word) {
    var ends = function (s) { return word.slice(-s.length) === s; };
    if (word.length > 4 && ends("ies")) word = word.slice(0, -3) + "y";
    else if (word.length > 4 && ["sses", "xes", "ches", "shes", "zes"].some(ends)) word = word.slice(0, -2);
    else if (word.length > 3 && ends("s") && !["ss", "us", "is"].some(ends)) word = word.slice(0, -1);
    if (word.length > 5 && ends("ing")) word = word.slice(0, -3);
    else if (word.length > 4 && ends("ed")) word = word.slice(0, -2);
    return word;
  }

  function runs(text) {
    var out = [], m;
    var re = new RegExp(TOKEN.source, "gu");
    text = normalize(text);
    while ((m = re.exec(text))) out.push([Boolean(m[1]), m[0]]);
    return out;
  }

  /* Characters two by two, the last pair overlapping when the count is odd: most Chinese
     words have two characters, so 人民调解法律顾问 loosely becomes 人民 调解 法律 顾问. */
  function pairs(chars) {
    var out = [];
    for (var j = 0; j + 1 < chars.length; j += 2) out.push(chars[j] + chars[j + 1]);
    if (chars.length % 2) out.push(chars[chars.length - 2] + chars[chars.length - 1]);
    return out;
  }

  /* The index keys one query word needs (gongkai/search/terms.py: query_keys); loose: a long
     CJK word as separate pairs of characters, when nothing has it as typed. */
  function queryKeys(word, loose) {
    var keys = [];
    runs(word).forEach(function (r) {
      var run = r[1], n = Array.from(run).length, chars = Array.from(run);
      if (!r[0]) keys.push("w" + stem(run));
      else if (n === 1) keys.push("u" + run);
      else if (n === 2) keys.push("b" + run);
      else if (loose) pairs(chars).forEach(function (b) { keys.push("b" + b); });
      else {
        var starts = [];
        for (var s = 0; s < n - 2; s += 2) starts.push(s);
        if (starts.indexOf(n - 3) === -1) starts.push(n - 3);
        starts.forEach(function (s) { keys.push("t" + chars.slice(s, s + 3).join("")); });
      }
    });
    return keys.filter(function (k, idx) { return keys.indexOf(k) === idx; });
  }

  var CRC = (function () {
    var table = new Int32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
    return table;
  })();

  function bucketOf(key, buckets) {
    var bytes = new TextEncoder().encode(key), crc = -1;
    for (var j = 0; j < bytes.length; j++) crc = CRC[(crc ^ bytes[j]) & 0xff] ^ (crc >>> 8);
    return ((crc ^ -1) >>> 0) % buckets;
  }

  /* Postings string -> Map(document -> [occurrences, in title, part]). */
  function decode(text) {
    var out = new Map(), nums = [], n = 0, shift = 0, doc = 0;
    for (var j = 0; j < text.length; j++) {
      var v = VALUE[text.charCodeAt(j)];
      n += (v & 31) * Math.pow(2, shift);
      if (v < 32) { nums.push(n); n = 0; shift = 0; } else shift += 5;
    }
    for (var p = 0; p + 2 < nums.length; p += 3) {
      doc += nums[p];
      out.set(doc, [nums[p + 1] >> 1, nums[p + 1] & 1, nums[p + 2]]);
    }
    return out;
  }

  /* Words of a query: quoted phrases and whitespace-separated words, with their keys. */
  function parse(query, loose) {
    var words = [];
    var rest = String(query).replace(QUOTED, function (m, phrase) {
      words.push({ text: phrase, keys: queryKeys(phrase, false) });
      return " ";
    });
    rest.split(/\s+/).forEach(function (w) {
      if (w) words.push({ text: w, keys: queryKeys(w, loose) });
    });
    return words.filter(function (w) { return w.keys.length; });
  }

  function hasLongCjk(words) {
    return words.some(function (w) { return w.keys.some(function (k) { return k[0] === "t"; }); });
  }

  /* Strings to mark in excerpts: each word's runs (stems for other words). */
  function marks(words, loose) {
    var out = [];
    words.forEach(function (w) {
      runs(w.text).forEach(function (r) {
        if (!r[0]) out.push(stem(r[1]));
        else if (loose && Array.from(r[1]).length > 2) out.push.apply(out, pairs(Array.from(r[1])));
        else out.push(r[1]);
      });
    });
    return out.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
  }

  var LETTER = /[\p{L}\p{N}]/u;

  /* Where `needle` next occurs in `lower` from `from`; a Latin needle only at a word start. */
  function find(lower, needle, from) {
    var at = lower.indexOf(needle, from);
    if (!/^[a-z0-9]/.test(needle)) return at;
    while (at > 0 && LETTER.test(lower[at - 1])) at = lower.indexOf(needle, at + 1);
    return at;
  }

  function excerpt(blocks, needles) {
    var text = blocks.join(" ");
    var lower = text.toLowerCase();
    var first = -1;
    needles.forEach(function (s) {
      var at = find(lower, s, 0);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    });
    var latin = !new RegExp("[" + CJK + "]").test(text.slice(0, 200));
    var size = latin ? EXCERPT_LATIN : EXCERPT_CHARS;
    var start = first <= size * EXCERPT_BEFORE ? 0 : first - Math.round(size * EXCERPT_BEFORE);
    if (latin && start > 0) { var sp = text.lastIndexOf(" ", start); start = sp === -1 ? start : sp + 1; }
    var end = Math.min(text.length, start + size);
    var piece = text.slice(start, end), low = lower.slice(start, end), out = [], at = 0;
    if (start > 0) out.push(["…", false]);
    while (at < piece.length) {
      var best = -1, len = 0;
      needles.forEach(function (s) {
        var k = find(low, s, at);
        if (k !== -1 && (best === -1 || k < best || (k === best && s.length > len))) { best = k; len = s.length; }
      });
      if (best === -1) { out.push([piece.slice(at), false]); break; }
      if (best > at) out.push([piece.slice(at, best), false]);
      out.push([piece.slice(best, best + len), true]);
      at = best + len;
    }
    if (end < text.length) out.push(["…", false]);
    return out;
  }

  function defaultFetch(url, fresh) {
    return fetch(url, fresh ? { cache: "no-cache" } : undefined).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function open(indexUrl, fetchJson) {
    var base = String(indexUrl).replace(/\/?$/, "/");
    var get = fetchJson || defaultFetch;
    return get(base + "index.json", true).then(function (manifest) {
      return new Engine(base, manifest, get);
    });
  }

  function Engine(base, manifest, get) {
    this.base = base;
    this.folder = base + manifest.version + "/";
    this.site = new URL("../../", base).href; // search-index/<lang>/ -> site root
    this.manifest = manifest;
    this.facets = manifest.facets;
    this.get = get;
    this.files = new Map();
  }

  Engine.prototype.file = function (path) {
    if (!this.files.has(path)) {
      var p = this.get(this.folder + path);
      this.files.set(path, p);
      var files = this.files;
      p.catch(function () { files.delete(path); });
    }
    return this.files.get(path);
  };

  Engine.prototype.postings = function (key) {
    var ns = key[0], count = this.manifest.buckets[ns];
    if (!count) return Promise.resolve(new Map());
    return this.file(ns + "/" + bucketOf(key, count) + ".json").then(function (terms) {
      var text = terms[key.slice(1)];
      return text ? decode(text) : new Map();
    });
  };

  Engine.prototype.accepts = function (doc, filters) {
    var row = this.manifest.table[doc], f = this.facets;
    return ["unit", "year", "kind"].every(function (name, j) {
      return !filters[name] || f[name][row[j]] === filters[name];
    });
  };

  Engine.prototype.result = function (doc, part, needles) {
    var self = this, row = this.manifest.table[doc];
    part = Math.min(part || 0, row[3] - 1);
    return {
      doc: doc,
      data: function () {
        return self.file("p/" + doc + "-" + part + ".json").then(function (p) {
          return {
            url: new URL(p.url, self.site).href,
            meta: { title: p.title, unit: self.facets.unit[row[0]], year: self.facets.year[row[1]],
                    kind: self.facets.kind[row[2]] },
            excerpt: excerpt(p.text, needles),
          };
        });
      },
    };
  };

  Engine.prototype.match = function (words, filters, needles) {
    var self = this, m = this.manifest, total = m.documents, avg = m.average_length || 1;
    var keys = [];
    words.forEach(function (w) { w.keys.forEach(function (k) { if (keys.indexOf(k) === -1) keys.push(k); }); });
    return Promise.all(keys.map(function (k) { return self.postings(k); })).then(function (lists) {
      var byKey = new Map(keys.map(function (k, j) { return [k, lists[j]]; }));
      var scores = null, parts = new Map();
      words.forEach(function (w) {
        // documents with every key of the word; occurrences = the rarest key's
        var hits = null;
        w.keys.forEach(function (k) {
          var list = byKey.get(k), next = new Map();
          (hits || list).forEach(function (v, doc) {
            var other = hits ? list.get(doc) : v;
            if (!other) return;
            next.set(doc, hits ? [Math.min(v[0], other[0]), v[1] && other[1], v[2]] : v.slice());
          });
          hits = next;
        });
        var df = hits.size, idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        var next = new Map();
        hits.forEach(function (v, doc) {
          if (scores && !scores.has(doc)) return;
          var len = m.table[doc][4];
          var s = idf * (v[0] * (K1 + 1)) / (v[0] + K1 * (1 - B + B * len / avg)) + (v[1] ? TITLE_BOOST * idf : 0);
          next.set(doc, (scores ? scores.get(doc) : 0) + s);
          var votes = parts.get(doc) || [];
          votes.push(v[2]);
          parts.set(doc, votes);
        });
        scores = next;
      });
      var docs = [];
      (scores || new Map()).forEach(function (s, doc) { if (self.accepts(doc, filters)) docs.push([doc, s]); });
      docs.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return docs.map(function (d) { return self.result(d[0], commonest(parts.get(d[0])), needles); });
    });
  };

  /* The part most query words first occur in (the earliest on a tie). */
  function commonest(votes) {
    var best = 0, most = 0;
    (votes || [0]).forEach(function (v) {
      var c = votes.filter(function (x) { return x === v; }).length;
      if (c > most || (c === most && v < best)) { best = v; most = c; }
    });
    return best;
  }

  Engine.prototype.search = function (query, options) {
    var self = this, filters = (options && options.filters) || {};
    var words = parse(query || "", false);
    if (!words.length) { // filters alone: newest first (documents are numbered so)
      var all = [];
      for (var d = 0; d < this.manifest.documents; d++) if (this.accepts(d, filters)) all.push(this.result(d, 0, []));
      return Promise.resolve({ results: all, exact: true });
    }
    return this.match(words, filters, marks(words, false)).then(function (results) {
      if (results.length || !hasLongCjk(words)) return { results: results, exact: true };
      var loose = parse(query, true);
      return self.match(loose, filters, marks(loose, true)).then(function (more) {
        return { results: more, exact: false };
      });
    });
  };

  return { open: open, queryKeys: queryKeys, runs: runs, stem: stem, bucketOf: bucketOf, decode: decode,
           excerpt: excerpt, parse: parse };
});
