"""Where a source file may be: reports/<year>/<slug>[.<lang>].md, and a name to suggest."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from gongkai.content.model import DEFAULT_LANG, kind_of
from gongkai.content.source import Source

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PATH = re.compile(r"^reports/(?P<folder>[^/]+)/(?P<slug>[^/.]+)(?:\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z]+)?))?\.md$")
ANY_MD_IN_FOLDER = re.compile(r"^reports/(?P<folder>[^/]+)/(?P<name>[^/]+)\.md$")


@dataclass(frozen=True)
class SourcePath:
    folder: str
    slug: str
    lang: str

    @property
    def doc_id(self) -> str:
        return f"{self.folder}/{self.slug}"

    @property
    def year(self) -> int:
        return int(self.folder)


def source_path(src: Source, languages: list[str]) -> SourcePath | None:
    """The parts of a well-placed source's path; None (with the problems) for any other."""
    m = PATH.match(src.rel_path)
    if not m:
        loose = ANY_MD_IN_FOLDER.match(src.rel_path)
        if loose:  # a dot in the name ("x.report.md"): a naming problem, not a location one
            src.problem(0, "", "path_slug", slug=loose["name"],
                        suggestion=suggest_slug(src, loose["name"], loose["folder"]))
        else:
            src.problem(0, "", "path_layout")
        return None
    folder, slug, lang = m["folder"], m["slug"], m["lang"] or DEFAULT_LANG
    if not re.fullmatch(r"[0-9]{4}", folder):  # not \d: that takes ２０２５ too
        src.problem(0, "", "path_year_folder", folder=folder)
        return None
    found = len(src.problems)
    if not SLUG.match(slug):
        src.problem(0, "", "path_slug", slug=slug, suggestion=suggest_slug(src, slug, folder))
    if lang not in languages:
        src.problem(0, "", "path_lang", lang=lang, languages=", ".join(languages))
    return SourcePath(folder, slug, lang) if len(src.problems) == found else None


def original_id(rel_path: str) -> str | None:
    """The id an original (not a translation) at `rel_path` would have."""
    m = PATH.match(rel_path)
    return f"{m['folder']}/{m['slug']}" if m and not m["lang"] else None


def suggest_slug(src: Source, name: str, folder: str) -> str:
    """A URL-safe name: the typed one made safe, or <unit>-<year>-<kind> when it has no letters."""
    safe = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if re.search(r"[a-z]", safe):
        return safe
    unit = _typed(src, "unit") or "unit"
    kind = "report" if kind_of(_typed(src, "kind") or "") == "annual-report" else "notice"
    return f"{unit}-{folder}-{kind}" if re.fullmatch(r"[a-z0-9-]+", unit) else f"unit-{folder}-{kind}"


def _typed(src: Source, key: str) -> str | None:
    """A field's text for a suggestion, without reporting problems of its own."""
    fld = src.fields.get(key)
    return str(fld.node.value) if fld is not None and isinstance(fld.node, yaml.ScalarNode) else None
