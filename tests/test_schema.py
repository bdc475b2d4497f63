import json
from pathlib import Path

from summarise.output.schema import Brief, schema_hash

ROOT = Path(__file__).resolve().parent.parent

CONTRACT = {  # field names scoring tools read (DESIGN.md): renaming any is a new schema version
    "Brief": {"headline", "summary", "actors", "claims", "locations", "casualties", "displacement", "rejected"},
    "Actor": {"name", "kind", "affiliation", "role", "evidence", "span"},
    "Claim": {"claimant", "statement", "evidence", "reported_via", "status", "disputed_by", "span"},
    "Location": {"name", "kind", "parent", "country", "evidence", "span"},
    "Casualty": {"kind", "figure", "victims", "perpetrator", "location", "when", "source", "evidence", "span"},
    "Displacement": {"figure", "unit", "people_estimate", "origin", "destination", "period", "source", "evidence",
                     "span"},
    "Figure": {"text", "low", "high", "qualifier"},
}


def test_exported_schema_matches_models() -> None:
    exported = json.loads((ROOT / "schemas" / "brief.v1.json").read_text(encoding="utf-8"))
    assert exported == Brief.model_json_schema(), "schemas/brief.v1.json drifted: run `summarise schema`"


def test_contract_fields_present() -> None:
    schema = Brief.model_json_schema()
    defs = {**schema["$defs"], "Brief": schema}
    for name, fields in CONTRACT.items():
        assert fields <= set(defs[name]["properties"]), name


def test_description_change_changes_hash() -> None:
    from pydantic import BaseModel, Field

    class A(BaseModel):
        x: int = Field(description="one")

    class B(BaseModel):
        x: int = Field(description="two")

    B.__name__ = "A"
    assert schema_hash(A) != schema_hash(B)
