"""Versioned prompt files, loaded by id ("brief/v1" -> prompts/brief/v1.yaml).

A version that has produced recorded output is never edited; new wording is a
new file. The file's content hash goes into every record and cache key, so an
accidental edit is visible rather than silently mixed with old results.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from summarise.errors import PromptError

DEFAULT_PROMPT = "brief/v4"
# How much article one request holds: about 1,600 tokens, which the embedded
# model's 8k context takes with the prompt and the answer (and prompt reading
# dominates its time).
SUMMARY_INPUT_CHARS = 6000
# An article that fits in one part is summarised from its lead, the first
# ~1,500 characters cut at a sentence end (--summary-lead; 0 reads it all).
# Prompt reading is most of an article's time on the embedded model (~50
# tokens/s on 2 cores), news puts what matters first, and every item of the
# brief still comes from the whole text.
DEFAULT_SUMMARY_LEAD = 1500
# Parts of one long report that are summarised. Each costs a model read (~15-20 s
# on the embedded model), so a 1 MB file is summarised from its first parts,
# not in two hours; its items still come from every page.
DEFAULT_SUMMARY_PARTS = 8


def prompts_dir() -> Path:
    """The prompts folder: SUMMARISE_PROMPTS_DIR, else the one beside the package."""
    env = os.environ.get("SUMMARISE_PROMPTS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "prompts"


@dataclass(frozen=True)
class Prompt:
    id: str
    sha256: str
    description: str
    system: str
    passes: dict[str, str] = field(default_factory=dict)

    def task(self, name: str) -> str:
        try:
            return self.passes[name]
        except KeyError:
            raise PromptError(f"prompt {self.id} has no pass {name!r} (has: {', '.join(self.passes)})") from None


def load_prompt(prompt_id: str = DEFAULT_PROMPT, root: Path | None = None) -> Prompt:
    root = root or prompts_dir()
    path = root / f"{prompt_id}.yaml"
    if not path.is_file():
        known = ", ".join(p.id for p in list_prompts(root)) or "none"
        raise PromptError(f"unknown prompt {prompt_id!r} (known: {known})")
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise PromptError(f"{path}: not valid YAML ({e})") from e
    if not isinstance(data, dict) or not isinstance(data.get("system"), str):
        raise PromptError(f"{path}: needs a 'system' text and a 'passes' mapping")
    passes = data.get("passes") or {}
    if not isinstance(passes, dict) or not all(isinstance(v, str) for v in passes.values()):
        raise PromptError(f"{path}: 'passes' must map pass names to texts")
    return Prompt(
        id=prompt_id,
        sha256=hashlib.sha256(raw).hexdigest(),
        description=str(data.get("description", "")).strip(),
        system=data["system"].strip(),
        passes={k: v.strip() for k, v in passes.items()},
    )


def list_prompts(root: Path | None = None) -> list[Prompt]:
    root = root or prompts_dir()
    found = []
    for path in sorted(root.glob("*/v*.yaml")):
        found.append(load_prompt(f"{path.parent.name}/{path.stem}", root))
    return found
