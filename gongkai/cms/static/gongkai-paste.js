/* Text pasted from Word (or WPS, or a web page) to clean Markdown, by the rules of
   `python -m gongkai import` (gongkai/importing/text.py and structure.py): no spurious
   spaces in Chinese runs, half-width punctuation next to Chinese made full-width, and
   一、/（一）/1. numbering mapped to ##/###/#### headings. tests/test_cms.py runs both
   implementations on the same samples. */
(function (root) {
  "use strict";
  var CN_DIGITS = "一二三四五六七八九十";
  var INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff]/g;
  var SPACES = /[\u3000\u00a0\t]/g;
  var MARKDOWN_PREFIX = /^(?:#{1,6}|[-*+>]|\d{1,2}[.)]) +/;
  var PROTECTED = /(?:https?:\/\/|www\.)[A-Za-z0-9.\/?#&=_%~+:@-]*[A-Za-z0-9\/#=_%~+-]|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\]\([^)\s]*\)|`[^`]*`/g;
  var HALF_TO_FULL = { ",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）" };
  var NUMBERING = [
    [2, new RegExp("^[" + CN_DIGITS + "]{1,3}(?:、|[．.](?!\\d))")],
    [3, new RegExp("^[（(][" + CN_DIGITS + "]{1,3}[）)]")],
    [4, /^\d{1,2}(?:[.．](?!\d)|、)/],
  ];
  var HEADING_MAX = { 2: 80, 3: 40, 4: 40 };
  var UNPUNCTUATED_MAX = 80;
  var LEAD_MAX = 30;
  var CLAUSE_END = /[。！？；!?;]/;
  var TRAILING = "。；;：:";
  var MARKUP = /^(?:#{1,6}\s|\||>|```|~~~|!\[)/;
  var LIST_ITEM = /^(?:[-*+]\s|\d{1,2}[.)]\s|[（(]\d{1,2}[）)]|[①-⑳])/;

  function isIdeograph(c) {
    return (c >= "\u4e00" && c <= "\u9fff") || (c >= "\u3400" && c <= "\u4dbf") || (c >= "\uf900" && c <= "\ufaff");
  }
  // full-width punctuation (Unicode punctuation of East Asian width W or F)
  var WIDE_PUNCT = /^[\u3001-\u3003\u3008-\u3011\u3014-\u301f\u30fb\uff01-\uff03\uff05-\uff0a\uff0c-\uff0f\uff1a\uff1b\uff1f\uff20\uff3b-\uff3d\uff3f\uff5b\uff5d\uff5f\uff60\ufe10-\ufe19\ufe30-\ufe52\ufe54-\ufe61\ufe63\ufe68\ufe6a\ufe6b]$/;
  function isWidePunct(c) { return !!c && WIDE_PUNCT.test(c); }
  function isChinese(c) { return isIdeograph(c) || isWidePunct(c); }
  function isDigit(c) { return c >= "0" && c <= "9"; }

  function spaceIsSpurious(left, right) {
    if (isWidePunct(left) || isWidePunct(right)) return true;
    if (isIdeograph(left)) return isIdeograph(right) || isDigit(right) || right === "“" || right === "‘";
    if (isIdeograph(right)) return isDigit(left) || left === "”" || left === "’";
    return false;
  }

  function cleanSpaces(line) {
    line = line.replace(INVISIBLE, "").replace(SPACES, " ").trim();
    var m = MARKDOWN_PREFIX.exec(line);
    var start = m ? m[0].length : 0;
    var rest = line.slice(start).replace(/(\S) +(?=(\S))/g, function (all, left, right) {
      return spaceIsSpurious(left, right) ? left : left + " ";
    });
    return line.slice(0, start) + rest;
  }

  function fixPunctuation(line) {
    var chars = Array.from(line);
    var free = chars.map(function () { return true; });
    // protected spans are found on the string; map their code-unit offsets to characters
    var offsets = [], at = 0;
    chars.forEach(function (c, i) { offsets[at] = i; at += c.length; });
    offsets[at] = chars.length;
    var m;
    PROTECTED.lastIndex = 0;
    while ((m = PROTECTED.exec(line)) !== null) {
      for (var k = offsets[m.index]; k < offsets[m.index + m[0].length]; k++) free[k] = false;
    }
    function neighbour(i, step) {
      i += step;
      while (i >= 0 && i < chars.length && chars[i] === " ") i += step;
      return i >= 0 && i < chars.length ? chars[i] : "";
    }
    chars.forEach(function (c, i) {
      if (!free[i] || ",;:?!".indexOf(c) < 0) return;
      var before = neighbour(i, -1), after = neighbour(i, 1);
      if (isDigit(before) && isDigit(after)) return;
      if (c === "!" && after === "[") return;
      if (isChinese(before) || isChinese(after)) chars[i] = HALF_TO_FULL[c];
    });
    fixParentheses(chars, free);
    return cleanSpaces(chars.join(""));
  }

  function fixParentheses(chars, free) {
    var openAt = [], pairs = [];
    chars.forEach(function (c, i) {
      if (!free[i]) return;
      if (c === "(") openAt.push(i);
      else if (c === ")") pairs.push(openAt.length ? [openAt.pop(), i] : [i, null]);
    });
    openAt.forEach(function (i) { pairs.push([i, null]); });
    var text = chars.slice();
    pairs.forEach(function (pair) {
      var start = pair[0], end = pair[1];
      var before = start ? text[start - 1] : "";
      if (end === null) {
        var next = start + 1 < text.length ? text[start + 1] : "";
        if (isChinese(before) || isChinese(next)) chars[start] = HALF_TO_FULL[chars[start]];
        return;
      }
      if (before === "]") return;
      var after = end + 1 < text.length ? text[end + 1] : "";
      var inner = text.slice(start + 1, end);
      if (inner.some(isIdeograph) || isChinese(before) || isIdeograph(after)) {
        chars[start] = "（";
        chars[end] = "）";
      }
    });
  }

  function numberingLevel(line) {
    for (var i = 0; i < NUMBERING.length; i++) {
      var m = NUMBERING[i][1].exec(line);
      if (m) return [NUMBERING[i][0], m[0].length];
    }
    return null;
  }

  function rstripChars(s, chars) {
    var end = s.length;
    while (end > 0 && chars.indexOf(s[end - 1]) >= 0) end--;
    return s.slice(0, end);
  }

  function length(s) { return Array.from(s).length; }

  function headingBlocks(line) {
    if (MARKUP.test(line)) return [line];
    var found = numberingLevel(line);
    if (!found) return [line];
    var level = found[0], end = found[1];
    var number = line.slice(0, end), tail = line.slice(end);
    var rest = tail.trim();
    var gap = tail.slice(0, tail.length - tail.replace(/^\s+/, "").length);
    var heading = "#".repeat(level) + " " + number.replace("(", "（").replace(")", "）") + gap;
    var m = CLAUSE_END.exec(rest);
    if (m === null) {
      return length(rest) > 0 && length(rest) <= UNPUNCTUATED_MAX ? [heading + rstripChars(rest, TRAILING)] : [line];
    }
    if (m.index + m[0].length === rest.length) {
      return length(rest) <= HEADING_MAX[level] ? [heading + rstripChars(rest, TRAILING)] : [line];
    }
    var lead = rest.slice(0, m.index), after = rest.slice(m.index + m[0].length).trim();
    if (m[0] === "。" && length(lead) > 0 && length(lead) <= LEAD_MAX) return [heading + lead, after];
    return [line];
  }

  function group(line) {
    if (line[0] === "|") return "table";
    if ("-*+".indexOf(line[0]) >= 0 && LIST_ITEM.test(line)) return "bullets";
    return "";
  }

  function toBlocks(lines) {
    var blocks = [], lastGroup = "";
    lines.filter(function (ln) { return ln; }).forEach(function (line) {
      var g = group(line);
      if (g && g === lastGroup) {
        blocks[blocks.length - 1] += "\n" + line;
        return;
      }
      blocks = blocks.concat(headingBlocks(line));
      lastGroup = g;
    });
    return blocks;
  }

  // --- hard-wrapped text (a PDF's lines) joined back into paragraphs, as text.join_wrapped ---
  var SENTENCE_END = /[。！？；：!?;:…][”’」』）)》\]]*$/;
  var DATE_LINE = new RegExp("^\\s*(?:(\\d{4})\\s*(?:年|[-/.])\\s*(\\d{1,2})\\s*(?:月|[-/.])\\s*(\\d{1,2})\\s*日?" +
    "|([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日)\\s*$");
  var WRAPPED_MIN_LINES = 6;
  // East Asian width W, F or A: two columns (Chinese, full-width forms, “”·… and friends)
  var WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\ud800-\udbff\u00a1\u00a4\u00a7\u00a8\u00aa\u00ad\u00ae\u00b0-\u00b4\u00b6-\u00ba\u00bc-\u00bf\u00c6\u00d0\u00d7\u00d8\u00de-\u00e1\u00e6\u00e8-\u00ea\u00ec\u00ed\u00f0\u00f2\u00f3\u00f7-\u00fa\u00fc\u00fe\u0391-\u03a9\u03b1-\u03c9\u0401\u0410-\u044f\u0451\u2010\u2013-\u2016\u2018\u2019\u201c\u201d\u2020-\u2022\u2024-\u2027\u2030\u2032\u2033\u2035\u203b\u203e\u2103\u2116\u2160-\u216b\u2170-\u2179\u2190-\u2199\u2460-\u24e9\u2500-\u257f\u25a0-\u25ff\u2605\u2606\u2609\u260e\u260f\u2640\u2642\u3000]/;

  function width(line) {
    var w = 0;
    line.replace(/\s/g, "").split("").forEach(function (c) { w += WIDE.test(c) ? 2 : (c >= "\udc00" && c <= "\udfff" ? 0 : 1); });
    return w;
  }
  function fullWidth(lines) {
    var widths = lines.filter(function (l) { return l.trim(); }).map(width).sort(function (a, b) { return a - b; });
    if (widths.length < WRAPPED_MIN_LINES) return null;
    var threshold = 0.8 * widths[Math.floor(0.9 * (widths.length - 1))];
    var full = widths.filter(function (w) { return w >= threshold; }).length;
    return full >= 3 && full >= 0.4 * widths.length ? threshold : null;
  }
  function startsBlock(line) {
    return !!(numberingLevel(line) || LIST_ITEM.test(line) || MARKUP.test(line) || DATE_LINE.test(line));
  }
  function isBareHeading(line) { return !!numberingLevel(line) && !CLAUSE_END.test(line); }
  function isLatinLetter(c) { return /^[A-Za-z]$/.test(c || ""); }

  function joinWrapped(lines) {
    var threshold = fullWidth(lines);
    if (threshold === null) return lines;
    var joined = [], lastWidth = 0;
    lines.forEach(function (line) {
      var prev = joined.length ? joined[joined.length - 1] : "";
      if (prev && line && lastWidth >= threshold && !SENTENCE_END.test(prev) && prev[0] !== "#" && prev[0] !== "|" &&
          !startsBlock(line) && !(isBareHeading(prev) && width(line) >= threshold)) {
        var latin = isLatinLetter(prev[prev.length - 1]) && isLatinLetter(line[0]);
        joined[joined.length - 1] = prev + (latin ? " " : "") + line;
      } else {
        joined.push(line);
      }
      lastWidth = width(line);
    });
    return joined;
  }

  /** Lines of text to a Markdown body: the steps of `import` (gongkai/importing/convert.py)
      that apply to a paste (portal chrome, title and signature detection do not). */
  function linesToMarkdown(lines) {
    return toBlocks(joinWrapped(lines.map(cleanSpaces)).map(fixPunctuation)).join("\n\n");
  }

  /** The paragraphs of pasted HTML (Word, WPS, a web page): block elements' text, in order. */
  function htmlToLines(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var lines = [];
    doc.querySelectorAll("p, h1, h2, h3, h4, h5, h6, li, tr").forEach(function (el) {
      if (el.closest("li, tr") && el.closest("li, tr") !== el) return;  // counted with its item
      if (el.tagName === "TR") {
        var cells = Array.from(el.children).map(function (td) { return td.textContent.replace(/\s+/g, " ").trim(); });
        lines.push("| " + cells.join(" | ") + " |");
        return;
      }
      el.querySelectorAll("br").forEach(function (br) { br.replaceWith("\n"); });
      el.textContent.split("\n").forEach(function (part) { lines.push(part.replace(/[\r\n]+/g, "")); });
    });
    if (!lines.length) lines = (doc.body.textContent || "").split(/\r?\n/);
    return lines;
  }

  var api = { cleanSpaces: cleanSpaces, fixPunctuation: fixPunctuation, headingBlocks: headingBlocks,
              toBlocks: toBlocks, linesToMarkdown: linesToMarkdown, htmlToLines: htmlToLines };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.GongkaiPaste = api;
})(this);
