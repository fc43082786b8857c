"""Loading the site's identity (gongkai.yml) and unit registry (units.yml)."""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import UNIT_TYPES, Site, Unit
from .problems import ContentError, Problem

SITE_FILE = "gongkai.yml"
UNITS_FILE = "units.yml"


def load_site(root: Path) -> Site:
    root = root.resolve()
    site_data = _load_yaml(root / SITE_FILE) or {}
    units_data = _load_yaml(root / UNITS_FILE) or {}
    problems: list[Problem] = []
    units: dict[str, Unit] = {}
    for key, entry in (units_data.get("units") or {}).items():
        missing = [f for f in ("name", "short", "code", "type") if not (entry or {}).get(f)]
        if missing or entry["type"] not in UNIT_TYPES:
            problems.append(Problem(UNITS_FILE, 0, str(key), "unit_invalid",
                                    {"key": key, "missing": ", ".join(missing) or "type"}))
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


def _load_yaml(path: Path) -> dict | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8-sig") as f:
        return yaml.safe_load(f)
