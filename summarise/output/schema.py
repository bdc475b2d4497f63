"""The brief (schema v1) and the smaller drafts the model fills in.

Two families of models live here:

* `Brief` and its items are the contract: field names are read by scoring
  tools and by users' spreadsheets, so they only change with a new schema
  version (`schemas/brief.v1.json` is exported from them and a test checks it).
* `*Draft` models are what a model is asked to return: `SummaryDraft` is the
  pipeline's one request (headline and summary; every item comes from the
  text layer). `ActorDraft` and `LocationDraft` remain for the naive one-call
  baseline in benchmarks/bench_embedded.py. Output tokens are the main cost on
  a CPU model, so drafts stay small.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "v1"

ActorKind = Literal[
    "person", "armed_group", "government", "government_body", "international_org", "media", "other"
]
LocationKind = Literal[
    "country", "province", "district", "city", "town", "border_crossing", "facility", "region"
]
ClaimStatus = Literal["asserted", "disputed", "denied", "confirmed"]
CasualtyKind = Literal["killed", "wounded", "missing"]
DisplacementUnit = Literal["people", "families", "households"]
Qualifier = Literal[
    "exact", "approximately", "at_least", "more_than", "fewer_than", "up_to", "range", "vague"
]
MatchKind = Literal["exact", "normalised", "fuzzy", "sentence"]


class _Item(BaseModel):
    """Fields every grounded item carries."""

    model_config = ConfigDict(extra="forbid")

    evidence: str = Field(description="Verbatim quote from the cleaned article text.")
    span: tuple[int, int] | None = Field(
        default=None, description="[start, end) character offsets of `evidence` in the cleaned text."
    )
    match: MatchKind | None = Field(
        default=None,
        description="How the evidence was located: exact, normalised (quotes/space/case), "
        "fuzzy (small edits) or sentence (the model's sentence number).",
    )


class Figure(BaseModel):
    """A number as the article states it, parsed by code (never by the model)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The number phrase as quoted, e.g. 'more than 5,600'.")
    low: int = Field(description="The stated floor ('at least 7' -> 7, 'dozens' -> 12).")
    high: int | None = Field(default=None, description="The ceiling, or null when the text sets none.")
    qualifier: Qualifier


class Actor(_Item):
    name: str = Field(description="Name as written in the article.")
    kind: ActorKind
    affiliation: str | None = Field(default=None, description="e.g. Taliban for a Taliban spokesman.")
    role: str | None = Field(default=None, description="Title as written, e.g. 'spokesperson'.")
    aliases: list[str] = Field(default_factory=list, description="Other spellings in the same article.")


class Claim(_Item):
    claimant: str = Field(description="Who asserts it; the name of an actor in this brief.")
    statement: str = Field(description="Short neutral paraphrase of what is claimed.")
    reported_via: str | None = Field(default=None, description="Outlet the text credits (AFP, Reuters...).")
    status: ClaimStatus = "asserted"
    disputed_by: str | None = Field(default=None, description="Actor who denies or contradicts it.")


class Location(_Item):
    name: str = Field(description="Place name as written.")
    kind: LocationKind
    parent: str | None = Field(default=None, description="Enclosing place when the text gives it.")
    country: str | None = None
    aliases: list[str] = Field(default_factory=list)


class Casualty(_Item):
    kind: CasualtyKind
    figure: Figure
    victims: str | None = Field(default=None, description="Who was harmed, e.g. 'civilians'.")
    perpetrator: str | None = None
    location: str | None = None
    when: str | None = Field(default=None, description="Time as written.")
    source: str | None = Field(default=None, description="Who reports the figure.")


class Displacement(_Item):
    figure: Figure
    unit: DisplacementUnit
    people_estimate: int | None = Field(
        default=None, description="figure.low in people; families/households times household_size."
    )
    household_size: float | None = Field(default=None, description="People per family/household used.")
    origin: str | None = None
    destination: str | None = None
    period: str | None = None
    source: str | None = None


class Rejected(BaseModel):
    """An item the model proposed that failed grounding; kept so reviewers see it."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="Which list it was proposed for: actors, claims, ...")
    item: dict[str, Any]
    reason: str


class Brief(BaseModel):
    """Schema v1: everything a reader needs from one article, every item grounded."""

    model_config = ConfigDict(extra="forbid")

    headline: str
    summary: str = Field(description="A neutral summary, attributions kept: the model's sentence, or the "
                                     "article's lead sentences when the model's failed its check.")
    published: str | None = Field(default=None, description="YYYY-MM-DD when the article gives it.")
    actors: list[Actor] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    casualties: list[Casualty] = Field(default_factory=list)
    displacement: list[Displacement] = Field(default_factory=list)
    rejected: list[Rejected] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list, description="Caveats: household size used, model/rule disagreements."
    )


# --- what the model fills in -------------------------------------------------
# Descriptions here are part of the prompt: the model reads them. The maxItems
# and maxLength hints go into the JSON Schema only (not into validation): a
# grammar-constrained local model cannot loop past them, while a stronger
# model that gives a seventh claim is not re-asked for it.


class ActorDraft(BaseModel):
    name: str = Field(description="Exact name as written in the article, e.g. 'Jean Mbala'.",
                      json_schema_extra={"maxLength": 60})
    kind: ActorKind
    role: str | None = Field(default=None, description="Title as written in the article.",
                             json_schema_extra={"maxLength": 60})


class LocationDraft(BaseModel):
    name: str = Field(description="Exact place name as written in the article.", json_schema_extra={"maxLength": 60})
    kind: LocationKind
    parent: str | None = Field(default=None, description="Enclosing place named in the article, if any.",
                               json_schema_extra={"maxLength": 60})


class SummaryDraft(BaseModel):
    """A neutral headline and summary."""

    headline: str = Field(description="One neutral line.", json_schema_extra={"maxLength": 120})
    summary: str = Field(description="One neutral sentence, at most 30 words; keep attributions "
                                     "('the Taliban said').", json_schema_extra={"maxLength": 600})


def schema_json(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


@lru_cache(maxsize=16)  # a model's schema is fixed once the process has imported it; every record asks
def schema_hash(model: type[BaseModel]) -> str:
    """Content hash of a model's JSON Schema: editing any field description changes it."""
    blob = json.dumps(schema_json(model), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


# --- the record around a brief ---------------------------------------------


class PassInfo(BaseModel):
    """One model call (or cache hit) that fed the brief."""

    name: str
    cache_key: str | None = None
    cache_hit: bool = False
    attempts: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    elapsed_s: float = 0.0


class BriefRecord(BaseModel):
    """A brief plus everything needed to reproduce or audit it."""

    record_version: int = 1
    tool_version: str
    article: dict[str, Any] = Field(description="id, source, stem, published, chars")
    prompt: dict[str, str] = Field(description="id and sha256 of the prompt file")
    schema_: dict[str, str] = Field(alias="schema", description="version and sha256 of the Brief schema")
    model: dict[str, str | None] = Field(description="requested, answered, backend, mode, endpoint (what serves it, when detected)")
    params: dict[str, Any]
    usage: dict[str, int]
    attempts: int
    cache_key: str | None
    cache_hit: bool
    passes: list[PassInfo]
    started_at: str
    finished_at: str
    elapsed_s: float
    brief: Brief

    model_config = ConfigDict(populate_by_name=True)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)
