"""summarise_article and summarise_batch: the library behind the CLI.

One article goes through three short model passes over the same numbered
text (entities, claims, summary; the shared prefix lets llama.cpp reuse its
prompt cache), cue rules for the figures, then grounding. Each pass goes
through the response cache, so a re-run costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import TYPE_CHECKING
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

if TYPE_CHECKING:
    from .batch import BatchResult

from pydantic import BaseModel

from . import __version__
from .article import Article, load_article
from .assemble import (
    REASKABLE, Sentences, build_figures, figure_problems, ground_actors, ground_claims, ground_locations,
    rule_claims, speakers_as_actors,
)
from .cache import ResponseCache, cache_key
from .client import Generation, ModelClient, Usage
from .names import find_names
from .prompts import DEFAULT_PROMPT, Prompt, load_prompt
from .report import render_markdown, write_atomic
from .rules import split_sentences
from .schema import (
    SCHEMA_VERSION, Actor, Brief, BriefRecord, Claim, ClaimsDraft, EntitiesDraft, Location, PassInfo, Rejected,
    SummaryDraft, schema_hash,
)

# Default people per family/household: the planning figure of 7 that UN OCHA
# uses to turn displaced families into people in Afghanistan. Other contexts
# should pass their own (--household-size).
DEFAULT_HOUSEHOLD_SIZE = 7.0

PASSES: list[tuple[str, type[BaseModel], int]] = [
    ("entities", EntitiesDraft, 900),
    ("claims", ClaimsDraft, 900),
    ("summary", SummaryDraft, 300),
]


@dataclass
class Options:
    prompt_id: str = DEFAULT_PROMPT
    household_size: float = DEFAULT_HOUSEHOLD_SIZE
    grounding_reask: bool = True  # one re-ask for items that could not be located
    refresh: bool = False  # ignore cached answers (but store the new ones)


@dataclass
class _Run:
    """Accounting for one article's passes."""

    passes: list[PassInfo] = field(default_factory=list)
    answered: str | None = None  # model id as the endpoint (or the cached answer) reported it

    def add(self, name: str, gen: Generation) -> None:
        self.answered = gen.model or self.answered
        self.passes.append(PassInfo(
            name=name, cache_key=gen.cache_key, cache_hit=gen.cache_hit, attempts=gen.attempts,
            retries=gen.retries, prompt_tokens=gen.usage.prompt_tokens,
            completion_tokens=gen.usage.completion_tokens, elapsed_s=round(gen.elapsed_s, 3)))


class Summariser:
    """Holds the client, cache and prompt for many articles (one server, one cache)."""

    def __init__(self, client: ModelClient, cache: ResponseCache | None = None,
                 options: Options | None = None, prompt: Prompt | None = None) -> None:
        self.client, self.cache = client, cache
        self.options = options or Options()
        self.prompt = prompt or load_prompt(self.options.prompt_id)

    # -- model calls through the cache --

    def _generate(self, run: _Run, name: str, messages: list[dict[str, Any]],
                  response_model: type[BaseModel], max_tokens: int) -> Generation:
        params = {**getattr(self.client, "params", {}), "max_tokens": max_tokens}
        key = cache_key(model=self.client.model_id, messages=messages, prompt_id=self.prompt.id,
                        prompt_sha256=self.prompt.sha256, response_model=response_model, params=params)
        gen = None
        if self.cache is not None and not self.options.refresh:
            gen = self.cache.get(key, response_model)
        if gen is None:
            gen = self.client.generate(messages, response_model, max_tokens=max_tokens)
            gen.cache_key = key
            if self.cache is not None:
                self.cache.put(key, gen)
        run.add(name, gen)
        return gen

    def messages(self, sentences: Sentences, task: str) -> list[dict[str, Any]]:
        """System rules, then the numbered article, then the task: the first two are shared by every pass."""
        user = f"ARTICLE (sentences numbered)\n{sentences.numbered()}\n\nTASK\n{self.prompt.task(task)}"
        return [{"role": "system", "content": self.prompt.system}, {"role": "user", "content": user}]

    def _reask(self, run: _Run, name: str, messages: list[dict[str, Any]], draft: BaseModel,
               rejected: list[Rejected], model: type[BaseModel], max_tokens: int) -> BaseModel | None:
        """Ask once more about items that failed grounding in a way a second answer can fix, saying why."""
        rejected = [r for r in rejected if r.reason.startswith(REASKABLE)]
        if not rejected or not self.options.grounding_reask:
            return None
        reasons = "\n".join(f"- {json.dumps(r.item, ensure_ascii=False)}: {r.reason}" for r in rejected)
        follow_up = messages + [
            {"role": "assistant", "content": draft.model_dump_json()},
            {"role": "user", "content": "These items could not be found in the article:\n" + reasons +
             "\nAnswer again with the complete list. Copy names and quotes exactly as written in the "
             "numbered sentences, and leave out anything the article does not say."},
        ]
        return self._generate(run, f"{name}-reask", follow_up, model, max_tokens).output

    # -- one article --

    def _entities(self, run: _Run, sentences: Sentences) -> tuple[list[Actor], list[Location], list[Rejected]]:
        _, model, max_tokens = PASSES[0]
        msgs = self.messages(sentences, "entities")
        draft: EntitiesDraft = self._generate(run, "entities", msgs, model, max_tokens).output  # type: ignore[assignment]
        _, rej_a = ground_actors(draft.actors, sentences)
        _, rej_l = ground_locations(draft.locations, sentences)
        actor_drafts, location_drafts = list(draft.actors), list(draft.locations)
        retry = self._reask(run, "entities", msgs, draft, rej_a + rej_l, model, max_tokens)
        if isinstance(retry, EntitiesDraft):  # keep what either answer grounded; reject what the retry still failed
            _, rej_a = ground_actors(retry.actors, sentences)
            _, rej_l = ground_locations(retry.locations, sentences)
            actor_drafts += retry.actors
            location_drafts += retry.locations
        # Names the patterns find go last, so where the model named the same entity its kind wins.
        rule_actors, rule_locations = find_names(sentences.text)
        actors, _ = ground_actors(actor_drafts + rule_actors, sentences)
        locations, _ = ground_locations(location_drafts + rule_locations, sentences)
        return actors, locations, rej_a + rej_l

    def _claims(self, run: _Run, sentences: Sentences, actors: list[Actor],
                notes: list[str]) -> tuple[list[Claim], list[Rejected]]:
        _, model, max_tokens = PASSES[1]
        msgs = self.messages(sentences, "claims")
        draft: ClaimsDraft = self._generate(run, "claims", msgs, model, max_tokens).output  # type: ignore[assignment]
        claim_notes: list[str] = []
        claims, rejected = ground_claims(draft.claims, sentences, actors, claim_notes)
        retry = self._reask(run, "claims", msgs, draft, rejected, model, max_tokens)
        if isinstance(retry, ClaimsDraft):
            claim_notes = []
            claims, rejected = ground_claims([*draft.claims, *retry.claims], sentences, actors, claim_notes)
            retried = [c.model_dump() for c in retry.claims]
            rejected = [r for r in rejected if r.item in retried]
        notes += claim_notes
        # Attributed sentences the model skipped: a speaker beside a speech verb is a claim.
        more, _ = ground_claims(rule_claims(sentences, actors, claims), sentences, actors, notes)
        return claims + more, rejected

    def summarise(self, article: Article) -> BriefRecord:
        started_at, t0 = _now(), time.monotonic()
        run = _Run()
        sentences = Sentences(article.text, split_sentences(article.text))
        notes: list[str] = []
        actors, locations, rejected = self._entities(run, sentences)
        claims, rejected_claims = self._claims(run, sentences, actors, notes)
        actors = speakers_as_actors(claims, actors, sentences)
        _, model, max_tokens = PASSES[2]
        summary: SummaryDraft = self._generate(  # type: ignore[assignment]
            run, "summary", self.messages(sentences, "summary"), model, max_tokens).output

        casualties, displacement = build_figures(sentences, actors, locations, self.options.household_size)
        rejected += rejected_claims
        for field_name, items in (("casualties", casualties), ("displacement", displacement)):
            for item in list(items):  # a brief never holds an ungrounded figure
                if problem := figure_problems(item, article.text):
                    items.remove(item)
                    rejected.append(Rejected(field=field_name, item=item.model_dump(mode="json"), reason=problem))
        if any(d.household_size for d in displacement):
            notes.append(f"people_estimate uses {self.options.household_size:g} people per family/household")

        brief = Brief(headline=summary.headline.strip(), summary=summary.summary.strip(),
                      published=article.published, actors=actors, claims=claims, locations=locations,
                      casualties=casualties, displacement=displacement, rejected=rejected, notes=notes)
        return self._record(article, brief, run, started_at, t0)

    def _record(self, article: Article, brief: Brief, run: _Run, started_at: str, t0: float) -> BriefRecord:
        usage = Usage()
        for p in run.passes:
            usage += Usage(p.prompt_tokens, p.completion_tokens)
        return BriefRecord(
            tool_version=__version__,
            article={"id": article.id, "source": article.source, "stem": article.stem,
                     "published": article.published, "chars": len(article.text)},
            prompt={"id": self.prompt.id, "sha256": self.prompt.sha256},
            schema={"version": SCHEMA_VERSION, "sha256": schema_hash(Brief)},
            model={"requested": self.client.model_id, "answered": run.answered or self.client.model_id,
                   "backend": self.client.backend, "mode": self.client.mode},
            params={**getattr(self.client, "params", {}), "household_size": self.options.household_size,
                    "grounding_reask": self.options.grounding_reask},
            usage=usage.as_dict(),
            attempts=sum(p.attempts for p in run.passes),
            cache_key=hashlib.sha256("|".join(p.cache_key or "" for p in run.passes).encode()).hexdigest(),
            cache_hit=all(p.cache_hit for p in run.passes),
            passes=run.passes,
            started_at=started_at, finished_at=_now(), elapsed_s=round(time.monotonic() - t0, 3),
            brief=brief,
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- public functions -------------------------------------------------------


def summarise_article(path: Path | str | Article, client: ModelClient, cache: ResponseCache | None = None,
                      options: Options | None = None) -> BriefRecord:
    """Brief one article. Raises SummariseError subclasses on bad input or model failure."""
    article = path if isinstance(path, Article) else load_article(path)
    return Summariser(client, cache, options).summarise(article)


def write_record(record: BriefRecord, out_dir: Path) -> tuple[Path, Path]:
    """Write <id>.json and <id>.md atomically (never a half-written file)."""
    stem = record.article["id"]
    paths = (out_dir / f"{stem}.json", out_dir / f"{stem}.md")
    write_atomic(paths[0], record.to_json() + "\n")
    write_atomic(paths[1], render_markdown(record))
    return paths


def summarise_batch(paths: list[Path], client: ModelClient, cache: ResponseCache | None, out_dir: Path,
                    options: Options | None = None, concurrency: int = 1) -> BatchResult:
    """Brief many articles, keeping every finished brief when one fails (see batch.run_batch)."""
    from .batch import run_batch  # batch builds on this module

    return run_batch(paths, Summariser(client, cache, options), out_dir, concurrency=concurrency)
