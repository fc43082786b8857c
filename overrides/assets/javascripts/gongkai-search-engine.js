/* gongkai search engine: reads the static index that gongkai/search/index.py writes.
 *
 * Loaded by gongkai-search.js on the search page only (and by tests/test_search_engine.py
 * in Node). A query downloads the language's manifest (once), one small term file per
 * query term and, for each result shown, one ~2,000-character part of the document for
 * its excerpt. How text becomes terms (CJK ranges, follow bits, stemming, posting widths)
 * is not written here: the manifest's "rules" carry it from gongkai/search/terms.py, and
 * an index of another format is refused.
 *
 *   GongkaiSearch.open(indexUrl[, {fetchJson, manifest}]) -> Promise<engine>
 *       (rejects with error.code "format" for an index this engine cannot read)
 *   engine.facets        {unit: [...], year: [...], kind: [...]}
 *   engine.search(query, {filters: {unit, year, kind}})
 *     -> Promise<{results: [{data(): Promise<{url, meta: {title, unit, year, kind},
 *                                             excerpt: [[text, marked], ...], exact}>}],
 *                 exact: false when no document had the words as typed and the
 *                        results hold their characters apart instead}>
 *       a result's `exact` says its text holds every word as typed, checked in the part
 *       fetched for its excerpt (a pair's follow mask can match a page without the string)
 *   GongkaiSearch.tokeniser(rules) -> {normalize, runs, stem, fold, parse, excerpt, marks, hasLongCjk}
 *   GongkaiSearch.unquoted(query)
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.GongkaiSearch = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FORMAT = 3; // gongkai/search/index.py FORMAT: the only index this engine reads
  var QUOTES = "\"\uff02\u201c\u201d\u300c\u300d\u300e\u300f";
  var QUOTED = new RegExp("[" + QUOTES + "]([^" + QUOTES + "]+)[" + QUOTES + "]", "g");
  var MAX_TERMS = 16; // files one query may fetch (each a few KB)
  var K1 = 1.2, B = 0.75, TITLE_BOOST = 1.5;
  var EXCERPT_CHARS = 72, EXCERPT_LATIN = 180, EXCERPT_BEFORE = 0.3;

  function normalize(text) { return String(text).normalize("NFKC").toLowerCase(); }

  function charClass(ranges) {
    return ranges.map(function (r) { return "\\u{" + r[0].toString(16) + "}-\\u{" + r[1].toString(16) + "}"; }).join("");
  }

  /* `text` folded as the index folds it (NFKC, lower case), a character at a time, and for
     each unit of the result the index in `text` it came from. */
  function fold(text) {
    var out = "", from = [];
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      var folded = normalize(ch);
      for (var k = 0; k < folded.length; k++) from.push(i);
      out += folded;
      i += ch.length;
    }
    from.push(text.length);
    return { text: out, from: from };
  }

  /* Characters two by two, the last pair overlapping when the count is odd: most Chinese
     words have two characters, so 人民调解法律顾问 loosely becomes 人民 调解 法律 顾问. */
  function pairs(chars) {
    var out = [];
    for (var j = 0; j + 1 < chars.length; j += 2) out.push(chars[j] + chars[j + 1]);
    if (chars.length % 2) out.push(chars[chars.length - 2] + chars[chars.length - 1]);
    return out;
  }

  /* The query side of gongkai/search/terms.py, built from the manifest's rules. */
  function tokeniser(rules) {
    var cjk = charClass(rules.cjk);
    // a word character: a letter or digit that is not CJK, or one of the ranges the builder
    // counts as letters whatever its Unicode version knows (terms.py WORD)
    var wordChar = "(?:(?![" + cjk + "_])[\\p{L}\\p{N}]|[" + charClass(rules.word_extra) + "])";
    var token = new RegExp("([" + cjk + "]+)|(" + wordChar + "+)", "gu");
    var wordStart = new RegExp("^" + wordChar, "u");
    var hasCjk = new RegExp("[" + cjk + "]", "u");
    var followBits = rules.follow_bits;

    function stem(word) { // terms.py: stem; lengths in characters, as Python counts them
      rules.stem.forEach(function (group) {
        var size = Array.from(word).length;
        group.some(function (rule) {
          var ends = function (s) { return word.slice(-s.length) === s; };
          if (size > rule[0] && ends(rule[1]) && !rule[3].some(ends)) {
            word = word.slice(0, word.length - rule[1].length) + rule[2];
            return true;
          }
          return false;
        });
      });
      return word;
    }

    /* [[isCjk, text], ...]: the runs of CJK characters and the words of normalised text. */
    function runs(text) {
      var out = [], m;
      var re = new RegExp(token.source, "gu");
      text = normalize(text);
      while ((m = re.exec(text))) out.push([Boolean(m[1]), m[0]]);
      return out;
    }

    /* What one query word needs from the index: a list of {ns, term, follow}; a document
       matches when it has every term and, where follow is set, the term's follow mask holds
       that bit. A CJK run of three or more characters: each pair of neighbours, followed by
       the character after it (上坪镇 → 上坪 then 镇, and 坪镇), so a page with only 上坪村
       and 松坪镇 does not match. mode "stride": every other pair (a long query in fewer
       files); "loose": a long run as separate pairs, when nothing has it as typed.
       `verify`: the runs the index cannot promise are in the text as typed. */
    function queryWord(word, mode, quoted) {
      var needs = [], verify = [];
      runs(word).forEach(function (r) {
        var chars = Array.from(r[1]), n = chars.length;
        if (!r[0]) needs.push({ ns: "w", term: stem(r[1]), follow: -1 });
        else if (n === 1) needs.push({ ns: "u", term: chars[0], follow: -1 });
        else if (mode === "loose" && n > 2) {
          pairs(chars).forEach(function (b) { needs.push({ ns: "b", term: b, follow: -1 }); });
        } else {
          if (n > 2) verify.push(r[1]);
          var step = mode === "stride" ? 2 : 1;
          for (var s = 0; s + 1 < n; s += step) {
            var next = s + 2 < n ? chars[s + 2].codePointAt(0) % followBits : -1;
            needs.push({ ns: "b", term: chars[s] + chars[s + 1], follow: next });
            if (step === 2 && s + 3 === n) break; // the last character was checked as a follower
          }
        }
      });
      var seen = {};
      needs = needs.filter(function (x) {
        var id = x.ns + x.term + "/" + x.follow;
        return seen[id] ? false : (seen[id] = true);
      });
      return { text: word, needs: needs, verify: verify, quoted: quoted };
    }

    /* Words of a query: quoted phrases and whitespace-separated words, with their needs. A
       long query (a pasted sentence) is looked up in at most MAX_TERMS files: every other
       pair, then only its first terms. */
    function parse(query, loose) {
      function words(mode) {
        var out = [];
        var rest = String(query).replace(QUOTED, function (m, phrase) {
          out.push(queryWord(phrase, mode === "loose" ? "all" : mode, true));
          return " ";
        });
        rest.split(/\s+/).forEach(function (w) { if (w) out.push(queryWord(w, mode, false)); });
        return out;
      }
      function terms(list) {
        var seen = {};
        list.forEach(function (w) { w.needs.forEach(function (x) { seen[x.ns + x.term] = true; }); });
        return Object.keys(seen).length;
      }
      var list = words(loose ? "loose" : "all");
      if (terms(list) > MAX_TERMS) list = words(loose ? "loose" : "stride");
      var kept = {};
      list.forEach(function (w) {
        w.needs = w.needs.filter(function (x) {
          var id = x.ns + x.term;
          if (!kept[id] && Object.keys(kept).length >= MAX_TERMS) return false;
          return (kept[id] = true);
        });
      });
      return list.filter(function (w) { return w.needs.length; });
    }

    /* Would reading long words as separate pairs change the query? */
    function hasLongCjk(words) {
      return words.some(function (w) {
        return !w.quoted && runs(w.text).some(function (r) { return r[0] && Array.from(r[1]).length > 2; });
      });
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

    /* Where `needle` next occurs in `folded` from `at`; a word needle (Latin, digits) not in
       the middle of a longer word, though right after CJK (在2024年). */
    function find(folded, needle, at) {
      var k = folded.indexOf(needle, at);
      if (!wordStart.test(needle)) return k;
      while (k > 0 && wordStart.test(folded.slice(k - 1, k))) k = folded.indexOf(needle, k + 1);
      return k;
    }

    /* A window of the text around the first match, as [text, marked] pieces. */
    function excerpt(blocks, needles) {
      var text = blocks.join(" "), f = fold(text), spans = [], at = 0;
      while (needles.length) { // left to right, the longest needle where several start
        var best = -1, len = 0;
        needles.forEach(function (s) {
          var k = find(f.text, s, at);
          if (k !== -1 && (best === -1 || k < best || (k === best && s.length > len))) { best = k; len = s.length; }
        });
        if (best === -1) break;
        spans.push([f.from[best], f.from[best + len]]);
        at = best + len;
      }
      var latin = !hasCjk.test(text.slice(0, 200));
      var size = latin ? EXCERPT_LATIN : EXCERPT_CHARS;
      var first = spans.length ? spans[0][0] : 0;
      var start = first <= size * EXCERPT_BEFORE ? 0 : first - Math.round(size * EXCERPT_BEFORE);
      if (latin && start > 0) { var sp = text.lastIndexOf(" ", start); start = sp === -1 ? start : sp + 1; }
      var end = Math.min(text.length, start + size);
      if (/[\udc00-\udfff]/.test(text.charAt(start))) start--; // never half a character
      if (/[\udc00-\udfff]/.test(text.charAt(end))) end++;
      var out = [], pos = start;
      if (start > 0) out.push(["…", false]);
      spans.forEach(function (span) {
        var a = Math.max(span[0], pos), b = Math.min(span[1], end);
        if (b <= a) return;
        if (a > pos) out.push([text.slice(pos, a), false]);
        out.push([text.slice(a, b), true]);
        pos = b;
      });
      if (pos < end) out.push([text.slice(pos, end), false]);
      if (end < text.length) out.push(["…", false]);
      return out;
    }

    return { normalize: normalize, runs: runs, stem: stem, fold: fold, parse: parse, excerpt: excerpt,
             hasLongCjk: hasLongCjk, marks: marks };
  }

  /* The query without its quoted phrases (the search page looks for a unit's name there). */
  function unquoted(query) {
    return String(query).replace(QUOTED, " ");
  }

  function fmix(h) { // MurmurHash3's finaliser, as gongkai/search/terms.py: fmix32
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  /* A term's 32-bit key (terms.py): the character, first << 16 | second, or FNV-1a of a word. */
  function keyOf(ns, term) {
    if (ns === "u") return term.charCodeAt(0);
    if (ns === "b") return ((term.charCodeAt(0) << 16) | term.charCodeAt(1)) >>> 0;
    var h = 0x811c9dc5;
    for (var j = 0; j < term.length; j++) h = Math.imul(h ^ term.charCodeAt(j), 0x01000193);
    return h >>> 0;
  }

  /* Postings string -> Map(document -> [occurrences, in title, part, follow mask]). */
  function decode(text, width, codec) {
    var last = codec[0], more = codec[1];
    var out = new Map(), nums = [], n = 0, shift = 0, doc = 0;
    for (var j = 0; j < text.length; j++) {
      var c = text.charCodeAt(j);
      if (c >= more) { n += (c - more) * Math.pow(2, shift); shift += 5; }
      else { nums.push(n + (c - last) * Math.pow(2, shift)); n = 0; shift = 0; }
    }
    for (var p = 0; p + width - 1 < nums.length; p += width) {
      doc += nums[p];
      out.set(doc, [nums[p + 1] >> 1, nums[p + 1] & 1, nums[p + 2], width > 3 ? nums[p + 3] : 0]);
    }
    return out;
  }

  /* An excerpt that marks nothing (filters alone, or words only in the title) says less
     than the document's own summary. */
  function withSummary(pieces, summary) {
    if (!summary || pieces.some(function (p) { return p[1]; })) return pieces;
    var chars = Array.from(summary);
    return [[chars.length > 2 * EXCERPT_CHARS ? chars.slice(0, 2 * EXCERPT_CHARS).join("") + "…" : summary, false]];
  }

  function defaultFetch(url, fresh) {
    return fetch(url, fresh ? { cache: "no-cache" } : undefined).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  /* options.fetchJson(url, fresh) -> Promise<JSON> (default: fetch; fresh: revalidate);
     options.manifest: a Promise of index.json already on its way. */
  function open(indexUrl, options) {
    options = options || {};
    var base = String(indexUrl).replace(/\/?$/, "/");
    var get = options.fetchJson || defaultFetch;
    return (options.manifest || get(base + "index.json", true)).then(function (manifest) {
      if (!manifest || manifest.format !== FORMAT) {
        var error = new Error("search index format " + (manifest && manifest.format) + ", engine reads " + FORMAT);
        error.code = "format";
        throw error;
      }
      return new Engine(base, manifest, get);
    });
  }

  function Engine(base, manifest, get) {
    this.base = base;
    this.folder = base + manifest.version + "/";
    this.site = new URL("../../", base).href; // search-index/<lang>/ -> site root
    this.manifest = manifest;
    this.facets = manifest.facets;
    this.terms = tokeniser(manifest.rules);
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

  Engine.prototype.postings = function (ns, term) {
    var m = this.manifest, count = m.buckets[ns];
    if (!count) return Promise.resolve(new Map());
    return this.file(ns + "/" + fmix(keyOf(ns, term)) % count + ".json").then(function (terms) {
      var text = Object.prototype.hasOwnProperty.call(terms, term) ? terms[term] : "";
      return text ? decode(text, m.rules.width[ns], m.rules.codec) : new Map();
    });
  };

  Engine.prototype.accepts = function (doc, filters) {
    var row = this.manifest.table[doc], f = this.facets;
    return ["unit", "year", "kind"].every(function (name, j) {
      return !filters[name] || f[name][row[j]] === filters[name];
    });
  };

  /* One result. `checks`: [[string, part], ...], runs to find as typed, each with the part
     where it can first occur; the excerpt's part is checked first, others only if needed.
     `exact` false: listed as holding the characters apart, whatever the text holds. */
  Engine.prototype.result = function (doc, part, needles, checks, exact) {
    var self = this, row = this.manifest.table[doc], terms = this.terms;
    function partFile(n) { return self.file("p/" + doc + "-" + Math.min(n || 0, row[3] - 1) + ".json"); }
    function holds(p, s) { return terms.normalize(p.title + "\n" + p.text.join("\n")).indexOf(s) !== -1; }
    return {
      doc: doc,
      data: function () {
        return partFile(part).then(function (p) {
          var missing = exact ? checks.filter(function (c) { return !holds(p, c[0]); }) : [];
          var more = missing.filter(function (c) { return c[1] !== part; });
          var verified = exact && missing.length === more.length;
          return Promise.all(verified ? more.map(function (c) { return partFile(c[1]); }) : []).then(function (others) {
            return {
              url: new URL(p.url, self.site).href,
              meta: { title: p.title, unit: self.facets.unit[row[0]], year: self.facets.year[row[1]],
                      kind: self.facets.kind[row[2]] },
              excerpt: withSummary(terms.excerpt(p.text, needles), p.summary),
              exact: verified && more.every(function (c, j) { return holds(others[j], c[0]); }),
            };
          });
        });
      },
    };
  };

  Engine.prototype.match = function (words, filters, needles, exact) {
    var self = this, m = this.manifest, total = m.documents, avg = m.average_length || 1;
    var terms = [];
    words.forEach(function (w) {
      w.needs.forEach(function (x) { if (terms.indexOf(x.ns + x.term) === -1) terms.push(x.ns + x.term); });
    });
    return Promise.all(terms.map(function (t) { return self.postings(t[0], t.slice(1)); })).then(function (lists) {
      var byTerm = new Map(terms.map(function (t, j) { return [t, lists[j]]; }));
      var scores = null, parts = new Map();
      words.forEach(function (w) {
        // documents with every need of the word; occurrences: the fewest of any of its terms;
        // part: the first where all of its terms have occurred, where the word can first be
        var hits = null;
        w.needs.forEach(function (x) {
          var list = byTerm.get(x.ns + x.term), next = new Map();
          (hits || list).forEach(function (v, doc) {
            var own = hits ? list.get(doc) : v;
            if (!own || (x.follow >= 0 && !((own[3] >> x.follow) & 1))) return;
            next.set(doc, hits ? [Math.min(v[0], own[0]), v[1] && own[1], Math.max(v[2], own[2])] : own.slice(0, 3));
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
      return docs.map(function (d) {
        var votes = parts.get(d[0]), checks = [];
        words.forEach(function (w, j) { w.verify.forEach(function (s) { checks.push([s, votes[j]]); }); });
        return self.result(d[0], commonest(votes), needles, checks, exact);
      });
    });
  };

  /* The part most query words first occur in (the earliest on a tie). */
  function commonest(votes) {
    var best = 0, most = 0;
    votes = votes || [0];
    votes.forEach(function (v) {
      var c = votes.filter(function (x) { return x === v; }).length;
      if (c > most || (c === most && v < best)) { best = v; most = c; }
    });
    return best;
  }

  Engine.prototype.search = function (query, options) {
    var self = this, filters = (options && options.filters) || {}, t = this.terms;
    var words = t.parse(query || "", false);
    if (!words.length && String(query || "").trim()) return Promise.resolve({ results: [], exact: true }); // "，"
    if (!words.length) { // filters alone: newest first (documents are numbered so)
      var all = [];
      for (var d = 0; d < this.manifest.documents; d++) {
        if (this.accepts(d, filters)) all.push(this.result(d, 0, [], [], true));
      }
      return Promise.resolve({ results: all, exact: true });
    }
    return this.match(words, filters, t.marks(words, false), true).then(function (results) {
      if (results.length || !t.hasLongCjk(words)) return { results: results, exact: true };
      var loose = t.parse(query, true);
      return self.match(loose, filters, t.marks(loose, true), false).then(function (more) {
        return { results: more, exact: false };
      });
    });
  };

  return { FORMAT: FORMAT, open: open, tokeniser: tokeniser, unquoted: unquoted };
});
