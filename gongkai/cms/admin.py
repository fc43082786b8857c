"""The files of /admin/: the editor page with its own Content-Security-Policy, the generated
configuration per UI language, our scripts, and Decap CMS from node_modules (npm, pinned in
package-lock.json). Nothing here is a site page: no navigation, sitemap or search entry."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import yaml

from gongkai.cms.config import DECAP_LOCALES, SIGNATURE_PLACEHOLDER, cms_config, is_loopback, proxy_url
from gongkai.cms.settings import DEFAULT_PROXY_PORT, CmsSettings, load_settings
from gongkai.content.fields import FIELD_ORDER, OPTIONAL, REQUIRED, TRANSLATION_FIELDS
from gongkai.content.model import DEFAULT_LANG, KINDS, Site
from gongkai.locales import t

ADMIN_DIR = "admin"
STATIC = Path(__file__).parent / "static"
# in load order: the flag that holds Decap's start, Decap and its YAML reader, then ours
SCRIPTS = ("gongkai-admin-boot.js", "js-yaml.min.js", "decap-cms.js", "gongkai-paste.js",
           "gongkai-frontmatter.js", "gongkai-admin.js")
# the stylesheets of a document page, relative to the site root; the preview pane uses them
PREVIEW_STYLES = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/gongkai.css",
                  "assets/stylesheets/gongkai-reading.css")


def bundle_dir(root: Path) -> Path | None:
    """Decap CMS's prebuilt files, installed by `npm ci`; None when not installed."""
    dist = root / "node_modules" / "decap-cms" / "dist"
    return dist if (dist / "decap-cms.js").is_file() else None


def bundle_files(dist: Path) -> dict[str, bytes]:
    """decap-cms.js, the chunks it loads on demand and its WebAssembly; no source maps, and not
    cms.js (the same bundle under its old name)."""
    names = [p for p in sorted(dist.iterdir()) if p.is_file() and (
        p.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt")
        or p.name.endswith((".decap-cms.js", ".wasm")))]
    return {p.name: p.read_bytes() for p in names}


def admin_policy(settings: CmsSettings, site_url: str, proxy_port: int = DEFAULT_PROXY_PORT) -> str:
    """The site's policy plus what Decap needs, and only on /admin/: inline styles (Emotion
    styles its React components at run time), eval (Ajv compiles Decap's configuration schema
    with `new Function`; measured: without 'unsafe-eval' the editor stops at start), blob: and
    data: images of uploads, and calls to the git host's API (on a checkout, the local proxy)."""
    connect = ["'self'", settings.api_origin]
    if settings.backend in ("gitea", "forgejo"):
        connect.append(settings.base_url)  # the PKCE token exchange
    if is_loopback(site_url):
        connect.append(proxy_url(proxy_port).removesuffix("/api/v1"))
    hosts = " ".join(dict.fromkeys(connect))
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {settings.api_origin}",
        f"connect-src {hosts}",
        "font-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ))


# the preview's metadata block, in the order of the document page
PREVIEW_FIELDS = ("kind", "unit", "year", "doc_no", "written", "published", "keywords")
LABELS = {"title": "cms_title", "kind": "meta_kind", "year": "meta_year", "unit": "meta_unit",
          "published": "meta_published", "written": "meta_written", "doc_no": "meta_doc_no",
          "keywords": "meta_keywords"}


def editor_meta(site: Site, collections: list[str]) -> dict[str, Any]:
    """What gongkai-admin.js needs from the core besides config.yml: field order, kind names,
    unit names and the preview's labels."""
    order = [*FIELD_ORDER, *(k for k in (*REQUIRED, *OPTIONAL) if k not in FIELD_ORDER)]
    return {
        "order": order,
        "translation_order": [k for k in order if k in TRANSLATION_FIELDS],
        "kinds": {k.key: list(k.aliases) for k in KINDS.values()},
        "units": {ui: {u.key: u.display_name(ui) for u in site.units.values()} for ui in DECAP_LOCALES},
        "meta_fields": list(PREVIEW_FIELDS),
        "signature_placeholder": SIGNATURE_PLACEHOLDER,
        "date_format": t(DEFAULT_LANG, "date_format", year="{year}", month="{month}", day="{day}", iso=""),
        "collections": collections,
        "decap_locales": DECAP_LOCALES,
        "ui": {ui: {"switch_lang": t(ui, "cms_switch_lang"), "meta_heading": t(ui, "meta_heading"),
                    "login_forgejo": t(ui, "cms_login_forgejo"),
                    "labels": {k: t(ui, v) for k, v in LABELS.items()},
                    "kinds": {k: t(ui, f"kind_{k}") for k in KINDS}} for ui in DECAP_LOCALES},
    }


def index_html(site: Site, policy: str, preview_styles: list[str], meta: dict[str, Any]) -> str:
    title = html.escape(f"{t(DEFAULT_LANG, 'cms_title_page')} · {site.site_name(DEFAULT_LANG)}")
    styles = "\n".join(f'<link rel="gk-preview-style" href="{html.escape(href)}">' for href in preview_styles)
    script_tags = "\n".join(f'<script src="{name}"></script>' for name in SCRIPTS)
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="gongkai-cms" content="{html.escape(json.dumps(meta, ensure_ascii=False))}">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="gongkai-admin.css">
{styles}
</head>
<body>
<a class="gk-admin-lang" id="gk-admin-lang" href="?lang=en" lang="en">{html.escape(t(DEFAULT_LANG, 'cms_switch_lang'))}</a>
{script_tags}
</body>
</html>
"""


def admin_files(site: Site, languages: list[str], site_url: str, site_dir: Path,
                proxy_port: int = DEFAULT_PROXY_PORT) -> dict[str, bytes]:
    """Every file of /admin/ by its path below the site root; empty when Decap CMS is not
    installed (the site itself does not need it)."""
    dist = bundle_dir(site.root)
    if dist is None:
        return {}
    settings = load_settings(site)
    files = {f"{ADMIN_DIR}/{name}": data for name, data in bundle_files(dist).items()}
    js_yaml = site.root / "node_modules" / "js-yaml"
    files[f"{ADMIN_DIR}/js-yaml.min.js"] = (js_yaml / "dist" / "js-yaml.min.js").read_bytes()
    files[f"{ADMIN_DIR}/js-yaml.LICENSE.txt"] = (js_yaml / "LICENSE").read_bytes()
    for path in sorted(STATIC.iterdir()):
        files[f"{ADMIN_DIR}/{path.name}"] = path.read_bytes()
    configs = {ui: cms_config(site, languages, site_url, settings, ui, proxy_port) for ui in DECAP_LOCALES}
    for ui, config in configs.items():
        name = "config.yml" if ui == DEFAULT_LANG else f"config.{ui}.yml"
        files[f"{ADMIN_DIR}/{name}"] = yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode()
    names = [c["name"] for c in configs[DEFAULT_LANG]["collections"]]
    styles = [f"../{p.relative_to(site_dir).as_posix()}" for pattern in PREVIEW_STYLES
              for p in sorted(site_dir.glob(pattern))]
    page = index_html(site, admin_policy(settings, site_url, proxy_port), styles, editor_meta(site, names))
    files[f"{ADMIN_DIR}/index.html"] = page.encode()
    return files
