"""The Decap CMS configuration (admin/config.yml), generated from the content model, units.yml
and the UI strings, so that a new unit, kind or language changes the editor with no second edit.

One collection per kind (its own slug and starting body), one of every original document (the
target of the related-documents picker) and one per translation language. Decap's own i18n is
not used: it would name the Chinese original x.zh.md, and our layout is x.md beside x.en.md.
The front matter is read and written by our own format (static/gongkai-frontmatter.js), in the
field order and quoting of `new`; `gk_*` fields exist only in the editor and are never written.
The year folder is {{gk_year}}, set before saving from the year field: Decap reads {{year}} in
a path as the current date's year, and cannot read {{fields.year}} there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from gongkai.cms.settings import DEFAULT_PROXY_PORT, WORKFLOW_BACKENDS, CmsSettings
from gongkai.commands.new import skeleton
from gongkai.content.drafts import unit_label
from gongkai.content.fields import MAX_LENGTH
from gongkai.content.model import DEFAULT_LANG, KINDS, Site, Unit
from gongkai.locales import LOCALES_DIR, t

# Decap's name of each UI language it ships
DECAP_LOCALES = {"zh": "zh_Hans", "en": "en"}
ORIGINALS = "documents"  # the collection of every original document
# the starting body's signature; admin.js fills it in from the unit and the date when saving
SIGNATURE_PLACEHOLDER = "【请填写：发布机构全称】\n【请填写：发布日期，如2026年3月2日】"
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
        "time_format": False, "picker_utc": True}
Field = dict[str, Any]


def is_loopback(site_url: str) -> bool:
    return urlsplit(site_url).hostname in ("127.0.0.1", "localhost")


def _label(ui: str, key: str, hint_key: str | None = None) -> Field:
    field: Field = {"label": t(ui, key)}
    if hint_key:
        field["hint"] = t(ui, hint_key)
    return field


def unit_option(unit: Unit, ui: str) -> dict[str, str]:
    """A unit in the select: its Chinese (or UI-language) name, its units.yml key as value."""
    name, label = unit.display_name(ui), unit_label(unit, ui)
    if label != name:  # a town: 松坪镇（澄岭县松坪镇人民政府）
        label = f"{label}（{name}）" if ui == DEFAULT_LANG else f"{label} ({name})"
    return {"label": label, "value": unit.key}


def original_fields(site: Site, kind: str, ui: str) -> list[Field]:
    """The fields of an original document, in the order `new` writes them."""
    body = "\n\n".join([*skeleton(kind, DEFAULT_LANG), SIGNATURE_PLACEHOLDER])
    return [
        {"name": "title", "widget": "string", **_label(ui, "cms_title", "cms_hint_title"),
         "pattern": [f"^.{{1,{MAX_LENGTH['title']}}}$", t(ui, "cms_too_long", limit=MAX_LENGTH["title"])]},
        {"name": "kind", "widget": "hidden", "default": kind},
        {"name": "year", "widget": "number", "value_type": "int", "min": 1990, "max": 2100,
         **_label(ui, "meta_year", "cms_hint_year")},
        {"name": "unit", "widget": "select", **_label(ui, "meta_unit", "cms_hint_unit"),
         "options": [unit_option(u, ui) for u in site.units.values()]},
        {"name": "published", **DATE, **_label(ui, "meta_published", "cms_hint_published")},
        {"name": "written", **DATE, "required": False, "default": "", **_label(ui, "meta_written", "cms_hint_written")},
        {"name": "doc_no", "widget": "string", "required": False, **_label(ui, "meta_doc_no", "cms_hint_doc_no")},
        {"name": "keywords", "widget": "list", "required": False, **_label(ui, "meta_keywords", "cms_hint_keywords")},
        {"name": "summary", "widget": "text", "required": False, **_label(ui, "cms_summary", "cms_hint_summary")},
        {"name": "related", "widget": "relation", "collection": ORIGINALS, "multiple": True, "required": False,
         "value_field": "{{slug}}", "search_fields": ["title"], "display_fields": ["year", "title"],
         **_label(ui, "related_heading", "cms_hint_related")},
        {"name": "body", "widget": "markdown", "modes": ["raw"], "default": body,
         **_label(ui, "cms_body", "cms_hint_body")},
    ]


def translation_fields(ui: str) -> list[Field]:
    """What a translation carries (title, summary, keywords), and the original it translates."""
    return [
        {"name": "gk_original", "widget": "relation", "collection": ORIGINALS, "required": False,
         "value_field": "{{slug}}", "search_fields": ["title"], "display_fields": ["year", "title"],
         **_label(ui, "cms_original", "cms_hint_original")},
        {"name": "title", "widget": "string", **_label(ui, "cms_title", "cms_hint_title")},
        {"name": "keywords", "widget": "list", "required": False, **_label(ui, "meta_keywords")},
        {"name": "summary", "widget": "text", "required": False, **_label(ui, "cms_summary")},
        {"name": "body", "widget": "markdown", "modes": ["raw"], **_label(ui, "cms_body")},
    ]


def language_name(lang: str) -> str:
    """A language's own name (English); its code when it has no UI strings of its own."""
    return t(lang, "lang_name") if (LOCALES_DIR / f"{lang}.yml").exists() else lang


def _folder(name: str, label: str, fields: list[Field], **rest: Any) -> dict[str, Any]:
    return {"name": name, "label": label, "label_singular": label, "folder": "reports",
            "path": "{{gk_year}}/{{slug}}", "extension": "md", "format": "gongkai-original",
            "media_folder": "", "public_folder": "", "summary": "{{fields.year}} · {{fields.title}}",
            "sortable_fields": ["published", "year", "title"], "fields": fields, **rest}


def collections(site: Site, languages: list[str], ui: str) -> list[dict[str, Any]]:
    found = [
        _folder(kind.key, t(ui, f"kind_{kind.key}"), original_fields(site, kind.key, ui),
                slug=f"{{{{fields.unit}}}}-{{{{fields.year}}}}-{kind.slug_stem}",
                filter={"field": "gk_kind", "value": kind.key}, create=True)
        for kind in KINDS.values()
    ]
    found.append(_folder(ORIGINALS, t(ui, "cms_all_documents"), original_fields(site, "annual-report", ui),
                         filter={"field": "gk_original", "value": True}, create=False,
                         description=t(ui, "cms_all_documents_hint")))
    for lang in languages:
        if lang == DEFAULT_LANG:
            continue
        # the slug is the original's; admin.js sets gk_year/gk_slug from the picker
        found.append({
            **_folder(f"translations-{lang}", t(ui, "cms_translations", language=language_name(lang)),
                      translation_fields(ui), create=True, slug="{{fields.gk_slug}}",
                      filter={"field": "gk_translation", "value": True}),
            "extension": f"{lang}.md", "format": "gongkai-translation",
            "summary": "{{title}}", "sortable_fields": ["title"],
        })
    return found


def backend(settings: CmsSettings, site_url: str) -> dict[str, Any]:
    found: dict[str, Any] = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch,
                             "api_root": settings.api_root, "squash_merges": True}
    if settings.backend == "gitea":
        found |= {"base_url": settings.base_url, "app_id": settings.app_id}
    elif settings.backend == "forgejo":
        found |= {"app_id": settings.app_id}  # it logs in at the server of api_root
    else:
        # without a configured OAuth proxy, login goes to our own site (and fails there),
        # never to Decap's default service on another host
        parts = urlsplit(site_url)
        found |= {"base_url": settings.base_url or f"{parts.scheme}://{parts.netloc}", "auth_endpoint": "auth"}
    return found


def proxy_url(port: int = DEFAULT_PROXY_PORT) -> str:
    return f"http://127.0.0.1:{port}/api/v1"


def cms_config(site: Site, languages: list[str], site_url: str, settings: CmsSettings, ui: str,
               proxy_port: int = DEFAULT_PROXY_PORT) -> dict[str, Any]:
    """The whole Decap configuration for the UI language `ui`."""
    config: dict[str, Any] = {
        "locale": DECAP_LOCALES.get(ui, "en"),
        "backend": backend(settings, site_url),
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": "reports",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(site, languages, ui),
    }
    if is_loopback(site_url):
        # working on a checkout: decap-server writes the files; git and the PR come after
        config["local_backend"] = {"url": proxy_url(proxy_port), "allowed_hosts": ["127.0.0.1", "localhost"]}
    elif settings.backend in WORKFLOW_BACKENDS:
        # each document a branch and a pull request: draft, in review, ready
        config["publish_mode"] = "editorial_workflow"
    return config
