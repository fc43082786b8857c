/* gongkai search: the search page (search.html; the header entry is gongkai-search.js).
 *
 * [data-gk-search]: nothing is downloaded until the reader types
 * or the URL carries a query (then the page's head starts the downloads); then
 * gongkai-search-engine.js is loaded (same origin, no third-party request) and fetches the
 * language's index manifest and, per query, only the small term files and document parts
 * the query needs (gongkai/search/index.py).
 * - The URL holds the state (?q=&year=&unit=&kind=), so results can be shared and reloaded.
 * - A query that names a publishing unit (a value of the "unit" filter, e.g. 上坪镇) is run
 *   as that unit's filter, newest first: what a resident typing a town's name wants. The
 *   note above the results offers the plain full-text search instead.
 * - The language's own index only (search-index/<lang>/, lang from <html lang>).
 * - No document has the words as typed (人民调解法律顾问 without a space): the engine
 *   retries with their characters apart and the note says so. A result whose text does not
 *   hold the words as typed (the engine checks the part it fetched for the excerpt) goes
 *   under that note too, below the exact matches, in every path (typed, unit, URL).
 * - A query one character off a unit's name that finds nothing as typed offers the name
 *   ("您是不是要找：松坪镇").
 * - Results show one at a time as their data arrives (first result first: on a slow line
 *   parallel downloads would delay it), five per page, "more" loads the next five.
 */
(function () {
  "use strict";

  var doc = document;
  var NARROW = "(max-width: 59.984375em)"; // Material's header breakpoint

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.GongkaiSearch) { resolve(window.GongkaiSearch); return; }
      var tag = doc.createElement("script");
      tag.src = src;
      tag.async = true;
      tag.onload = function () { resolve(window.GongkaiSearch); };
      tag.onerror = function () { tag.remove(); reject(new Error("cannot load " + src)); };
      doc.head.append(tag);
    });
  }

  function openIndex(engineUrl, indexUrl, manifest) {
    return loadScript(engineUrl).then(function (api) { return api.open(indexUrl, { manifest: manifest }); });
  }

  /* The search page opened with a query: its head (search.html) has already asked for the
     engine and the index manifest; open the index as soon as both are here. */
  var early = window.gongkaiSearchEarly || null;
  if (early) {
    early.engine = openIndex(early.engineUrl, early.index, early.manifest);
    early.engine.catch(function () {});
  }

  /* ---------------- search page ---------------- */

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m;
    });
  }

  function el(tag, cls, text) {
    var node = doc.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /* The engine's excerpt: [text, marked] pieces, rendered as text and <mark>, never as HTML. */
  function excerptNode(pieces) {
    var out = doc.createDocumentFragment();
    (pieces || []).forEach(function (p) { out.append(p[1] ? el("mark", null, p[0]) : p[0]); });
    return out;
  }

  /* The longest filter value that the query contains outside quotes, e.g. 上坪镇 in
     "上坪镇 人民调解" (a quoted “上坪镇” asks for the text itself). */
  function unitInQuery(query, units) {
    var q = window.GongkaiSearch.unquoted(query).toLocaleLowerCase(); // the engine is loaded by now
    var best = null;
    units.forEach(function (u) {
      if (u && q.indexOf(u.toLocaleLowerCase()) !== -1 && (!best || u.length > best.length)) best = u;
    });
    return best;
  }

  function removeOnce(query, unit) {
    var i = query.toLocaleLowerCase().indexOf(unit.toLocaleLowerCase());
    return (query.slice(0, i) + " " + query.slice(i + unit.length)).replace(/\s+/g, " ").trim();
  }

  /* Are the character lists a and b one insertion, deletion or substitution apart? */
  function oneApart(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    var j = a.length, k = b.length;
    while (j > i && k > i && a[j - 1] === b[k - 1]) { j--; k--; }
    return Math.max(j - i, k - i) === 1;
  }

  /* The query with a part one character off a unit's name (松平镇 for 松坪镇) replaced by
     the name; null when no part is. The longest name wins. */
  function nearUnit(query, units) {
    var chars = Array.from(query), lower = Array.from(query.toLocaleLowerCase());
    if (lower.length !== chars.length) lower = chars;
    var best = null;
    units.forEach(function (u) {
      var name = Array.from(u.toLocaleLowerCase());
      for (var len = Math.max(2, name.length - 1); len <= name.length + 1; len++) {
        for (var i = 0; i + len <= lower.length; i++) {
          if ((!best || u.length > best.unit.length) && oneApart(lower.slice(i, i + len), name)) {
            best = { unit: u, query: chars.slice(0, i).join("") + u + chars.slice(i + len).join("") };
          }
        }
      }
    });
    return best;
  }

  function setupSearchPage() {
    var root = doc.querySelector("[data-gk-search]");
    if (!root) return;
    var S = JSON.parse(root.querySelector(".gk-search__strings").textContent);
    var form = root.querySelector(".gk-search__form");
    var input = form.elements.q;
    var selects = { year: form.elements.year, unit: form.elements.unit, kind: form.elements.kind };
    var fieldset = root.querySelector(".gk-search__filters");
    var status = root.querySelector(".gk-search__status");
    var note = root.querySelector(".gk-search__note--unit");
    var noteText = note.querySelector(".gk-search__note-text");
    var allButton = note.querySelector(".gk-search__all");
    var suggest = root.querySelector(".gk-search__note--suggest");
    var list = root.querySelector(".gk-search__results");
    var fallback = root.querySelector(".gk-search__fallback");
    var fallbackNote = fallback.querySelector(".gk-search__note");
    var fallbackList = fallback.querySelector("ol");
    var more = root.querySelector(".gk-search__more");
    var indexUrl = new URL(root.getAttribute("data-index"), doc.baseURI).href;
    var engineUrl = new URL(root.getAttribute("data-engine"), doc.baseURI).href;
    var pageSize = Number(root.getAttribute("data-page-size")) || 5;
    var narrow = window.matchMedia(NARROW);

    var enginePromise = null;
    var seq = 0; // the newest search; older ones stop when they see a newer number
    var results = [];
    var shown = 0;
    var exactSearch = true; // false: the engine found the words only with their characters apart
    var everywhere = false, retried = false; // the newest search's options (see run)
    var everywhereFor = null; // the query the reader asked to search everywhere
    var unitNamed = null; // the unit the newest query names, shown in the unit select

    function engine() {
      if (!enginePromise) {
        enginePromise = early && early.index === indexUrl ? early.engine : openIndex(engineUrl, indexUrl);
        early = null;
        enginePromise.catch(function () { enginePromise = null; }); // retry next time
      }
      return enginePromise;
    }

    function units() {
      return Array.prototype.map.call(selects.unit.options, function (o) { return o.value; }).filter(Boolean);
    }

    function chosenFilters() {
      var f = {};
      Object.keys(selects).forEach(function (key) {
        var v = selects[key].value || "";
        if (v) f[key] = v;
      });
      return f;
    }

    function writeUrl(q, f) {
      var params = new URLSearchParams();
      if (q) params.set("q", q);
      Object.keys(f).forEach(function (k) { params.set(k, f[k]); });
      var s = params.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }

    function setStatus(text) { status.textContent = text; }

    function showNote(text, buttonText, onClick) {
      noteText.textContent = text;
      allButton.hidden = !buttonText;
      allButton.textContent = buttonText || "";
      allButton.onclick = onClick || null;
      note.hidden = false;
    }

    /* "您是不是要找：松坪镇" when the query matches nothing as typed but is one character off
       a unit's name; the button runs the corrected query. */
    function offerNearUnit(q) {
      var near = nearUnit(q, units());
      if (!near) return;
      var parts = String(S.suggest).split("{unit}");
      var button = el("button", "gk-search__all", near.unit);
      button.type = "button";
      button.onclick = function () {
        input.value = near.query;
        run();
      };
      suggest.replaceChildren(parts[0], button, parts.slice(1).join(near.unit));
      suggest.hidden = false;
    }

    function fill(li, data) {
      li.classList.remove("gk-result--loading");
      var meta = data.meta;
      var a = el("a", "gk-result__link");
      a.href = data.url;
      a.append(el("span", "gk-result__title", meta.title || S.untitled));
      var h = el("h2", "gk-result__heading");
      h.append(a);
      var line = el("p", "gk-result__meta");
      [meta.unit, meta.year, meta.kind].forEach(function (v) {
        if (v) line.append(el("span", null, v));
      });
      var ex = el("p", "gk-result__excerpt");
      ex.append(excerptNode(data.excerpt));
      li.replaceChildren(h, line, ex);
      if (!data.exact) { // under the note: its text does not hold the words as typed
        fallbackList.append(li);
        fallback.hidden = false;
      }
      // the note's words depend on whether an exact match is on screen (not still loading)
      var anyExact = list.querySelector(".gk-result:not(.gk-result--loading)");
      fallbackNote.textContent = anyExact ? S.exact_partial : S.exact_fallback;
    }

    /* The status once every result is placed: how many hold the words as typed. */
    function settle(q) {
      if (shown < results.length) return;
      var exact = list.children.length;
      if (exactSearch) setStatus(exact ? format(S.count, { count: exact }) : S.exact_none);
      if (!exact && !unitNamed) offerNearUnit(q);
    }

    /* Up to pageSize more results; while none holds the words as typed, a few pages more at
       once, so that a list of near misses does not hide the real matches behind "more". */
    async function showMore(my, q) {
      more.hidden = true;
      var loaded = 0;
      while (shown < results.length) {
        var exactBefore = list.children.length;
        var batch = results.slice(shown, shown + pageSize);
        shown += batch.length;
        loaded += batch.length;
        var items = batch.map(function () {
          var li = el("li", "gk-result gk-result--loading");
          list.append(li);
          return li;
        });
        try {
          if (batch.length) { // the first one alone, then the rest together
            var first = await batch[0].data();
            if (my !== seq) return;
            fill(items[0], first);
          }
          await Promise.all(batch.slice(1).map(async function (r, i) {
            var data = await r.data();
            if (my === seq) fill(items[i + 1], data);
          }));
        } catch (err) {
          if (my !== seq) return;
          if (!retried) { run({ everywhere: everywhere, retried: true }); return; } // a new index
          items.forEach(function (li) { li.remove(); });
          shown -= batch.length;
          more.hidden = false; // "more" tries this batch again
          setStatus(S.error);
          root.removeAttribute("aria-busy");
          return;
        }
        if (my !== seq) return;
        if (!exactSearch || list.children.length > exactBefore || loaded >= 4 * pageSize) break;
      }
      more.hidden = shown >= results.length;
      settle(q);
      root.removeAttribute("aria-busy");
    }

    /* options.everywhere: ignore a unit named in the query; options.retried: this run follows
       a failed download, after which the index is opened afresh (a deploy while the page was
       open replaces every file), and does not retry again. */
    async function run(options) {
      options = options || {};
      var my = ++seq;
      var q = input.value.trim();
      if (options.everywhere) everywhereFor = q;
      everywhere = everywhereFor === q;
      retried = Boolean(options.retried);
      if (retried) enginePromise = null;
      var f = chosenFilters();
      if (!q && f.unit && f.unit === unitNamed) { // the unit came from the query, now cleared
        selects.unit.value = "";
        delete f.unit;
      }
      writeUrl(q, f);
      note.hidden = true;
      suggest.hidden = true;
      fallback.hidden = true;
      list.replaceChildren();
      fallbackList.replaceChildren();
      more.hidden = true;
      results = [];
      shown = 0;
      if (!q && !Object.keys(f).length) {
        unitNamed = null;
        setStatus("");
        return;
      }
      root.setAttribute("aria-busy", "true");
      setStatus(S.loading);
      var e;
      try {
        e = await engine();
      } catch (err) {
        if (my === seq) {
          setStatus(err && err.code === "format" ? S.format : S.error);
          root.removeAttribute("aria-busy");
        }
        return;
      }
      if (my !== seq) return;
      // a unit named in the query is run as that unit's filter, and the select says so; the
      // URL keeps the query alone, which names the unit again when reopened
      var term = q;
      var named = q && !everywhere ? unitInQuery(q, units()) : null;
      if (f.unit && f.unit === unitNamed && f.unit !== named) { // set by an earlier query, not the reader
        selects.unit.value = "";
        delete f.unit;
      }
      unitNamed = named && (!f.unit || f.unit === named) ? named : null;
      if (unitNamed) {
        selects.unit.value = unitNamed;
        f.unit = unitNamed;
        term = removeOnce(q, unitNamed);
      }
      var shared = Object.assign({}, f);
      if (unitNamed) delete shared.unit;
      writeUrl(q, shared);
      if (!e.manifest.documents) {
        setStatus(S.lang_none);
        root.removeAttribute("aria-busy");
        return;
      }
      var r;
      try {
        r = await e.search(term, { filters: f });
      } catch (err) {
        if (my !== seq) return;
        if (!retried) { run({ everywhere: everywhere, retried: true }); return; }
        setStatus(S.error);
        root.removeAttribute("aria-busy");
        return;
      }
      if (my !== seq) return;
      if (unitNamed) {
        var unit = unitNamed;
        showNote(format(S.unit_note, { unit: unit }), format(S.unit_all, { unit: unit }), function () {
          selects.unit.value = "";
          run({ everywhere: true });
        });
      }
      results = (r && r.results) || [];
      exactSearch = Boolean(r && r.exact);
      setStatus(results.length ? format(S.count, { count: results.length }) : S.none);
      if (!results.length || !exactSearch) {
        if (!unitNamed) offerNearUnit(q);
      }
      if (!results.length) { root.removeAttribute("aria-busy"); return; }
      await showMore(my, q);
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (narrow.matches) input.blur(); // let the phone's keyboard go so results show
      run();
    });
    Object.keys(selects).forEach(function (key) {
      selects[key].addEventListener("change", function () {
        // 全部发布机构 chosen while the query names a unit: search everywhere, as its note offers
        run({ everywhere: key === "unit" && !selects.unit.value && Boolean(unitNamed) });
      });
    });
    more.addEventListener("click", function () {
      root.setAttribute("aria-busy", "true");
      showMore(seq, input.value.trim());
    });
    // start loading the engine and manifest (not searching) as soon as the reader starts typing
    input.addEventListener("input", function () { engine().catch(function () {}); }, { once: true });
    input.addEventListener("compositionstart", function () { engine().catch(function () {}); }, { once: true });

    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(selects).forEach(function (key) {
      if (params.get(key)) selects[key].value = params.get(key);
    });
    fieldset.hidden = false;
    var header = doc.querySelector(".gk-hsearch__input");
    if (header) header.value = input.value;
    if (input.value.trim() || Object.keys(chosenFilters()).length) run();
    else if (!narrow.matches) input.focus();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", setupSearchPage);
  else setupSearchPage();
})();
