"""The shipped JSON Schemas agree with the validator on the sample site and on bad input."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DOCUMENT_SCHEMA = json.loads((REPO / "schema/document.schema.json").read_text(encoding="utf-8"))


def front_matter(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig").split("---\n")[1])
    # YAML reads 2025-02-10 as a date; JSON Schema sees the text the editor typed
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def changed(data: dict, change: dict) -> dict:
    """`data` with each key of `change` set to its value, or removed where the value is None."""
    return {**{k: v for k, v in data.items() if change.get(k, v) is not None},
            **{k: v for k, v in change.items() if v is not None}}


ORIGINALS = sorted(p for p in (REPO / "reports").rglob("*.md") if p.name.count(".") == 1)


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.name)
def test_sample_documents_match_the_schema(path):
    jsonschema.validate(front_matter(path), DOCUMENT_SCHEMA)


@pytest.mark.parametrize("change", [
    {"unit": None}, {"kind": "report"}, {"year": "2024年"}, {"titel": "x"},
    {"published": "2025年2月10日"}, {"related": ["nope"]},
])
def test_schema_rejects_what_check_rejects(change):
    data = changed(front_matter(ORIGINALS[0]), change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, DOCUMENT_SCHEMA)


def test_unit_registry_matches_its_schema():
    schema = json.loads((REPO / "schema/units.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load((REPO / "units.yml").read_text(encoding="utf-8")), schema)


def test_document_schema_states_the_validators_fields_and_kinds():
    from gongkai.content.fields import OPTIONAL, REQUIRED
    from gongkai.content.model import KINDS

    assert DOCUMENT_SCHEMA["required"] == list(REQUIRED)
    assert list(DOCUMENT_SCHEMA["properties"]) == [*REQUIRED, *OPTIONAL]
    assert DOCUMENT_SCHEMA["additionalProperties"] is False
    kinds = [k.key for k in KINDS.values()] + [alias for k in KINDS.values() for alias in k.aliases]
    assert DOCUMENT_SCHEMA["properties"]["kind"]["enum"] == kinds


SITE_SCHEMA = json.loads((REPO / "schema/site.schema.json").read_text(encoding="utf-8"))
UNITS_SCHEMA = json.loads((REPO / "schema/units.schema.json").read_text(encoding="utf-8"))


def schema_types(fragment: dict) -> set[str]:
    """The JSON types a property allows, through anyOf and local $refs."""
    if "$ref" in fragment:
        name = fragment["$ref"].removeprefix("#/$defs/")
        return schema_types({**SITE_SCHEMA["$defs"][name], **{k: v for k, v in fragment.items() if k != "$ref"}})
    if "anyOf" in fragment:
        return set().union(*(schema_types(f) for f in fragment["anyOf"]))
    if "enum" in fragment:
        return {"string"} if all(isinstance(v, str) for v in fragment["enum"]) else {"?"}
    kind = fragment.get("type")
    return set(kind) if isinstance(kind, list) else {kind}


def shape_types():
    from gongkai.content.settings import Shape

    texts = {"string"}
    return {Shape.TEXT: texts, Shape.LANG_TEXTS: {"string", "object"}, Shape.LANG_MAP: {"object"},
            Shape.MONTH_DAY: texts, Shape.URL: texts, Shape.BRANCH: texts, Shape.INDEX_PATTERN: texts,
            Shape.UNIT_TYPE: texts, Shape.CMS_BACKEND: texts}


def test_site_schema_states_the_declared_settings():
    from gongkai.content.settings import SITE_SETTINGS

    assert list(SITE_SCHEMA["properties"]) == [s.key for s in SITE_SETTINGS]
    assert SITE_SCHEMA["required"] == [s.key for s in SITE_SETTINGS if s.required]
    assert SITE_SCHEMA["additionalProperties"] is False
    types = shape_types()
    for setting in SITE_SETTINGS:
        prop = SITE_SCHEMA["properties"][setting.key]
        assert schema_types(prop) == types[setting.shape], setting.key
        if not setting.required:
            default = dict(setting.default) if isinstance(setting.default, Mapping) else setting.default
            assert prop["default"] == default, setting.key


def test_unit_schema_states_the_declared_unit_fields():
    from gongkai.content.model import UNIT_TYPES
    from gongkai.content.settings import UNIT_KEY_PATTERN, UNIT_SETTINGS, UNITS_KEY

    assert list(UNITS_SCHEMA["properties"]) == [UNITS_KEY] and UNITS_SCHEMA["required"] == [UNITS_KEY]
    registry = UNITS_SCHEMA["properties"][UNITS_KEY]
    assert registry["propertyNames"]["pattern"] == f"^{UNIT_KEY_PATTERN}$"
    unit = registry["additionalProperties"]
    assert list(unit["properties"]) == [s.key for s in UNIT_SETTINGS]
    assert unit["required"] == [s.key for s in UNIT_SETTINGS if s.required]
    assert unit["additionalProperties"] is False
    assert unit["properties"]["type"]["enum"] == list(UNIT_TYPES)
    types = shape_types()
    for setting in UNIT_SETTINGS:
        assert schema_types(unit["properties"][setting.key]) == types[setting.shape], setting.key


def test_sample_site_settings_match_the_schema():
    jsonschema.validate(yaml.safe_load((REPO / "gongkai.yml").read_text(encoding="utf-8")), SITE_SCHEMA)


@pytest.mark.parametrize("change", [
    {"site_name": None}, {"site_name": {"en": "Chengling"}}, {"sitename": "x"}, {"report_deadline": "April 1"},
    {"report_deadline": "13-01"}, {"repo_url": "javascript:alert(1)"}, {"edit_branch": "main branch"},
    {"icp": ["a"]}, {"sponsor": {"中文": "办公室"}},
])
def test_site_schema_rejects_what_check_rejects(change, tmp_path):
    from gongkai.content.config import load_site
    from gongkai.problems import ContentError

    data = changed(yaml.safe_load((REPO / "gongkai.yml").read_text(encoding="utf-8")), change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SITE_SCHEMA)
    (tmp_path / "gongkai.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "units.yml").write_text((REPO / "units.yml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentError):
        load_site(tmp_path)
