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

  /** Lines of text (one paragraph each) to a Markdown body. */
  function linesToMarkdown(lines) {
    return toBlocks(lines.map(function (ln) { return fixPunctuation(cleanSpaces(ln)); })).join("\n\n");
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
