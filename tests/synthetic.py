"""Made-up conflict articles and a model stand-in that answers them, for batch tests and benchmarks.

The articles are generated from templates with a seeded RNG, so a test can
make 200 of them and know what each says; `pipeline_responder` answers the
pipeline's summary request for any such article (or a seed) from the article
text in the request, the way a model would, so the whole pipeline runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from random import Random

PEOPLE = ["Ahmad Karimi", "Sara Haidari", "Omar Nazari", "Laila Rahimi", "Farid Sultani", "Nadia Akbari"]
GROUPS = ["Taliban", "National Resistance Front", "Afghan army", "local militia"]
BODIES = ["Interior Ministry", "Defence Ministry", "United Nations", "Red Crescent"]
PLACES = ["Kunduz", "Herat", "Ghazni", "Baghlan", "Faryab", "Helmand", "Takhar", "Badakhshan"]


def synthetic_article(index: int, seed: int = 0) -> str:
    rng = Random(f"{seed}:{index}")
    place, other = rng.sample(PLACES, 2)
    group, body, person = rng.choice(GROUPS), rng.choice(BODIES), rng.choice(PEOPLE)
    killed, wounded, families = rng.randint(2, 60), rng.randint(2, 90), rng.randint(50, 9000)
    return (
        f"Fighting reported near {place}, report {index}\n"
        f"At least {killed} people were killed and {wounded} others were wounded in clashes near {place} on "
        f"Monday, {body} spokesperson {person} said.\n"
        f"The {group} said it had taken control of several checkpoints around {place}, a claim the {body} denied.\n"
        f"More than {families:,} families have fled to {other} since the fighting began, officials said.\n"
        f"\"We are doing everything we can to help those who fled,\" {person} told reporters in {other}.\n"
    )


def write_synthetic_articles(folder: Path, count: int, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"synthetic_{i:04d}.txt"
        path.write_text(synthetic_article(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


_ARTICLE = re.compile(r"<article>\n(.*?)\n</article>", re.DOTALL)


def pipeline_responder(request: dict) -> dict:
    """Answer the summary request from the article inside it, in the article's own words (so it passes the check)."""
    text = next((m["content"] for m in request["messages"] if m["role"] == "user"), "")
    found = _ARTICLE.search(text)
    lines = [line.strip() for line in (found.group(1) if found else text).splitlines() if line.strip()]
    first = lines[0] if lines else "Article"
    return {"headline": first[:80], "summary": " ".join(lines[1:3])[:300] or first}
