"""summarise_article: one article through the text layer, one model pass, and the checks.

The text layer (spaCy parse, names, claims, figures; no model) finds every
item with its span. The model is asked for one thing only, the headline and
summary, with the article as delimited data; that answer is checked against
the article (every number and name must be in it), regenerated once when it
fails, and replaced by the article's lead when it fails again. A report too
long for one request is summarised part by part (cut at sentence ends), and
the checked part summaries are merged by one more request.
Measured on the corpus dev part, the model passes that listed entities and
claims lowered F1 and cost 60-70 % of the time, so they are gone.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarise import __version__
from summarise.model.cache import ResponseCache, cache_key
from summarise.model.client import Generation, ModelClient, Usage
from summarise.model.prompts import (DEFAULT_PROMPT, DEFAULT_SUMMARY_LEAD, DEFAULT_SUMMARY_PARTS, SUMMARY_INPUT_CHARS,
                                     Prompt, load_prompt)
from summarise.errors import SummariseError
from summarise.output.html import ViewStore, render_brief_html
from summarise.output.report import render_markdown, write_atomic
from summarise.output.schema import (
    SCHEMA_VERSION, Actor, Brief, BriefRecord, Casualty, Claim, Displacement, Location, PassInfo, Rejected,
    SummaryDraft, schema_hash, schema_json,
)
from summarise.text.article import DEFAULT_MAX_CHARS, Article
from summarise.text.claims import build_claims, main_claims
from summarise.text.figures import build_figures, figure_problems
from summarise.text.injection import suspected_injections
from summarise.text.language import detect_language, is_supported
from summarise.text.lexicon import MAIN_CLAIMS
from summarise.text.names import add_named_speakers, build_names
from summarise.text.nlp import Analysis, analyse, pipeline_name
from summarise.text.sources import read_file_article
from summarise.text.support import lead_summary, unsupported

SUMMARY_TOKENS = 300
UNSUPPORTED_NOTE = "language not supported"


@dataclass
class Options:
    prompt_id: str = DEFAULT_PROMPT
    # People per family/household, only when the user sets one: a brief never
    # turns families into people with a number the user did not choose.
    household_size: float | None = None
    summary_retry: bool = True  # one regeneration when the summary fails its check
    max_chars: int = DEFAULT_MAX_CHARS  # longer inputs are refused with one clear line
    refresh: bool = False  # ignore cached answers (but store the new ones)
    summary_parts: int = DEFAULT_SUMMARY_PARTS  # a long report's parts read by the model, at most
    summary_lead: int = DEFAULT_SUMMARY_LEAD  # characters of a one-part article the model reads (0: all)
    max_claims: int = MAIN_CLAIMS  # claims a brief keeps, the most central (0: every attributed statement)

    def fingerprint(self) -> dict[str, Any]:
        """What changes a brief: a resumed batch re-briefs when any of it differs."""
        return {"prompt_id": self.prompt_id, "household_size": self.household_size,
                "summary_retry": self.summary_retry, "summary_parts": self.summary_parts,
                "summary_lead": self.summary_lead, "max_claims": self.max_claims,
                "spacy": pipeline_name()}


@dataclass
class Findings:
    """Everything the text layer found in one article, before the model writes the summary."""

    analysis: Analysis
    actors: list[Actor]
    locations: list[Location]
    claims: list[Claim]
    casualties: list[Casualty]
    displacement: list[Displacement]
    rejected: list[Rejected]
    notes: list[str]
    injected: list[tuple[int, int]] = field(default_factory=list)  # sentences that support nothing


@dataclass
class _Run:
    """Accounting for one article's model calls."""

    passes: list[PassInfo] = field(default_factory=list)
    answered: str | None = None  # model id as the endpoint (or the cached answer) reported it

    def add(self, name: str, gen: Generation) -> None:
        self.answered = gen.model or self.answered
        self.passes.append(PassInfo(
            name=name, cache_key=gen.cache_key, cache_hit=gen.cache_hit, attempts=gen.attempts,
            retries=gen.retries, prompt_tokens=gen.usage.prompt_tokens,
            completion_tokens=gen.usage.completion_tokens, elapsed_s=round(gen.elapsed_s, 3)))


def summary_parts(analysis: Analysis, budget: int = SUMMARY_INPUT_CHARS) -> list[tuple[int, int]]:
    """The article cut at sentence ends into spans of at most `budget` characters.

    A short article is one part, the whole text, so its request is exactly
    what it always was. A single sentence longer than the budget (a run-on
    export) is cut hard at the budget: the model never overflows its context.
    """
    text = analysis.text
    if len(text) <= budget:
        return [(0, len(text))]
    parts: list[tuple[int, int]] = []
    start = end = 0
    for _, b in analysis.sentences:
        while b - start > budget:  # the sentence does not fit in this part
            cut = end if end > start else start + budget
            parts.append((start, cut))
            start = end = _skip_space(text, cut)
        end = b
    if end > start:
        parts.append((start, end))
    return parts


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def messages_for(prompt: Prompt, text: str, task: str = "summary") -> list[dict[str, Any]]:
    """System rules, then the article as delimited data, then the task.

    The request holds the article and the prompt only, nothing the text layer
    computed: improving a rule never invalidates the cache or the recordings.
    """
    user = f"<article>\n{text}\n</article>\n\nTASK\n{prompt.task(task)}"
    return [{"role": "system", "content": prompt.system}, {"role": "user", "content": user}]


def merge_input(drafts: list[tuple[int, SummaryDraft]], total: int) -> str:
    """The part summaries, numbered, as the data of the merge request."""
    return "\n\n".join(f"Part {n} of {total}: {d.headline.strip()}\n{d.summary.strip()}" for n, d in drafts)


Progress = Callable[[str, int, int], None]  # (article source, parts done, parts in all)


class Summariser:
    """Holds the client, cache and prompt for many articles (one server, one cache)."""

    def __init__(self, client: ModelClient, cache: ResponseCache | None = None,
                 options: Options | None = None, prompt: Prompt | None = None,
                 progress: Progress | None = None) -> None:
        self.client, self.cache = client, cache
        self.options = options or Options()
        self.prompt = prompt or load_prompt(self.options.prompt_id)
        self.progress = progress  # told as each part of a long report is summarised
        # Once per summariser, not per article: building a JSON Schema costs more than serving a stored brief.
        self._answer_schema = hashlib.sha256(json.dumps(schema_json(SummaryDraft), sort_keys=True).encode()).hexdigest()

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

    def _summary(self, run: _Run, found: Findings, notes: list[str], source: str = "") -> tuple[str, str]:
        """The model's headline and summary if the article supports them, else the article's lead."""
        spans = self.parts(found.analysis)
        if len(spans) == 1:
            draft = self._checked(run, "summary", messages_for(self.prompt, found.analysis.quote(spans[0])),
                                  found, notes)
        else:
            draft = self._merged(run, spans, found, notes, source)
        if draft is None:
            return lead_summary(found.analysis, exclude=found.injected)
        return draft.headline.strip(), draft.summary.strip()

    def _checked(self, run: _Run, name: str, msgs: list[dict[str, Any]], found: Findings,
                 notes: list[str], retry: bool = True) -> SummaryDraft | None:
        """One summary request, checked against the article, regenerated once; None when it stays unsupported."""
        draft: SummaryDraft = self._generate(run, name, msgs, SummaryDraft, SUMMARY_TOKENS).output  # type: ignore[assignment]
        problems = _unsupported(draft, found)
        if problems and retry and self.options.summary_retry:
            retry = msgs + [
                {"role": "assistant", "content": draft.model_dump_json()},
                # The reasons stay out of the request (they are in the notes): the retry then depends only on
                # the first answer, so recordings survive changes to the checker.
                {"role": "user", "content": self.prompt.task("summary_retry")},
            ]
            draft = self._generate(run, f"{name}-retry", retry, SummaryDraft, SUMMARY_TOKENS).output  # type: ignore[assignment]
            problems = _unsupported(draft, found)
            if not problems:
                notes.append(f"{name}: regenerated once (the first used words the article lacks)")
        if problems:
            notes.append(f"{name}: the model's summary used " + ", ".join(problems[:5]) +
                         ", not in the article; " + ("the article's lead sentences are used instead"
                                                     if name == "summary" else "this part's summary is left out"))
            return None
        return draft

    def _merged(self, run: _Run, spans: list[tuple[int, int]], found: Findings, notes: list[str],
                source: str) -> SummaryDraft | None:
        """A long report: each part summarised and checked, then one request merges what passed."""
        drafts: list[tuple[int, SummaryDraft]] = []
        for n, span in enumerate(spans, 1):
            if self.progress:
                self.progress(source, n - 1, len(spans))
            msgs = messages_for(self.prompt, found.analysis.quote(span))
            # No regeneration for a part: leaving it out of the merge costs less than a second read.
            if (draft := self._checked(run, f"summary-part-{n}", msgs, found, notes, retry=False)) is not None:
                drafts.append((n, draft))
        if self.progress:
            self.progress(source, len(spans), len(spans))
        if not drafts:
            notes.append("summary: no part's summary passed the check; the article's lead sentences are used")
            return None
        msgs = messages_for(self.prompt, merge_input(drafts, len(spans)), task="summary_merge")
        return self._checked(run, "summary", msgs, found, notes)

    def parts(self, analysis: Analysis) -> list[tuple[int, int]]:
        """The spans the model reads: a one-part article's lead, or a long report's parts up to --summary-parts.

        A prompt without a merge task (brief/v2) reads the first part only, as it always did.
        """
        every = summary_parts(analysis)
        if len(every) == 1 and self.options.summary_lead > 0:
            return summary_parts(analysis, self.options.summary_lead)[:1]
        limit = self.options.summary_parts if "summary_merge" in self.prompt.passes else 1
        return every[:max(1, limit)]

    def findings(self, article: Article) -> Findings:
        """The text layer's items for one article (no model call): spans, figures, claims, notes."""
        notes: list[str] = list(article.notes)
        analysis = analyse(article.text)
        skip = suspected_injections(analysis)
        if skip:
            notes.append(f"suspected injected instructions in {len(skip)} sentence(s), ignored for every item: "
                         + "; ".join(repr(analysis.quote(s)[:80]) for s in skip))

        def outside(span: tuple[int, int] | None) -> bool:
            return span is None or not any(a <= span[0] < b for a, b in skip)

        actors, locations = build_names(analysis)
        actors = [a for a in actors if outside(a.span)]
        locations = [p for p in locations if outside(p.span)]
        claims, attributions = build_claims(analysis, actors)
        pairs = [(c, a) for c, a in zip(claims, attributions) if outside(c.span)]
        claims = [c for c, _ in pairs]
        attributions = [a for a in attributions if outside(a.sentence)]
        actors = add_named_speakers(claims, actors, analysis)  # every named speaker acts, listed claim or not
        casualties, displacement = build_figures(analysis, locations, attributions, self.options.household_size)
        casualties = [c for c in casualties if outside(c.span)]
        displacement = [d for d in displacement if outside(d.span)]
        claims = main_claims(claims, [a for _, a in pairs], self.options.max_claims)
        if len(claims) < len(pairs):
            notes.append(f"claims: {len(pairs)} attributed statements found, the {len(claims)} most central kept "
                         "(unnamed voices and restatements dropped first; --max-claims 0 keeps all)")
        rejected: list[Rejected] = []
        for field_name, items in (("casualties", casualties), ("displacement", displacement)):
            for item in list(items):  # a brief never holds an ungrounded figure
                if problem := figure_problems(item, article.text):
                    items.remove(item)
                    rejected.append(Rejected(field=field_name, item=item.model_dump(mode="json"), reason=problem))
        every, read = summary_parts(analysis), self.parts(analysis)
        if len(every) == 1 and read[0][1] < len(analysis.text):
            notes.append(f"summary: written from the article's lead, the first {read[0][1]:,} of "
                         f"{len(analysis.text):,} characters (--summary-lead 0 reads it all); "
                         "every item comes from the whole article")
        elif len(every) > 1:
            notes.append(f"summary: a long article, summarised in {len(read)} part(s) of {len(every)}, "
                         f"the first {read[-1][1]:,} of {len(analysis.text):,} characters"
                         + ("" if len(read) == len(every) else " (raise --summary-parts to read more)")
                         + "; every item comes from the whole article")
        if self.options.household_size and any(d.household_size for d in displacement):
            notes.append(f"people_estimate uses {self.options.household_size:g} people per family/household "
                         "(set by the user)")
        return Findings(analysis, actors, locations, claims, casualties, displacement, rejected, notes, skip)

    def summary_messages(self, found: Findings) -> list[dict[str, Any]]:
        """The article's first summary request (what a Batch API file holds: one request an article)."""
        return messages_for(self.prompt, found.analysis.quote(self.parts(found.analysis)[0]))

    def record_key(self, article: Article) -> str:
        """Everything a brief depends on: the text, prompt, schema, model, options and the tool's own code."""
        material = {"text": hashlib.sha256(article.text.encode()).hexdigest(), "prompt": self.prompt.sha256,
                    "schema": schema_hash(Brief), "answer_schema": self._answer_schema,
                    "code": code_fingerprint(), "model": self.client.model_id,
                    "params": getattr(self.client, "params", {}), "options": self.options.fingerprint(),
                    "published": article.published}
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()

    def summarise(self, article: Article) -> BriefRecord:
        if self.cache is None:
            return self._summarise(article)
        key = self.record_key(article)
        if not self.options.refresh and (served := self._stored(self.cache, key, article)) is not None:
            return served
        record = self._summarise(article)
        self.cache.put_record(key, record.to_json())
        return record

    def served(self, article: Article) -> BriefRecord | None:
        """The brief an identical earlier run stored, if there is one (no parse, no model call), else None."""
        if self.cache is None or self.options.refresh:
            return None
        return self._stored(self.cache, self.record_key(article), article)

    def _stored(self, cache: ResponseCache, key: str, article: Article) -> BriefRecord | None:
        """The record an identical earlier run made, with this file's name and the serving time."""
        started_at, t0 = _now(), time.monotonic()
        raw = cache.get_record(key)
        if raw is None:
            return None
        try:
            record = BriefRecord.model_validate_json(raw)
        except ValueError:
            return None  # written by an older tool: make it again
        identity = {"source": article.source, "stem": article.stem, "url": article.url, "title": article.title}
        return record.model_copy(update={
            "article": {**record.article, **identity}, "cache_hit": True,
            "passes": [p.model_copy(update={"cache_hit": True, "elapsed_s": 0.0}) for p in record.passes],
            "started_at": started_at, "finished_at": _now(), "elapsed_s": round(time.monotonic() - t0, 3)})

    def _summarise(self, article: Article) -> BriefRecord:
        started_at, t0 = _now(), time.monotonic()
        run = _Run()
        language, _ = detect_language(article.text)
        if not is_supported(language):
            return self._record(article, self._unsupported(article, language), run, started_at, t0, language)
        found = self.findings(article)
        headline, summary = self._summary(run, found, found.notes, article.source)
        brief = Brief(headline=headline, summary=summary, published=article.published, actors=found.actors,
                      claims=found.claims, locations=found.locations, casualties=found.casualties,
                      displacement=found.displacement, rejected=found.rejected, notes=found.notes)
        return self._record(article, brief, run, started_at, t0, language)

    def _unsupported(self, article: Article, language: str) -> Brief:
        """An extract-only brief: English rules and prompts never read another language, and no model text."""
        analysis = analyse(article.text)
        headline, summary = lead_summary(analysis)
        return Brief(headline=headline, summary=summary, published=article.published, notes=[
            *article.notes,
            f"{UNSUPPORTED_NOTE}: the article is in '{language}', and only English is briefed; no items were "
            "extracted and the headline and summary are the article's own opening sentences"])

    def _record(self, article: Article, brief: Brief, run: _Run, started_at: str, t0: float,
                language: str = "en") -> BriefRecord:
        usage = Usage()
        for p in run.passes:
            usage += Usage(p.prompt_tokens, p.completion_tokens)
        return BriefRecord(
            tool_version=__version__,
            article={"id": article.id, "source": article.source, "stem": article.stem,
                     "published": article.published, "chars": len(article.text),
                     "url": article.url, "title": article.title, "language": language},
            prompt={"id": self.prompt.id, "sha256": self.prompt.sha256},
            schema={"version": SCHEMA_VERSION, "sha256": schema_hash(Brief)},
            model={"requested": self.client.model_id, "answered": run.answered or self.client.model_id,
                   "backend": self.client.backend, "mode": self.client.mode,
                   "endpoint": getattr(self.client, "endpoint_kind", None),
                   "cpu_backend": getattr(self.client, "cpu_backend", None),
                   "sampler": getattr(self.client, "sampler", None)},
            params={**getattr(self.client, "params", {}), **self.options.fingerprint()},
            usage=usage.as_dict(),
            attempts=sum(p.attempts for p in run.passes),
            cache_key=hashlib.sha256("|".join(p.cache_key or "" for p in run.passes).encode()).hexdigest(),
            cache_hit=bool(run.passes) and all(p.cache_hit for p in run.passes),  # no call is no hit
            passes=run.passes,
            started_at=started_at, finished_at=_now(), elapsed_s=round(time.monotonic() - t0, 3),
            brief=brief,
        )


def _unsupported(draft: SummaryDraft, found: Findings) -> list[str]:
    return unsupported([draft.headline, draft.summary], found.analysis, found.injected)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the tool's own source: a changed rule makes stored records stale even within one version."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def summarise_article(path: Path | str | Article, client: ModelClient, cache: ResponseCache | None = None,
                      options: Options | None = None) -> BriefRecord:
    """Brief one article (a .txt or .html file, or an Article). Raises SummariseError subclasses on bad input."""
    article = path if isinstance(path, Article) else read_file_article(path)
    return Summariser(client, cache, options).summarise(article)


def is_unsupported(record: BriefRecord) -> bool:
    """The brief was written extract-only because of the article's language (CLI exit status 3)."""
    return not is_supported(record.article.get("language") or "en")


def source_text(record: BriefRecord) -> str | None:
    """The cleaned text a record's spans point into, re-read from its source file if that is unchanged."""
    try:
        article = read_file_article(record.article["source"])
    except SummariseError:
        return None
    return article.text if article.id == record.article["id"] else None


def write_record(record: BriefRecord, out_dir: Path, text: str | None = None,
                 store: ViewStore | None = None) -> tuple[Path, Path, Path]:
    """Write the views (<id>.md, the review page <id>.html), then the record <id>.json, each atomically.

    Only the JSON record of new work is fsynced: it is what resume trusts,
    and the views are rebuilt from it when a crash lost them. The record goes last, so a
    record on disk means its views were written too. `text` is the cleaned
    article (`Article.text`); without it the source file is read again, and
    the page says so if that file is gone or has changed. `store` (the
    response cache) keeps the page's rendered body for the next run.
    """
    md, html = write_views(record, out_dir, text, store)
    path = out_dir / f"{record.article['id']}.json"
    # A record served whole from the cache is not fsynced either: the cache holds it durably, and a
    # re-run serves it again for nothing, so the fsync would buy no safety at most of the cost.
    write_atomic(path, record.to_json() + "\n", durable=not record.cache_hit)
    return path, md, html


def write_views(record: BriefRecord, out_dir: Path, text: str | None = None,
                store: ViewStore | None = None) -> tuple[Path, Path]:
    """The human views of a record, written atomically but not fsynced (see write_record)."""
    md = out_dir / f"{record.article['id']}.md"
    write_atomic(md, render_markdown(record), durable=False)
    return md, write_review_page(record, out_dir, text, store)


def write_review_page(record: BriefRecord, out_dir: Path, text: str | None = None,
                      store: ViewStore | None = None) -> Path:
    """Write <id>.html alone (see write_record): a resumed batch adds it to briefs kept from before it existed."""
    path = out_dir / f"{record.article['id']}.html"
    page = render_brief_html(record, text if text is not None else source_text(record), store)
    write_atomic(path, page, durable=False)
    return path


__all__ = ["Options", "Summariser", "is_unsupported", "source_text", "summarise_article", "write_record",
           "write_review_page", "write_views"]
