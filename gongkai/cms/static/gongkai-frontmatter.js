/* Reading and writing a report file as `python -m gongkai new` writes it: the front matter
   in its field order, each value in YAML flow style quoted only where YAML needs it (as
   PyYAML's safe_dump does in gongkai/content/drafts.py), a blank line, the body. Fields
   named gk_* exist only in the editor. tests/test_cms.py compares the two writers. */
(function (root) {
  "use strict";
  var jsyaml = root.jsyaml || (typeof require === "function" ? require("js-yaml") : null);
  var DATE_FIELDS = ["published", "written"];
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
  // plain scalars YAML 1.1 (PyYAML) would read as something other than a string
  var NOT_STRING = [
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$/,
    /^(?:~|null|Null|NULL)$/,
    /^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    /^[-+]?(?:(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^[-+]?\.(?:inf|Inf|INF)$/,
    /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/,
    /^(?:<<|=)$/,
  ];
  // what PyYAML cannot print as it is (allow_unicode: every printable character can)
  var UNPRINTABLE = /[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/;

  function plainAllowed(text, inFlow) {
    if (!text || text.startsWith("---") || text.startsWith("...")) return false;
    if (/^\s|\s$/.test(text) || /[\n\r\x85\u2028\u2029]/.test(text) || UNPRINTABLE.test(text)) return false;
    if (NOT_STRING.some(function (re) { return re.test(text); })) return false;
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i], next = chars[i + 1], prev = chars[i - 1];
      var followedBySpace = next === undefined || next === " ";
      if (i === 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) return false;
        if ("?:".indexOf(ch) >= 0 && (inFlow || followedBySpace)) return false;
        if (ch === "-" && followedBySpace) return false;
      } else {
        if (",?[]{}".indexOf(ch) >= 0 && inFlow) return false;
        if (ch === ":" && (inFlow || followedBySpace)) return false;
        if (ch === "#" && prev === " ") return false;
      }
    }
    return true;
  }

  function scalar(value, inFlow) {
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    var text = String(value);
    if (plainAllowed(text, inFlow)) return text;
    if (!UNPRINTABLE.test(text) && !/[\n\r]/.test(text)) return "'" + text.replace(/'/g, "''") + "'";
    return JSON.stringify(text);
  }

  function yamlValue(key, value) {
    if (Array.isArray(value)) return "[" + value.map(function (v) { return scalar(v, true); }).join(", ") + "]";
    if (DATE_FIELDS.indexOf(key) >= 0 && ISO_DATE.test(String(value))) return String(value);
    return scalar(value, false);
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
  }

  /** The file text of `data` (its `body` below the front matter), keys in `order`. */
  function render(data, order) {
    var lines = ["---"];
    order.forEach(function (key) {
      var value = data[key];
      if (value && typeof value.toJS === "function") value = value.toJS();  // Decap's Immutable lists
      if (Array.isArray(value)) value = value.filter(function (v) { return !isEmpty(v); });
      if (!isEmpty(value)) lines.push(key + ": " + yamlValue(key, value));
    });
    lines.push("---");
    var body = String(data.body || "").replace(/^\n+|\n+$/g, "");
    return lines.join("\n") + "\n\n" + body + "\n";
  }

  /** {front-matter fields…, body} of a file; every scalar as typed except numbers (JSON
      schema: 0012 and 2025-03-02 stay text, as our check reads them). */
  function parse(text) {
    text = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    var m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
    if (!m) return { body: text };
    var data = jsyaml.load(m[1], { schema: jsyaml.JSON_SCHEMA }) || {};
    if (typeof data !== "object" || Array.isArray(data)) data = {};
    if (typeof data.keywords === "string") data.keywords = data.keywords.split(/[\s、]+/).filter(Boolean);
    ["published", "written"].forEach(function (key) { if (data[key] != null) data[key] = String(data[key]); });
    data.body = text.slice(m[0].length).replace(/^\n+/, "");
    return data;
  }

  var api = { render: render, parse: parse, yamlValue: yamlValue };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.GongkaiFrontmatter = api;
})(this);
