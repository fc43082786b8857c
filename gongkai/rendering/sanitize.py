"""The allowlist every page body passes through, and what it would take away.

Rendered HTML (after Markdown, so attr_list, md_in_html, entities and split tags are all
covered) is cleaned by nh3 (the Ammonia sanitiser, html5ever's parser). Nothing is removed
silently: `findings()` compares what a browser would see before and after cleaning and names
each element, attribute or address the allowlist refuses; `check` and the build turn them
into errors, so a published body is always one the sanitiser leaves as it is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import nh3

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = HEADINGS | {
    "p", "br", "hr", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
    "code", "pre", "kbd", "samp", "var", "abbr", "cite", "q", "time",
    "a", "img", "span", "div", "figure", "figcaption", "details", "summary",
}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title", "lang"},
    "a": {"href", "class"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "time": {"datetime"},
    "code": {"class"},
    "div": {"class"},
    "p": {"class"},
    **{h: {"id"} for h in HEADINGS},  # the table of contents links to them
}
ADMONITION_TYPES = {"note", "abstract", "summary", "info", "tip", "hint", "important", "success",
                    "question", "warning", "caution", "attention", "failure", "danger", "error",
                    "bug", "example", "quote"}
# classes our Markdown extensions write; an editor's own class could dress text up as site UI
CLASSES: dict[str, set[str]] = {
    "a": {"headerlink"},
    "div": {"admonition", *ADMONITION_TYPES},
    "p": {"admonition-title"},
}
CODE_LANGUAGE = re.compile(r"^language-[a-z0-9+#-]{1,30}$")
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# an address that names a scheme or another host ("//host/…")
ABSOLUTE_URL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[\\/]{2})")
# addresses on another host (what an image or a frame would fetch from elsewhere)
OFFSITE_PREFIXES = ("http:", "https:", "//", "\\\\")
# elements that would load something from wherever their address points
RESOURCE_TAGS = {"img", "iframe", "frame", "embed", "object", "video", "audio", "source", "track",
                 "link", "script", "input", "image", "use", "picture"}
RESOURCE_ATTRS = ("src", "href", "data", "srcset", "poster", "xlink:href")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "class":
        if tag == "code":
            kept = [c for c in value.split() if CODE_LANGUAGE.match(c)]
        else:
            kept = [c for c in value.split() if c in CLASSES.get(tag, set())]
        return " ".join(kept) or None
    if tag == "img" and attr == "src" and ABSOLUTE_URL.match(value):
        return None  # images come from the site itself: no tracking pixels, no other hosts
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=None,
    url_schemes=URL_SCHEMES,
)


def clean(html: str) -> str:
    return _CLEANER.clean(html)


@dataclass(frozen=True)
class Finding:
    """Something the allowlist refuses. kind: element | attribute | url | offsite | markup."""

    kind: str
    tag: str
    name: str = ""  # the attribute
    value: str = ""  # its value, or a few characters of the markup

    @property
    def code(self) -> str:
        return f"html_{self.kind}"


Event = tuple[Any, ...]  # ("start", tag, ((name, value), ...)) or ("text", data)


class _Events(HTMLParser):
    """What a reader gets from HTML: elements with their attributes, and text. End tags,
    comments and whitespace between blocks carry nothing a sanitiser could take away."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if not data.strip():
            return
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))


def events(html: str) -> list[Event]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def findings(html: str, cleaned: str | None = None) -> list[Finding]:
    """What cleaning `html` would remove or change, one finding per refused thing."""
    cleaned = clean(html) if cleaned is None else cleaned
    if cleaned == html:  # Markdown's own HTML comes back byte for byte: no parsing needed
        return []
    before = events(html)
    after = events(cleaned)
    if before == after:
        return []
    found: list[Finding] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        kept = {e[1]: e for e in after[j1:j2] if e[0] == "start"}
        for event in before[i1:i2]:
            if event[0] == "start":
                found += _explain(event, kept.get(event[1]))
        if not found:
            text = "".join(e[1] if e[0] == "text" else f"<{e[1]}>" for e in before[i1:i2])
            found.append(Finding("markup", "", "", text[:40]))
    return list(dict.fromkeys(found))


def _offsite(value: str) -> bool:
    return value.strip().lower().startswith(OFFSITE_PREFIXES)


def _explain(event: Event, kept: Event | None) -> list[Finding]:
    _, tag, attrs = event
    if kept is None:  # the element itself is refused
        for name, value in attrs:
            if tag in RESOURCE_TAGS and name in RESOURCE_ATTRS and _offsite(value):
                return [Finding("offsite", tag, name, value)]
        return [Finding("element", tag)]
    kept_attrs = dict(kept[2])
    out = []
    for name, value in attrs:
        if kept_attrs.get(name) == value:
            continue
        if name in ("href", "src") and ABSOLUTE_URL.match(value):
            out.append(Finding("offsite" if tag == "img" and _offsite(value) else "url", tag, name, value))
        else:
            out.append(Finding("attribute", tag, name, value))
    return out
