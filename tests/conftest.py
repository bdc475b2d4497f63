"""Shared fixtures. Sockets are blocked for the whole run (see pyproject addopts);
only tests that start a loopback server opt back in, and only for 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT.parent / "shared" / "gold" / "seeds.json"


@pytest.fixture
def seeds() -> list[Path]:
    return SEEDS


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def embedded_model() -> Path:
    """The real embedded model, joined once into the per-user model folder (as `make run` does), or a skip."""
    from summarise.model import local

    ok, reason = local.embedded_available()
    if not ok:
        pytest.skip(f"embedded model not installed: {reason}")
    return local.locate_model(local.model_home())
