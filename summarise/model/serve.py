"""The embedded server's entry point: llama.cpp's best CPU kernels for this machine, then `llama_cpp.server`.

`make install` builds llama.cpp with dynamic CPU backends (GGML_BACKEND_DL +
GGML_CPU_ALL_VARIANTS): one shared library per x86 level, from plain x86-64 to
AVX-512 with AMX. The build stays portable, and each machine gets its own best
kernels; on this project's AVX-512 machine prompt reading runs about twice as
fast as the portable AVX2 build (see README, "Speed").

llama-cpp-python does not load those libraries itself, so this module does:
each variant reports a score for this CPU (0: unsupported), and the best one
not in `--skip-cpu` is loaded before the server starts. The score reads CPUID
only, and a hypervisor can advertise what it does not allow (AMX here, which
dies with SIGILL), so `LocalServer` restarts us with that variant skipped.

It also installs the greedy-first grammar sampler (`summarise.model.sampling`),
which gives the same tokens as llama-cpp-python's chain without masking the
whole vocabulary at every token.

    python -m summarise.model.serve [--skip-cpu a,b] [llama_cpp.server options]
    SUMMARISE_CPU_BACKEND=icelake   force one variant (by name)
    SUMMARISE_SAMPLER=chain         llama-cpp-python's own sampler chain (for A/B runs)
"""

from __future__ import annotations

import ctypes
import os
import runpy
import sys
from pathlib import Path

CHOSEN_PREFIX = "summarise: CPU backend "  # LocalServer reads the chosen variant from this log line
SAMPLER_PREFIX = "summarise: sampler "


def _package_dir() -> Path:
    import llama_cpp

    return Path(llama_cpp.__file__).resolve().parent


def variant_dir() -> Path | None:
    """Where the build put its CPU variants (`libggml-cpu-<name>.so`), or None for a single built-in backend."""
    folder = _package_dir().parent / "bin"
    return folder if any(folder.glob("libggml-cpu-*.so")) else None


def scored_variants(folder: Path) -> list[tuple[str, int]]:
    """(name, score) of every variant this CPU supports, best first."""
    lib = _package_dir() / "lib"
    # The variants need ggml-base's symbols; the wheel ships the library under its soname.
    ctypes.CDLL(str(lib / "libggml-base.so.0"), mode=ctypes.RTLD_GLOBAL)
    found = []
    for path in sorted(folder.glob("libggml-cpu-*.so")):
        score_of = ctypes.CDLL(str(path)).ggml_backend_score
        score_of.restype = ctypes.c_int
        if (score := score_of()) > 0:
            found.append((path.stem.removeprefix("libggml-cpu-"), score))
    return sorted(found, key=lambda item: -item[1])


def choose(variants: list[tuple[str, int]], skip: set[str], forced: str | None = None) -> str | None:
    if forced:
        return forced
    return next((name for name, _ in variants if name not in skip), None)


def load_variant(folder: Path, name: str) -> None:
    # The very libggml that llama_cpp loaded (by its soname): another copy would hold another registry.
    ggml = ctypes.CDLL(str(_package_dir() / "lib" / "libggml.so.0"))
    ggml.ggml_backend_load.argtypes = [ctypes.c_char_p]
    ggml.ggml_backend_load.restype = ctypes.c_void_p
    path = folder / f"libggml-cpu-{name}.so"
    if not path.is_file() or not ggml.ggml_backend_load(str(path).encode()):
        raise SystemExit(f"summarise: cannot load the CPU backend {name!r} from {folder}")


def main(argv: list[str]) -> None:
    skip: set[str] = set()
    if argv[:1] == ["--skip-cpu"]:
        skip = {s for s in argv[1].split(",") if s}
        argv = argv[2:]
    folder = variant_dir()
    if folder is not None:
        name = choose(scored_variants(folder), skip, os.environ.get("SUMMARISE_CPU_BACKEND", "").strip() or None)
        if name is None:
            raise SystemExit(f"summarise: no CPU backend in {folder} runs here (skipped: {', '.join(sorted(skip))})")
        load_variant(folder, name)
        print(f"{CHOSEN_PREFIX}{name}", file=sys.stderr, flush=True)
    else:
        print(f"{CHOSEN_PREFIX}built-in", file=sys.stderr, flush=True)
    from summarise.model import sampling

    mode = os.environ.get("SUMMARISE_SAMPLER", "").strip() or sampling.MODES[0]
    sampling.install(mode)
    print(f"{SAMPLER_PREFIX}{mode}", file=sys.stderr, flush=True)
    sys.argv = ["llama_cpp.server", *argv]
    runpy.run_module("llama_cpp.server", run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
