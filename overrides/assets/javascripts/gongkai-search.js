/* gongkai search: the header entry on every page and the search page (Pagefind).
 *
 * Header ([data-gk-hsearch], partials/search.html): a GET form to the search page. Here we
 * only add: "/" focuses it; on narrow screens the magnifier (a plain link without
 * JavaScript) opens the box inside the header; Escape or the close button shuts it.
 *
 * Search page ([data-gk-search], search.html): nothing is downloaded until the reader types
 * or the URL carries a query; then <site>/pagefind/pagefind.js is imported (same origin, no
 * third-party request) and fetches only the index chunks that the query needs.
 * - The URL holds the state (?q=&year=&unit=&kind=), so results can be shared and reloaded.
 * - A query that names a publishing unit (a value of the "unit" filter, e.g. 上坪镇) is run
 *   as that unit's filter: town names are the weak spot of Chinese word segmentation, the
 *   filter is exact. The note above the results offers the plain full-text search instead.
 * - The language's own index only: if the bundle has no index for <html lang>, no results
 *   (pagefind.js would otherwise fall back to another language's index).
 * - Results show one at a time as their data arrives (first result first: on a slow line
 *   parallel downloads would delay it), five per page, "more" loads the next five.
 */
(function () {
  "use strict";

  var doc = document;
  var NARROW = "(max-width: 59.984375em)"; // Material's header breakpoint

  /* The search page opened with a query (from the header or the home page): start loading
     Pagefind at once, before the DOM and the theme's CSS and JavaScript are done. This
     script is loaded `async` from <site>/assets/javascripts/, so the site root (and the
     bundle at <site>/pagefind/) is known from its own URL. */
  var early = null;
  (function () {
    var me = doc.currentScript && doc.currentScript.src;
    if (!me || !/\/search\/(index\.html)?$/.test(location.pathname)) return;
    if (!/[?&](q|year|unit|kind)=[^&]/.test(location.search)) return;
    var bundle = me.replace(/assets\/javascripts\/[^/]*$/, "pagefind/");
    early = { bundle: bundle, module: import(bundle + "pagefind.js").then(function (api) {
      return api.init().then(function () { return api; }); // metadata and WebAssembly
    }) };
    early.module.catch(function () {});
  })();

  /* ---------------- header entry ---------------- */

  function setupHeader() {
    var box = doc.querySelector("[data-gk-hsearch]");
    if (!box) return;
    var open = box.querySelector(".gk-hsearch__open");
    var input = box.querySelector(".gk-hsearch__input");
    var close = box.querySelector(".gk-hsearch__close");
    var narrow = window.matchMedia(NARROW);

    function setOpen(on, refocus) {
      box.classList.toggle("gk-hsearch--open", on);
      close.hidden = !on;
      if (on) input.focus();
      else if (refocus) open.focus();
    }
    open.addEventListener("click", function (e) {
      if (!narrow.matches) return;
      e.preventDefault();
      setOpen(true);
    });
    close.addEventListener("click", function () { setOpen(false, true); });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && box.classList.contains("gk-hsearch--open")) {
        e.preventDefault();
        setOpen(false, true);
      }
    });
    box.addEventListener("focusout", function (e) {
      if (box.classList.contains("gk-hsearch--open") && !box.contains(e.relatedTarget) && e.relatedTarget) {
        setOpen(false);
      }
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      var t = e.target;
      if (t && t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      var pageInput = doc.querySelector("[data-gk-search] .gk-search__input");
      if (pageInput) { pageInput.focus(); pageInput.select(); return; }
      if (narrow.matches) setOpen(true);
      else { input.focus(); input.select(); }
    });
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

  /* Pagefind's excerpt is HTML: text plus <mark>. Keep exactly that, never other markup. */
  function excerptNode(html) {
    var tpl = doc.createElement("template");
    tpl.innerHTML = html || "";
    var out = doc.createDocumentFragment();
    (function walk(node, into) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) into.append(child.textContent);
        else if (child.nodeType === 1 && child.tagName === "MARK") {
          var m = el("mark");
          walk(child, m);
          into.append(m);
        } else if (child.nodeType === 1) walk(child, into);
      });
    })(tpl.content, out);
    return out;
  }

  /* The longest filter value that the query contains, e.g. 上坪镇 in "上坪镇 人民调解". */
  function unitInQuery(query, units) {
    var q = query.toLocaleLowerCase();
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

  function setupSearchPage() {
    var root = doc.querySelector("[data-gk-search]");
    if (!root) return;
    var S = JSON.parse(root.querySelector(".gk-search__strings").textContent);
    var form = root.querySelector(".gk-search__form");
    var input = form.elements.q;
    var selects = { year: form.elements.year, unit: form.elements.unit, kind: form.elements.kind };
    var fieldset = root.querySelector(".gk-search__filters");
    var status = root.querySelector(".gk-search__status");
    var note = root.querySelector(".gk-search__note");
    var noteText = root.querySelector(".gk-search__note-text");
    var allButton = root.querySelector(".gk-search__all");
    var list = root.querySelector(".gk-search__results");
    var more = root.querySelector(".gk-search__more");
    var bundle = new URL(root.getAttribute("data-pagefind"), doc.baseURI).href.replace(/\/?$/, "/");
    var lang = (doc.documentElement.getAttribute("lang") || "").toLowerCase();
    var pageSize = Number(root.getAttribute("data-page-size")) || 5;
    var narrow = window.matchMedia(NARROW);

    var enginePromise = null;
    var facetsOnPage = root.getAttribute("data-facets") === "page"; // options rendered by the template
    var populated = facetsOnPage;
    var wanted = {}; // filter values from the URL, applied once the options exist
    var seq = 0; // the newest search; older ones stop when they see a newer number
    var results = [];
    var shown = 0;

    function engine() {
      if (!enginePromise) {
        enginePromise = (async function () {
          var entry = fetch(bundle + "pagefind-entry.json", { cache: "no-cache" })
            .then(function (r) { return r.ok ? r.json() : null; })
            .catch(function () { return null; });
          var started = early && early.bundle === bundle;
          var api = await (started ? early.module : import(bundle + "pagefind.js"));
          await api.options({ excerptLength: 40 });
          if (!started) await api.init(); // metadata and WebAssembly, while the reader types
          var info = (await entry) || {};
          var languages = Object.keys(info.languages || {});
          // a search by filters alone: cheap since Pagefind 1.6; 1.5 fetched the whole index
          var version = String(info.version || "0").split(".").map(Number);
          var filterOnly = version[0] > 1 || (version[0] === 1 && version[1] >= 6);
          var hasLang = languages.indexOf(lang) !== -1 || languages.indexOf(lang.split("-")[0]) !== -1;
          var filters = {};
          if (facetsOnPage) {
            Object.keys(selects).forEach(function (key) {
              filters[key] = {};
              Array.prototype.forEach.call(selects[key].options, function (o) { if (o.value) filters[key][o.value] = 1; });
            });
          } else if (hasLang) {
            filters = (await api.filters()) || {};
          }
          return { api: api, hasLang: hasLang, filters: filters, filterOnly: filterOnly };
        })();
        enginePromise.catch(function () { enginePromise = null; early = null; }); // retry next time
      }
      return enginePromise;
    }

    function populate(filters) {
      if (populated) return;
      populated = true;
      Object.keys(selects).forEach(function (key) {
        var values = Object.keys(filters[key] || {});
        if (key === "year") values.sort(function (a, b) { return Number(b) - Number(a); });
        else values.sort(function (a, b) { return a.localeCompare(b, lang || undefined); });
        values.forEach(function (v) {
          var o = el("option", null, v);
          o.value = v;
          selects[key].append(o);
        });
        if (wanted[key] && values.indexOf(wanted[key]) !== -1) selects[key].value = wanted[key];
      });
      fieldset.hidden = false;
    }

    function chosenFilters() {
      var f = {};
      Object.keys(selects).forEach(function (key) {
        var v = selects[key].value || (!populated && wanted[key]) || "";
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

    function fill(li, data) {
      li.classList.remove("gk-result--loading");
      var meta = data.meta || {};
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
    }

    async function showMore(my) {
      var batch = results.slice(shown, shown + pageSize);
      shown += batch.length;
      more.hidden = true;
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
        if (my === seq) setStatus(S.error);
        return;
      }
      if (my !== seq) return;
      more.hidden = shown >= results.length;
      root.removeAttribute("aria-busy");
    }

    async function run(options) {
      options = options || {};
      var my = ++seq;
      var q = input.value.trim();
      var f = chosenFilters();
      writeUrl(q, f);
      note.hidden = true;
      list.replaceChildren();
      more.hidden = true;
      results = [];
      shown = 0;
      if (!q && !Object.keys(f).length) {
        setStatus("");
        return;
      }
      root.setAttribute("aria-busy", "true");
      setStatus(S.loading);
      var e;
      try {
        e = await engine();
      } catch (err) {
        if (my === seq) { setStatus(S.error); root.removeAttribute("aria-busy"); }
        return;
      }
      if (my !== seq) return;
      populate(e.filters);
      if (!e.hasLang) {
        setStatus(S.lang_none);
        root.removeAttribute("aria-busy");
        return;
      }
      var term = q;
      var unit = null;
      if (q && !f.unit && !options.everywhere) {
        unit = unitInQuery(q, Object.keys(e.filters.unit || {}));
        if (unit) {
          f.unit = unit;
          term = removeOnce(q, unit);
        }
      }
      var opts = { filters: f };
      if (!term && unit && !e.filterOnly) term = unit; // see engine()
      if (!term && !e.filterOnly) {
        setStatus(S.need_words);
        root.removeAttribute("aria-busy");
        return;
      }
      if (!term) opts.sort = { year: "desc" };
      var r;
      try {
        r = await e.api.search(term || null, opts);
        if (my !== seq) return;
        if (r && r.results.length === 0 && /["“”]/.test(term)) { // a phrase Pagefind could not match
          var loose = term.replace(/["“”]/g, " ").trim();
          r = await e.api.search(loose || null, opts);
          if (my !== seq) return;
          if (r.results.length) showNote(S.exact_fallback);
        }
      } catch (err) {
        if (my === seq) { setStatus(S.error); root.removeAttribute("aria-busy"); }
        return;
      }
      if (unit) {
        showNote(format(S.unit_note, { unit: unit }), format(S.unit_all, { unit: unit }), function () {
          run({ everywhere: true });
        });
      }
      results = (r && r.results) || [];
      setStatus(results.length ? format(S.count, { count: results.length }) : S.none);
      if (!results.length) { root.removeAttribute("aria-busy"); return; }
      await showMore(my);
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (narrow.matches) input.blur(); // let the phone's keyboard go so results show
      run();
    });
    Object.keys(selects).forEach(function (key) {
      selects[key].addEventListener("change", function () { run(); });
    });
    more.addEventListener("click", function () { showMore(seq); });
    // start loading Pagefind (not searching) as soon as the reader starts typing
    input.addEventListener("input", function () { engine().catch(function () {}); }, { once: true });
    input.addEventListener("compositionstart", function () { engine().catch(function () {}); }, { once: true });

    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(selects).forEach(function (key) {
      if (params.get(key)) wanted[key] = params.get(key);
      if (facetsOnPage && wanted[key]) selects[key].value = wanted[key];
    });
    if (facetsOnPage) fieldset.hidden = false;
    var header = doc.querySelector(".gk-hsearch__input");
    if (header) header.value = input.value;
    if (input.value.trim() || Object.keys(wanted).length) run();
    else if (!narrow.matches) input.focus();
  }

  function start() {
    setupHeader();
    setupSearchPage();
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
