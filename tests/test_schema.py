"""The shipped JSON Schemas agree with the validator on the sample site and on bad input."""

from __future__ import annotations

import datetime as dt
import json
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


ORIGINALS = sorted(p for p in (REPO / "reports").rglob("*.md") if p.name.count(".") == 1)


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.name)
def test_sample_documents_match_the_schema(path):
    jsonschema.validate(front_matter(path), DOCUMENT_SCHEMA)


@pytest.mark.parametrize("change", [
    {"unit": None}, {"kind": "report"}, {"year": "2024年"}, {"titel": "x"},
    {"published": "2025年2月10日"}, {"related": ["nope"]},
])
def test_schema_rejects_what_check_rejects(change):
    data = front_matter(ORIGINALS[0])
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
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
