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


@pytest.fixture(scope="session")
def seed_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds briefed once by `summarise batch`, replayed offline from tests/recordings.

    Shared by the session: copy the folder before changing anything in it."""
    from typer.testing import CliRunner

    from summarise.cli import app

    base = tmp_path_factory.mktemp("seed-batch")
    result = CliRunner().invoke(app, ["batch", str(ROOT / "seeds"), "--offline", "--recordings",
                                      str(ROOT / "tests" / "recordings"), "--out", str(base / "briefs"),
                                      "--cache-dir", str(base / "cache")])
    assert result.exit_code == 0, result.output
    return base / "briefs"
