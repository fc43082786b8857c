"""Loading the site's identity (gongkai.yml) and unit registry (units.yml)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from gongkai.content.model import DEFAULT_LANG, UNIT_TYPES, Site, Unit
from gongkai.problems import ContentError, Problem

SITE_FILE = "gongkai.yml"
UNITS_FILE = "units.yml"


def load_site(root: Path) -> Site:
    root = root.resolve()
    site_data = _load_yaml(root / SITE_FILE) or {}
    units_data = _load_yaml(root / UNITS_FILE) or {}
    problems: list[Problem] = []
    units: dict[str, Unit] = {}
    for key, entry in (units_data.get("units") or {}).items():
        entry = entry or {}
        wrong = [f for f in ("name", "short", "code", "type") if not entry.get(f)]
        if entry.get("type") and entry["type"] not in UNIT_TYPES:
            wrong.append(f"type: {entry['type']}")
        if wrong:
            problems.append(Problem(UNITS_FILE, 0, str(key), "unit_invalid", {"key": key, "missing": ", ".join(wrong)}))
            continue
        units[str(key)] = Unit(
            key=str(key),
            name=entry["name"],
            short=entry["short"],
            code=str(entry["code"]),
            type=entry["type"],
            names=dict(entry.get("names") or {}),
            shorts=dict(entry.get("shorts") or {}),
        )
    if problems:
        raise ContentError(problems)
    name = site_data.get("site_name") or {"zh": "法治政府建设信息公开"}
    if isinstance(name, str):
        name = {"zh": name}
    return Site(
        root=root,
        name=name,
        site_id_code=str(site_data.get("site_id_code", "")),
        icp=str(site_data.get("icp", "")),
        police=str(site_data.get("police", "")),
        sponsor=dict(site_data.get("sponsor") or {}),
        repo_url=str(site_data.get("repo_url", "")),
        edit_branch=str(site_data.get("edit_branch", "main")),
        report_deadline=str(site_data.get("report_deadline", "04-01")),
        index_no_pattern=str(site_data.get("index_no_pattern", "{code}/{year}-{serial}")),
        units=units,
    )


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for !ENV, without running its other tags (!!python/…)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    names = (loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
             else [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else [])
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig") as f:
        config: dict[str, Any] = yaml.load(f, Loader=_ConfigLoader) or {}
    return config


def site_languages(root: Path) -> list[str]:
    """The languages mkdocs-static-i18n builds, from mkdocs.yml (the default language first)."""
    config = mkdocs_config(root)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = (plugin["i18n"] or {}).get("languages") or []
            built = [lang for lang in languages if lang.get("build", True)]
            built.sort(key=lambda lang: not lang.get("default", False))
            return [lang["locale"] for lang in built] or [DEFAULT_LANG]
    return [DEFAULT_LANG]


def _load_yaml(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8-sig") as f:
        data: dict[str, Any] | None = yaml.safe_load(f)
    return data
