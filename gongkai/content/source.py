"""Reading one source file: encoding, front matter, YAML with line numbers.

Nothing here knows the meaning of the fields; see validate.py for that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from gongkai.problems import ERROR, Problem

FENCE = re.compile(r"^---\s*$")
# a key typed with a full-width colon: "标题：…" or "title：…" (YAML reads it as plain text)
FULLWIDTH_COLON_KEY = re.compile(r"^\s*(?:-\s+)?([\w\u4e00-\u9fff-]+)\s*：")
# "unit:songping": YAML needs a space after the colon (URLs in values are fine)
NO_SPACE_AFTER_COLON = re.compile(r"^\s*([A-Za-z_][\w-]*):(?![\s/]|$)")
# a full-width space where YAML needs a real one: in the indentation or around the key's colon
FULLWIDTH_SPACE_SYNTAX = re.compile(r"^[ \u3000]*\u3000|\u3000+:|:\u3000")
# a value starting with & * ! % @ or ` is YAML syntax (anchor, alias, tag…), not text
SPECIAL_START = re.compile(r"^\s*(?:-\s+|(?P<key>[\w-]+):\s+)(?P<char>[&*!%@`])")
# "title: 第1号 #2": YAML drops everything after " #" in an unquoted value as a comment
HASH_IN_VALUE = re.compile(r"^\s*(?P<key>[\w-]+):\s+[^\s\"'#|>][^#]*\s#")
# a Word file renamed to .md: the zip (docx) or OLE (doc) signature
WORD_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
# PyYAML's wording of the usual mistakes -> our problem codes
YAML_PROBLEMS = {
    "mapping values are not allowed here": "yaml_colon_in_value",
    "could not find expected ':'": "yaml_missing_colon",
    "expected ',' or ']'": "yaml_unclosed",
    "expected ',' or '}'": "yaml_unclosed",
    "found unexpected end of stream": "yaml_unclosed",
}


@dataclass
class Field:
    node: yaml.Node
    line: int  # 1-based line of the key in the source file


@dataclass
class Source:
    rel_path: str
    text: str = ""
    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    has_front_matter: bool = False  # the fences were found: its fields can be checked
    # the first word of every front-matter line too broken to read: check must not call
    # these fields missing (they are there, written wrongly)
    unreadable: set[str] = field(default_factory=set)

    def problem(self, line: int, field_name: str, code: str, severity: str = ERROR, /, **params: object) -> None:
        """The one way a check of this file reports what is wrong with it."""
        self.problems.append(Problem(self.rel_path, line, field_name, code, params, severity))


def decode(raw: bytes, src: Source) -> str | None:
    """UTF-8 (BOM allowed) or a clear error; never guess and publish mojibake."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith(WORD_SIGNATURES):
        src.problem(1, "", "file_word_renamed")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        src.problem(1, "", "encoding_utf16", path=src.rel_path)  # Notepad's "Unicode"
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            src.problem(line, "", "encoding_unknown")
        else:
            src.problem(line, "", "encoding_gbk", path=src.rel_path)
        return None


def read_source(raw: bytes, rel_path: str) -> Source:
    src = Source(rel_path)
    text = decode(raw, src)
    if text is None:
        return src
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    src.text = text
    lines = text.split("\n")
    if not lines or not FENCE.match(lines[0]):
        src.problem(1, "", "frontmatter_missing")
        return src
    end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
    if end is None:
        end = unclosed_end(lines)
        src.problem(end + 1 if end else 1, "", "frontmatter_unclosed")
        if end is None:
            return src
    src.body = "\n".join(lines[end + 1 :])
    src.body_line = end + 2
    src.has_front_matter = True
    front = lines[1:end]
    broken = lint_front_matter(front, src)
    failure = None if broken else read_mapping("\n".join(front), src)
    if broken or failure:
        reported = len(src.problems)
        recover_front_matter(front, src, broken)
        if failure and len(src.problems) == reported:  # each line read alone: say what YAML said
            report_syntax(src, failure)
    return src


# a line of front matter as typed: "key: value" (or with a full-width colon), an indented
# line or a list item
FRONT_MATTER_LINE = re.compile(r"^(?:[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*\s*[:：]|\s+\S|-\s)")


def unclosed_end(lines: list[str]) -> int | None:
    """Where the closing --- was forgotten: the first blank line, when every line above it
    reads as front matter (then its fields are still checked); None when that is unclear."""
    blank = next((i for i in range(1, len(lines)) if not lines[i].strip()), None)
    if blank is None or blank == 1 or not all(FRONT_MATTER_LINE.match(line) for line in lines[1:blank]):
        return None
    return blank


# C0 and C1 controls but tab and newline, and the non-characters U+FFFE/U+FFFF: invisible,
# and fatal to YAML's reader and to the feeds' XML
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
KEY = re.compile(r"^\s*([^:\s]+)\s*:")


def _key_of(line: str) -> str:
    m = KEY.match(line)
    return m.group(1) if m else "?"


def lint_front_matter(front: list[str], src: Source, first: int = 2, comments: bool = False) -> set[int]:
    """Catch what a Chinese input method does to YAML before YAML misreads it; the numbers
    of the lines found broken. `first`: the file's line number of front[0]; `comments`: a
    YAML file of settings, where a " #" after a value is a comment, not a title's text cut short."""
    broken: set[int] = set()
    for number, line in enumerate(front, start=first):
        control = CONTROL.search(line)
        if control:  # YAML's reader would stop at it without naming the line
            src.problem(number, "", "control_char", key=_key_of(line), char=f"U+{ord(control.group()):04X}")
            broken.add(number)
            continue
        if "\t" in line:
            src.problem(number, "", "yaml_tab")
            broken.add(number)
        if FULLWIDTH_SPACE_SYNTAX.search(line):
            src.problem(number, "", "yaml_fullwidth_space")
            broken.add(number)
        m = FULLWIDTH_COLON_KEY.match(line)
        if m and ":" not in line[: m.end()]:
            src.problem(number, m.group(1), "yaml_fullwidth_colon", key=m.group(1))
            broken.add(number)
            continue
        m = NO_SPACE_AFTER_COLON.match(line)
        if m:
            src.problem(number, m.group(1), "yaml_colon_space", key=m.group(1))
            broken.add(number)
        m = SPECIAL_START.match(line)
        if m:
            key = m["key"] or "keywords"
            src.problem(number, m["key"] or "", "yaml_special_start", char=m["char"], key=key)
            broken.add(number)
        m = None if comments else HASH_IN_VALUE.match(line)
        if m:
            src.problem(number, m["key"], "yaml_hash_in_value", key=m["key"])
            broken.add(number)
    return broken


# libyaml's parser when PyYAML has it (most front matter is read with it, ten times faster);
# a text it refuses is read again with PyYAML's own, whose messages YAML_PROBLEMS knows
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def refused_constructs(text: str, src: Source, first: int = 2, loader: type = yaml.SafeLoader) -> bool:
    """Anchors, aliases and explicit tags: a few bytes of them can expand into gigabytes or
    into types nobody typed. Refused before anything is built from the YAML."""
    refused = False
    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + first if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                src.problem(line, "", "yaml_anchor")
                refused = True
            tag = getattr(event, "tag", None)
            if tag:  # only an explicit tag sets it
                src.problem(line, "", "yaml_tag", value=tag)
                refused = True
            if refused and len(src.problems) > 20:
                break
    except yaml.YAMLError:
        return False  # parse_front_matter reports the syntax error with its line
    return refused


def is_nothing(node: yaml.Node) -> bool:
    """Nothing after the colon, or ~ / null: a plain null scalar (a quoted "" is an empty text).
    PyYAML marks a plain scalar's style None, libyaml ''."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.style


class SyntaxProblem(Exception):
    """A YAML syntax error as reported to editors: (line, code, detail)."""

    def __init__(self, line: int, code: str, detail: str):
        super().__init__(detail)
        self.line, self.code, self.detail = line, code, detail


def _fast_compose(text: str) -> yaml.Node | None:
    """The node tree by libyaml, for a text with no anchor, alias or tag; None if libyaml is
    missing or refuses the text (the caller then reads it with PyYAML for the exact message)."""
    if _FAST_LOADER is None:
        return None
    scratch = Source("", "")
    try:
        if refused_constructs(text, scratch, loader=_FAST_LOADER) or scratch.problems:
            return None
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return None
    # a list or mapping as a key is quoted from the file (key_text), which libyaml's marks cannot
    if isinstance(node, yaml.MappingNode) and any(not isinstance(k, yaml.ScalarNode) for k, _ in node.value):
        return None
    return node


def compose(text: str, src: Source, first: int = 2) -> yaml.Node | None:
    """The YAML node of `text` (whose first line is line `first` of the file);
    SyntaxProblem when it is not YAML. Refused constructs are reported, giving None."""
    node = _fast_compose(text)
    if node is not None:
        return node
    if refused_constructs(text, src, first):
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + first
        raise SyntaxProblem(line, "control_char", f"U+{exc.character:04X}") from exc
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or ""
        code = next((c for text, c in YAML_PROBLEMS.items() if problem.startswith(text)), "yaml_syntax")
        # a missing colon is noticed on the next line; the key it belongs to starts the context
        marks = (exc.context_mark, exc.problem_mark) if code == "yaml_missing_colon" else (exc.problem_mark, exc.context_mark)
        mark = next((m for m in marks if m is not None), None)
        line = mark.line + first if mark else first
        raise SyntaxProblem(line, code, problem or type(exc).__name__) from exc


def report_syntax(src: Source, exc: SyntaxProblem) -> None:
    if exc.code == "control_char":
        src.problem(exc.line, "", "control_char", key="?", char=exc.detail)
    else:
        src.problem(exc.line, "", exc.code, detail=exc.detail)


def parse_front_matter(text: str, src: Source, first: int = 2) -> None:
    """Each key of the YAML mapping in `text` into src.fields with its line (`first`: the
    file's line number of the text's first line), or the problem reported."""
    failure = read_mapping(text, src, first)
    if failure:
        report_syntax(src, failure)


def read_mapping(text: str, src: Source, first: int = 2) -> SyntaxProblem | None:
    """Like parse_front_matter, but a syntax problem is returned, not reported: the caller
    may find each broken line itself (recover_front_matter)."""
    try:
        node = compose(text, src, first)
    except SyntaxProblem as exc:
        return exc
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        src.problem(node.start_mark.line + first, "", "yaml_not_mapping")
        return None
    add_fields(node, src, first)
    return None


def add_fields(node: yaml.MappingNode, src: Source, first: int) -> None:
    for key_node, value_node in node.value:
        key = key_text(key_node)
        line = key_node.start_mark.line + first
        if key in src.fields:
            src.problem(line, key, "field_duplicate", key=key)
        src.fields[key] = Field(value_node, line)


# a top-level entry starts at column 0; indented lines, "- item" lines and blank lines continue it
ENTRY_START = re.compile(r"^[^\s\-]|^-(?!\s|$)")
FIRST_WORD = re.compile(r"^[\s\-]*([^\s:：\-][^\s:：]*)")


def entries(front: list[str]) -> list[tuple[int, list[str]]]:
    """(line number of the first line, lines) of each top-level `key: value` entry."""
    found: list[tuple[int, list[str]]] = []
    for number, line in enumerate(front, start=2):
        if not found or ENTRY_START.match(line):
            found.append((number, [line]))
        else:
            found[-1][1].append(line)
    return found


def recover_front_matter(front: list[str], src: Source, broken: set[int]) -> None:
    """Front matter that is not valid YAML: read each top-level entry on its own, so that the
    fields around a broken line are still checked. An entry holding a broken line (found by
    the lint, or unreadable alone) is left out, its key remembered as unreadable; the syntax
    problem of each entry the lint did not explain is reported on its line."""
    for first, lines in entries(front):
        if first in broken:
            src.unreadable.update(_first_words(lines))
            continue
        # a broken line under a key ("\tpublished: …" after "unit: x") is blanked out alone
        src.unreadable.update(_first_words([line for n, line in enumerate(lines, start=first) if n in broken]))
        lines = ["" if n in broken else line for n, line in enumerate(lines, start=first)]
        try:
            node = compose("\n".join(lines), src, first)
        except SyntaxProblem as exc:
            _recover_head(lines, first, src, exc)
            continue
        if node is None:
            continue  # a comment or a blank line
        if isinstance(node, yaml.MappingNode):
            add_fields(node, src, first)
        else:  # "title 报告": one line of text without a key
            src.problem(first, "", "yaml_missing_colon", detail="")
            src.unreadable.update(_first_words(lines))


def _recover_head(lines: list[str], first: int, src: Source, exc: SyntaxProblem) -> None:
    """An entry that is not YAML: a `key: value` line followed by an indented line that is
    a key of its own is an indentation mistake, and the first line still counts."""
    last = first + len(lines) - 1
    head_ok = False
    if len(lines) > 1 and exc.line > first:
        try:
            node = compose(lines[0], src, first)
        except SyntaxProblem:
            node = None
        head_ok = isinstance(node, yaml.MappingNode) and all(v.value != "" for _, v in node.value)
        if head_ok and isinstance(node, yaml.MappingNode):
            add_fields(node, src, first)
    line = min(exc.line, last)
    if head_ok and KEY.match(lines[line - first]):
        src.problem(line, "", "yaml_indent", key=_key_of(lines[line - first]))
    else:
        report_syntax(src, SyntaxProblem(line, exc.code, exc.detail))
    src.unreadable.update(_first_words(lines[1:] if head_ok else lines))


def _first_words(lines: list[str]) -> set[str]:
    """What may be the keys of `lines` (list items and blank lines hold none)."""
    return {m[1] for line in lines if not line.lstrip().startswith("-") and (m := FIRST_WORD.match(line))}


def key_text(node: yaml.Node) -> str:
    """A mapping key as the editor typed it: a list or mapping used as a key (`? [a, b]`)
    is quoted from the file, never shown as the parser's objects."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    start, end = node.start_mark, node.end_mark
    typed = start.buffer[start.pointer:end.pointer] if start.buffer else type(node).__name__
    return " ".join(typed.split())


def construct(node: yaml.Node) -> Any:
    """Turn one YAML node into a Python value (may raise ValueError for 2025-02-30)."""
    return yaml.SafeLoader("").construct_object(node, deep=True)
