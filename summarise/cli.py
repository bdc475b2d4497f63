"""The `summarise` command: a thin layer over the library.

Every expected failure is a SummariseError, printed as one line with a
non-zero exit; flags fall back to environment variables here and nowhere else.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from summarise import __version__
from summarise.errors import SummariseError
from summarise.model.prompts import DEFAULT_PROMPT, DEFAULT_SUMMARY_LEAD, DEFAULT_SUMMARY_PARTS
from summarise.text.lexicon import MAIN_CLAIMS

app = typer.Typer(
    help="Structured, grounded briefs from conflict news articles.\n\n"
         "With no endpoint configured, the embedded local model is used.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
cache_app = typer.Typer(help="Inspect or clear the response cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

out = Console()
err = Console(stderr=True)


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """One clear line and a non-zero exit instead of a traceback."""
    try:
        yield
    except SummariseError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        _stop_embedded_server()  # calls in flight then fail fast instead of holding the exit
        err.print("[yellow]interrupted[/]: finished briefs are kept; re-run to continue")
        raise typer.Exit(130) from None
    except OSError as e:
        err.print(f"[bold red]error:[/] {e.strerror or e}: {e.filename or ''}".rstrip(": "), highlight=False)
        raise typer.Exit(1) from None


def _stop_embedded_server() -> None:
    local = sys.modules.get("summarise.model.local")  # only if this run started one
    if local is not None:
        local.stop_shared_server()


def _version(value: bool) -> None:
    if value:
        out.print(f"summarise {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Structured, grounded briefs from conflict news articles."""
    if not os.environ.get("SUMMARISE_DEBUG"):
        # instructor logs every failed attempt; our error line already says what failed.
        for name in ("instructor", "openai", "httpx", "httpx2"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


# --- shared options ------------------------------------------------------------

BaseUrl = Annotated[Optional[str], typer.Option("--base-url", envvar="OPENAI_BASE_URL",
                    help="OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp...). Unset: embedded model.")]
ApiKey = Annotated[Optional[str], typer.Option("--api-key", envvar="OPENAI_API_KEY", show_default=False,
                   help="API key; with no base URL this means OpenAI itself.")]
Model = Annotated[Optional[str], typer.Option("--model", envvar="SUMMARISE_MODEL",
                  help="Model id to ask for. Default: the embedded model, or gpt-4o-mini on OpenAI.")]
Mode = Annotated[Optional[str], typer.Option("--mode", envvar="SUMMARISE_MODE",
                 help="instructor mode: tools, json_schema, json, md_json. Default: per backend.")]
Offline = Annotated[bool, typer.Option("--offline", envvar="SUMMARISE_OFFLINE",
                    help="Replay recorded responses only; never call a model.")]
Recordings = Annotated[Optional[Path], typer.Option("--recordings", envvar="SUMMARISE_RECORDINGS",
                       help="Folder of recorded responses for --offline. Default: tests/recordings.")]
RecordTo = Annotated[Optional[Path], typer.Option("--record-to", help="Save every live model exchange here as JSON.")]
CacheDir = Annotated[Path, typer.Option("--cache-dir", envvar="SUMMARISE_CACHE_DIR", help="Response cache folder.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
Refresh = Annotated[bool, typer.Option("--refresh", help="Ignore cached answers, ask again, store the new ones.")]
OutDir = Annotated[Path, typer.Option("--out", "-o", help="Folder for <id>.json, <id>.md and <id>.html (review page).")]
PromptId = Annotated[str, typer.Option("--prompt", help="Prompt id (see `summarise prompts`).")]
Household = Annotated[Optional[float], typer.Option(
    "--household-size", envvar="SUMMARISE_HOUSEHOLD_SIZE", min=1.0,
    help="People per family/household, to turn families into a people_estimate. Default: none "
         "(families stay families; no size is ever assumed).")]
MaxChars = Annotated[int, typer.Option("--max-chars", envvar="SUMMARISE_MAX_CHARS", min=1,
                     help="Refuse articles longer than this many characters (a safety limit).")]
SummaryParts = Annotated[int, typer.Option("--summary-parts", min=1,
                         help="A long article is summarised part by part (about 6,000 characters each, one model "
                              "read per part); read at most this many parts. Items always cover the whole text.")]
SummaryLead = Annotated[int, typer.Option("--summary-lead", envvar="SUMMARISE_SUMMARY_LEAD", min=0,
                        help="An article is summarised from its lead: the first this many characters, cut at a "
                             "sentence end (0 reads the whole article, as one request). Items always cover the "
                             "whole text.")]
MaxClaims = Annotated[int, typer.Option("--max-claims", envvar="SUMMARISE_MAX_CLAIMS", min=0,
                      help="Claims a brief keeps, the most central: past this many, unnamed voices and a "
                           "speaker's follow-ups go first (0 keeps every attributed statement).")]
Timeout = Annotated[float, typer.Option("--timeout", envvar="SUMMARISE_TIMEOUT", help="Seconds per model request.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only print where briefs were written.")]
FieldMap = Annotated[Optional[list[str]], typer.Option(
    "--field", metavar="NAME=COLUMN", show_default=False,
    help="JSONL key or CSV column for an article's text, id, title, published or url, when not named so "
         "(repeat it: --field text=body --field title=headline).")]


def _settings(base_url, api_key, model, mode, offline, recordings, record_to, cache_dir, timeout):  # noqa: ANN001, ANN202
    from summarise.config import DEFAULT_RECORDINGS, Settings

    return Settings(base_url=base_url, api_key=api_key, model=model, mode=mode, offline=offline,
                    recordings=recordings or DEFAULT_RECORDINGS, record_to=record_to,
                    cache_dir=cache_dir, timeout=timeout)


def _status(message: str) -> None:
    err.print(f"[dim]{message}[/]", highlight=False)


@app.command()
def brief(
    files: Annotated[list[Path], typer.Argument(
        help="Article files: .txt (UTF-8), .html/.htm pages, .jsonl/.csv with one article a row; - reads "
             "one plain-text article from stdin.", show_default=False)],
    out_dir: OutDir = Path("briefs"),
    base_url: BaseUrl = None, api_key: ApiKey = None, model: Model = None, mode: Mode = None,
    offline: Offline = False, recordings: Recordings = None, record_to: RecordTo = None,
    cache_dir: CacheDir = Path("cache"), no_cache: NoCache = False, refresh: Refresh = False,
    prompt: PromptId = DEFAULT_PROMPT, household_size: Household = None, timeout: Timeout = 300.0,
    max_chars: MaxChars = 2_000_000, summary_parts: SummaryParts = DEFAULT_SUMMARY_PARTS,
    summary_lead: SummaryLead = DEFAULT_SUMMARY_LEAD, max_claims: MaxClaims = MAIN_CLAIMS, quiet: Quiet = False,
    field: FieldMap = None,
) -> None:
    """Write a brief per article: `<out>/<id>.json` (the BriefRecord), `<out>/<id>.md`, and `<out>/<id>.html` to review.

    Examples:

        summarise brief seeds/003_89c217009177aed6.txt

        summarise brief page.html articles.jsonl

        summarise brief export.csv --field text=body --field title=headline

        pbpaste | summarise brief -

        OPENAI_BASE_URL=http://localhost:8000/v1 summarise brief article.txt --out briefs/

        summarise brief seeds/*.txt --offline        # replay recorded responses

    Exit status: 0 every article briefed; 1 a file or row failed (the others are still written);
    3 an article is in a language other than English, so its brief is extract-only.
    """
    from summarise.text.sources import Failure, Fields, iter_items
    from summarise.model.cache import ResponseCache
    from summarise.config import make_client
    from summarise.pipeline import Options, Summariser, is_unsupported, write_record
    from summarise.output.report import render_terminal

    failed = unsupported = 0
    with errors_to_exit():
        settings = _settings(base_url, api_key, model, mode, offline, recordings, record_to, cache_dir, timeout)
        cache = None if no_cache else ResponseCache(cache_dir)
        summariser = Summariser(make_client(settings, progress=_status), cache,
                                Options(prompt_id=prompt, household_size=household_size, refresh=refresh,
                                        max_chars=max_chars, summary_parts=summary_parts,
                                        summary_lead=summary_lead, max_claims=max_claims))
        for item in iter_items(files, fields=Fields.parse(field or []), max_chars=max_chars):
            try:
                if isinstance(item, Failure):  # an unreadable file or a bad row: one line, then the next
                    raise SummariseError(item.reason)
                with err.status(f"briefing {item.source}…", spinner="dots") as status:
                    summariser.progress = lambda source, done, total: status.update(
                        f"briefing {source}: summarising part {min(done + 1, total)} of {total}…")
                    record = summariser.summarise(item)
                json_path, *_ = write_record(record, out_dir, item.text, cache)
            except SummariseError as e:  # report, keep going: other files' briefs still count
                failed += 1
                err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
                continue
            if is_unsupported(record):
                unsupported += 1
                err.print(f"[yellow]warning:[/] {item.source}: language '{record.article['language']}' is not "
                          "supported; wrote an extract-only brief (no items, the article's own opening as summary)",
                          highlight=False, soft_wrap=True)
            elif not quiet:
                out.print(render_terminal(record))
            hit = "cache hit" if record.cache_hit else f"{record.elapsed_s:.1f}s"
            out.print(f"wrote {json_path} ({hit})", highlight=False)
    if failed:
        raise typer.Exit(1)
    if unsupported:
        raise typer.Exit(3)  # distinct: briefs were written, but some only extract-only


@app.command()
def batch(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders (every .txt, .html, .htm, .jsonl, .csv inside) or globs; - reads JSONL rows from stdin.",
        show_default=False)],
    out_dir: OutDir = Path("briefs"),
    concurrency: Annotated[Optional[int], typer.Option("--concurrency", "-j", min=1,
                           help="Articles in flight at once. Default: 1 embedded, 4 for an endpoint.")] = None,
    rate_limit: Annotated[Optional[float], typer.Option("--rate-limit", min=0.1,
                          help="At most this many model requests per minute.")] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1,
                         help="Spread the workers over this many processes (an endpoint only): each article's "
                              "own parsing then uses another core. Up to the number of cores; pays off from a "
                              "few hundred articles.")] = 1,
    resume: Annotated[bool, typer.Option("--resume/--no-resume",
                      help="Skip articles that already have a valid brief in --out.")] = True,
    export_batch_file: Annotated[Optional[Path], typer.Option("--export-batch-file",
                                 help="Write an OpenAI Batch API JSONL file instead of calling a model.")] = None,
    import_batch_results: Annotated[Optional[Path], typer.Option("--import-batch-results",
                                    help="Brief the articles from a Batch API / vllm run-batch results file.")] = None,
    base_url: BaseUrl = None, api_key: ApiKey = None, model: Model = None, mode: Mode = None,
    offline: Offline = False, recordings: Recordings = None, record_to: RecordTo = None,
    cache_dir: CacheDir = Path("cache"), no_cache: NoCache = False, refresh: Refresh = False,
    prompt: PromptId = DEFAULT_PROMPT, household_size: Household = None, timeout: Timeout = 300.0,
    max_chars: MaxChars = 2_000_000, summary_parts: SummaryParts = DEFAULT_SUMMARY_PARTS,
    summary_lead: SummaryLead = DEFAULT_SUMMARY_LEAD, max_claims: MaxClaims = MAIN_CLAIMS, field: FieldMap = None,
) -> None:
    """Brief many articles with a progress bar, then write a summary across them.

    Writes `<out>/<id>.json|.md|.html` per article and `<out>/summary.md`, `summary.json`,
    `figures.csv` and the review page `index.html`. One failed article never stops the
    rest; the run ends with a table of failures and a non-zero exit when any failed.
    Re-running (or running after Ctrl-C) redoes only articles without a valid brief.
    A .jsonl or .csv file holds one article a row; a bad row is one named failure
    (`articles.jsonl line 7: no 'text' field`).

    Exit status: 0 all briefed; 1 an article failed (the rest are written);
    3 an article is not in English, so its brief is extract-only.

    Examples:

        summarise batch seeds/ --out briefs/

        summarise batch articles.jsonl pages/ --field text=body

        jq -c '.items[]' feed.json | summarise batch -     # JSONL on stdin

        summarise batch 'news/**/*.txt' --base-url http://gpu:8000/v1 -j 16 --rate-limit 600

        summarise batch big/ --base-url http://gpu:8000/v1 -j 32 --processes 4   # on 4 cores

        summarise batch news/ --export-batch-file requests.jsonl   # for OpenAI Batch / vllm run-batch

        summarise batch news/ --import-batch-results results.jsonl
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.table import Table

    from summarise.batch import RateLimitedClient, RateLimiter, Recipe, expand_paths, run_batch
    from summarise.model.cache import ResponseCache
    from summarise.config import make_client
    from summarise.pipeline import Options, Summariser, is_unsupported
    from summarise.output.summary import write_summary
    from summarise.text.sources import Fields, open_source, total_count

    with errors_to_exit():
        settings = _settings(base_url, api_key, model, mode, offline, recordings, record_to, cache_dir, timeout)
        options = Options(prompt_id=prompt, household_size=household_size, refresh=refresh, max_chars=max_chars,
                          summary_parts=summary_parts, summary_lead=summary_lead, max_claims=max_claims)
        fields = Fields.parse(field or [])
        files = expand_paths(paths)
        if not files:
            raise SummariseError("no article files found in " + " ".join(paths))
        # Opening checks each row file whole and counts its rows, for the bar's total.
        sources = [open_source(f, fields=fields, max_chars=max_chars, stdin_rows=True) for f in files]
        if export_batch_file is not None:
            from summarise.model.batchfile import export_batch_file as export

            options.summary_parts = 1  # a batch file holds one request an article: no merge round trip
            lines, bad = export(sources, settings, options, export_batch_file)
            out.print(f"wrote {lines} requests, one per article, to {export_batch_file}")
            for why in bad.values():  # each reason names its file or row
                err.print(f"[red]skipped[/] {why}", highlight=False)
            if bad:
                raise typer.Exit(1)
            return
        if import_batch_results is not None:
            from summarise.model.batchfile import import_client

            client = import_client(settings, import_batch_results)
            options.summary_retry = False  # the results file holds first answers only,
            options.summary_parts = 1  # one an article
        else:
            client = make_client(settings, progress=_status)
        if rate_limit:
            client = RateLimitedClient(client, RateLimiter(rate_limit))
        jobs = concurrency or (1 if client.backend == "embedded" else 4)
        summariser = Summariser(client, None if no_cache else ResponseCache(cache_dir), options)
        recipe = None
        if processes > 1:
            if client.backend == "embedded" or import_batch_results is not None:
                # One llama.cpp server answers one request at a time; a results file is read once.
                err.print("note: --processes is for an endpoint; this run uses one process", highlight=False)
            else:
                recipe = Recipe(settings, options, None if no_cache else cache_dir, rate_limit)

        counts = {"done": 0, "cached": 0, "skipped": 0, "failed": 0, "duplicate": 0}
        columns = [TextColumn("[bold]briefing"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[status]}"), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn()]
        with Progress(*columns, console=err, transient=False) as bar:
            task = bar.add_task("batch", total=total_count(sources), status="")

            counts_lock = threading.Lock()  # events arrive from the worker threads

            def on_event(kind: str, _source: str, _record: object) -> None:
                with counts_lock:
                    counts[kind] += 1
                    status = (f"[green]{counts['done']} new[/] {counts['cached']} cached "
                              f"{counts['skipped']} kept {counts['duplicate']} duplicate [red]{counts['failed']} failed[/]")
                    bar.update(task, advance=1, status=status)

            result = run_batch(sources, summariser, out_dir, concurrency=jobs, on_event=on_event,
                               processes=processes, recipe=recipe)
        written = write_summary(result.all_records, out_dir, result.failures)
        out.print(f"{len(result.all_records)} briefs in {out_dir} ({counts['done']} new, {counts['cached']} from cache, "
                  f"{counts['skipped']} kept from an earlier run) in {result.elapsed_s:.1f}s; summary: {written[0]}; "
                  f"review pages: {out_dir / 'index.html'}",
                  highlight=False)
        for source, first in sorted(result.duplicates.items()):
            err.print(f"[yellow]duplicate:[/] {source} has the same text as {first}; briefed once", highlight=False)
        extract_only = [r for r in result.all_records if is_unsupported(r)]
        for record in extract_only:
            err.print(f"[yellow]warning:[/] {record.article['source']}: language '{record.article['language']}' is "
                      "not supported; wrote an extract-only brief", highlight=False, soft_wrap=True)
        if result.failures:
            table = Table(title=f"{len(result.failures)} failed", title_justify="left")
            table.add_column("article", overflow="fold")
            table.add_column("reason", overflow="fold")
            for source, why in sorted(result.failures.items()):
                table.add_row(source, why)
            err.print(table)
            raise typer.Exit(1)
        if extract_only:
            raise typer.Exit(3)  # as `brief`: every brief written, some only extract-only


@app.command()
def export(
    briefs_dir: Annotated[Path, typer.Argument(
        help="Folder of brief records (one .json per article), e.g. a batch's --out.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="sqlite (tables for datasette), csv (the figures "
                                     "table) or acled (one row per casualty figure, ACLED's columns).")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="File to write (replaced atomically).")],
) -> None:
    """Export every brief in a folder: a SQLite database, the figures CSV, or ACLED-style rows.

    Examples:

        summarise export briefs/ --format sqlite -o briefs.db && datasette briefs.db

        summarise export briefs/ --format acled -o acled.csv

        summarise export briefs/ --format csv -o figures.csv
    """
    from summarise.output.export import export_folder

    with errors_to_exit():
        done = export_folder(briefs_dir, fmt, out_file)
        for line in done.skipped:
            err.print(f"[yellow]skipped:[/] {line}", highlight=False, soft_wrap=True)
        rows = ", ".join(f"{name} {n}" for name, n in done.rows.items())
        out.print(f"wrote {done.path}: {done.briefs} briefs; rows: {rows}", highlight=False, soft_wrap=True)


@app.command()
def prompts() -> None:
    """List the prompt versions under `prompts/` with their content hashes.

    Example: `summarise prompts`
    """
    from summarise.model.prompts import list_prompts

    with errors_to_exit():
        for p in list_prompts():
            out.print(f"{p.id:<14} {p.sha256[:12]}  passes: {', '.join(p.passes) or '-'}  {p.description}",
                      highlight=False, soft_wrap=True)


@app.command()
def schema(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Where to write the JSON Schema.")] = Path("schemas/brief.v1.json"),
    check: Annotated[bool, typer.Option("--check", help="Fail if the file differs from the models.")] = False,
) -> None:
    """Export the Brief (schema v1) JSON Schema from the pydantic models.

    Examples: `summarise schema` · `summarise schema --check`
    """
    from summarise.output.schema import Brief

    text = json.dumps(Brief.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    with errors_to_exit():
        if check:
            current = out_file.read_text(encoding="utf-8") if out_file.is_file() else ""
            if current != text:
                raise SummariseError(f"{out_file} is out of date; run `summarise schema` and commit it")
            out.print(f"{out_file} is up to date")
            return
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text, encoding="utf-8")
        out.print(f"wrote {out_file}")


@cache_app.command("stats")
def cache_stats(cache_dir: CacheDir = Path("cache")) -> None:
    """Show the number of cached answers and their size. Example: `summarise cache stats`"""
    from summarise.model.cache import ResponseCache

    with errors_to_exit():
        s = ResponseCache(cache_dir).stats()
        out.print(f"{s['directory']}: {s['entries']} entries, {s['bytes'] / 1e6:.2f} MB", highlight=False)


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDir = Path("cache")) -> None:
    """Delete every cached answer (the joined model file is kept). Example: `summarise cache clear`"""
    from summarise.model.cache import ResponseCache

    with errors_to_exit():
        n = ResponseCache(cache_dir).clear()
        out.print(f"removed {n} entries from {cache_dir}")


@app.command("eval")
def eval_cmd(
    briefs_dir: Annotated[Path, typer.Argument(help="Folder of BriefRecord JSON files.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold file (format newsbrief-gold/1).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Score briefs against hand-checked answers: precision, recall, F1 per field and overall.

    Example: `summarise eval --gold ../shared/gold/seeds.json briefs/`
    """
    from summarise.output.evaluate import evaluate, render_table

    with errors_to_exit():
        report = evaluate(gold, briefs_dir)
        if as_json:
            sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
        else:
            out.print(render_table(report))


def _terminate(signum: int, _frame: object) -> None:
    # SIGTERM skips atexit, which would orphan the embedded server: treat it as Ctrl-C, once.
    # A second SIGTERM while threads wind down must not raise inside interpreter shutdown.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def main() -> None:
    """Console entry point; SUMMARISE_DEBUG=1 shows tracebacks of unexpected errors."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except Exception as e:  # noqa: BLE001 - last line of defence against tracebacks
        if os.environ.get("SUMMARISE_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {type(e).__name__}: {e} (set SUMMARISE_DEBUG=1 for details)",
                  highlight=False)
        sys.exit(2)
