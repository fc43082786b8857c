/* Starts Decap CMS with what the core generated (config.yml, and the page's gongkai-cms
   metadata): the UI language (?lang=en for English), our front-matter formats, the slug of
   a new translation, the preview in the site's own styles, and Word paste to Markdown. */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  var Frontmatter = window.GongkaiFrontmatter, Paste = window.GongkaiPaste;
  var meta = JSON.parse(document.querySelector('meta[name="gongkai-cms"]').content);
  var lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";
  var ui = meta.ui[lang];

  var config = document.createElement("link");
  config.rel = "cms-config-url";
  config.type = "text/yaml";
  config.href = lang === "zh" ? "config.yml" : "config." + lang + ".yml";
  document.head.appendChild(config);
  document.documentElement.lang = lang;
  var switcher = document.getElementById("gk-admin-lang");
  switcher.href = lang === "zh" ? "?lang=en" : "./";
  switcher.lang = lang === "zh" ? "en" : "zh";
  switcher.textContent = ui.switch_lang;

  // strings Decap's own translation lacks (its Forgejo login), from gongkai/locales
  var decapLocale = meta.decap_locales[lang], phrases = CMS.getLocale(decapLocale);
  if (phrases && phrases.auth && !phrases.auth.loginWithForgejo) {
    CMS.registerLocale(decapLocale, Object.assign({}, phrases, {
      auth: Object.assign({}, phrases.auth, { loginWithForgejo: ui.login_forgejo }),
    }));
  }

  function kindOf(value) {
    var typed = String(value || "").trim();
    return Object.keys(meta.kinds).filter(function (key) {
      return typed === key || meta.kinds[key].indexOf(typed) >= 0;
    })[0] || "";
  }

  // the keys written, in order; the gk_* fields say what a file is (for the collections'
  // filters) and are never written; an unknown key stays, for check to report
  function keysToWrite(data, order) {
    return order.concat(Object.keys(data).filter(function (key) {
      return key !== "body" && key.indexOf("gk_") !== 0 && order.indexOf(key) < 0;
    }));
  }
  function read(text) {
    var data = Frontmatter.parse(text);
    data.gk_kind = kindOf(data.kind);
    data.gk_original = data.kind !== undefined;
    data.gk_translation = data.kind === undefined;
    return data;
  }
  CMS.registerCustomFormat("gongkai-original", "md", {
    fromFile: read,
    toFile: function (data) { return Frontmatter.render(data, keysToWrite(data, meta.order)); },
  });
  CMS.registerCustomFormat("gongkai-translation", "md", {
    fromFile: read,
    toFile: function (data) { return Frontmatter.render(data, keysToWrite(data, meta.translation_order)); },
  });

  // the year folder of a file, and a new translation named after its original:
  // reports/<year>/<slug>.<lang>.md
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry, data = entry.get("data");
      if (entry.get("collection").indexOf("translations-") !== 0) {
        data = data.set("gk_year", String(data.get("year") || ""));
        return fillSignature(data);
      }
      var original = data.get("gk_original");
      if (typeof original !== "string" || !original) return data;
      var parts = original.split("/");
      return data.set("gk_year", parts[0]).set("gk_slug", parts[1]);
    },
  });
  // the signature placeholder of the starting body becomes the unit's name and the date
  function fillSignature(data) {
    var body = data.get("body") || "", unit = meta.units.zh[data.get("unit")], date = data.get("published");
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || "");
    // its two lines may have become two paragraphs (a paste)
    var placeholder = new RegExp(meta.signature_placeholder.split("\n").map(function (line) {
      return line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("\n+"));
    if (!placeholder.test(body) || !unit || !m) return data;
    var signed = unit + "\n" + meta.date_format.replace("{year}", m[1]).replace("{month}", String(+m[2])).replace("{day}", String(+m[3]));
    return data.set("body", body.replace(placeholder, function () { return signed; }));
  }

  // the preview pane: the document page's metadata block, title, headings and signature, in
  // the site's own stylesheets
  document.querySelectorAll('link[rel="gk-preview-style"]').forEach(function (link) {
    CMS.registerPreviewStyle(new URL(link.getAttribute("href"), location.href).href);
  });
  // as on the page, the signature is drawn from the metadata (unit, 成文日期 or 发布日期) and the
  // typed one at the end of the body is left out (gongkai/content/signature.py)
  var DATE_LINE = /^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2})$/;
  var UNIT_LINE = /(?:人民政府|政府|局|委员会|办公室|办事处|委|厅|院|所|中心|办)$/;
  function hideTypedSignature(body) {
    if (!body) return;
    var paragraphs = Array.from(body.querySelectorAll("p"));
    var last = paragraphs[paragraphs.length - 1];
    var lines = function (p) { return p.textContent.split("\n").map(function (l) { return l.trim(); }).filter(Boolean); };
    paragraphs.forEach(function (p) { p.hidden = false; });
    if (!last || !DATE_LINE.test(lines(last).slice(-1)[0] || "")) return;
    for (var i = paragraphs.length - 1, seen = 0; i >= 0 && seen < 4; i--, seen++) {
      var typed = lines(paragraphs[i]).every(function (l) { return DATE_LINE.test(l) || UNIT_LINE.test(l); });
      if (!typed) break;
      paragraphs[i].hidden = true;
    }
  }
  function signatureDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return m ? meta.date_format.replace("{year}", m[1]).replace("{month}", String(+m[2])).replace("{day}", String(+m[3])) : "";
  }
  var Preview = createClass({
    componentDidMount: function () { hideTypedSignature(this.body); },
    componentDidUpdate: function () { hideTypedSignature(this.body); },
    render: function () {
      var self = this, data = this.props.entry.get("data");
      var rows = meta.meta_fields.map(function (key) {
        var value = data.get(key);
        if (value && typeof value.toJS === "function") value = value.toJS().join("、");
        if (key === "unit") value = meta.units[lang][value] || value;
        if (key === "kind") value = ui.kinds[kindOf(value)] || value;
        if (value === undefined || value === null || value === "") return null;
        return h("div", { className: "gk-meta__row gk-meta__row--" + key, key: key },
          h("dt", {}, ui.labels[key]), h("dd", {}, String(value)));
      }).filter(Boolean);
      var unit = meta.units[lang][data.get("unit")];
      var date = signatureDate(data.get("written") || data.get("published"));
      return h("div", { className: "md-typeset gk-doc gk-admin-preview" },
        h("h1", {}, data.get("title") || ""),
        rows.length ? h("section", { className: "gk-meta" },
          h("h2", { className: "gk-meta__heading" }, ui.meta_heading),
          h("dl", { className: "gk-meta__list" }, rows)) : null,
        h("div", { className: "gk-body", ref: function (el) { self.body = el; } }, this.props.widgetFor("body")),
        unit && date ? h("div", { className: "gk-signature" }, h("div", { className: "gk-signature__block" },
          h("p", { className: "gk-signature__unit" }, unit),
          h("p", { className: "gk-signature__date" }, date))) : null);
    },
  });
  meta.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });

  // Word (or WPS, or a web page) pasted into the body becomes Markdown by the import rules;
  // the editor then receives it as a paste of plain text, which it handles itself
  var converting = false;
  document.addEventListener("paste", function (event) {
    var target = event.target;
    if (converting || !target || !target.closest || !isBodyEditor(target)) return;
    var clip = event.clipboardData;
    var html = clip.getData("text/html"), text = clip.getData("text/plain");
    var lines = html ? Paste.htmlToLines(html) : text.split(/\r?\n/);
    if (lines.filter(Boolean).length < 2 && !html) return;  // a word or a line: as it is
    event.preventDefault();
    event.stopImmediatePropagation();
    var markdown = new DataTransfer();
    markdown.setData("text/plain", Paste.linesToMarkdown(lines));
    converting = true;
    try {
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: markdown, bubbles: true, cancelable: true }));
    } finally {
      converting = false;
    }
  }, true);
  function isBodyEditor(el) {
    // the body field's editor: the nearest field around it is labelled for body-field-<n>
    var control = el.parentElement;
    while (control && !control.querySelector("label[for]")) control = control.parentElement;
    var label = control && control.querySelector("label[for]");
    return !!label && label.getAttribute("for").indexOf("body-field") === 0;
  }

  CMS.init();
})();
