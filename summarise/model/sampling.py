"""Greedy decoding under a grammar without masking the whole vocabulary at every token.

llama-cpp-python builds one sampler chain per request: penalties, then the
grammar, then greedy. The grammar step checks all ~152k vocabulary entries
against the grammar for every generated token, about 65 ms a token on this
project's 2 cores: 4-5 s of an 80-token summary, as much as generating it.
llama.cpp's own server avoids that cost: it picks the token first and asks the
grammar only about that one, masking the vocabulary only when the grammar
refuses it.

This module does the same for greedy requests (temperature 0, which is what
the embedded backend sends). The result is exactly the chain's: if the best
token after penalties is one the grammar allows, it is also the best token of
the masked distribution. The penalties and the grammar are llama.cpp's own
samplers, applied to the same candidates, so nothing is re-implemented.
Sampled requests (temperature > 0) and custom logits processors keep
llama-cpp-python's chain.

`install()` patches `Llama._init_sampler` in the server process only (see
`summarise.model.serve`); SUMMARISE_SAMPLER=chain leaves the library as it is.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

MODES = ("greedy-first", "chain")
_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])


class GreedyGrammarSampler:
    """Stands in for llama-cpp-python's `LlamaSampler` chain in `Llama.sample` (its `sample(ctx, idx)`)."""

    def __init__(self, model: Any, grammar: Any, *, penalty_last_n: int, repeat: float,
                 frequency: float, presence: float) -> None:
        import llama_cpp

        self._lib = llama_cpp
        self.n_vocab = llama_cpp.llama_vocab_n_tokens(model.vocab)
        self._grammar = llama_cpp.llama_sampler_init_grammar(
            model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8"))
        self._penalties = llama_cpp.llama_sampler_init_penalties(
            self.n_vocab, penalty_last_n, repeat, frequency, presence)
        # One candidate array for the whole request: ids in order, logits refreshed each token.
        self._all = np.zeros(self.n_vocab, dtype=_TOKEN_DATA)
        self._all["id"] = np.arange(self.n_vocab, dtype=np.int32)
        self._everything = self._all.ctypes.data_as(llama_cpp.llama_token_data_p)  # the array never moves
        self._one = (llama_cpp.llama_token_data * 1)()
        self.tokens = self.refused = 0  # how often the grammar refused the best token (the slow path)

    def _apply(self, sampler: Any, data: Any, size: int) -> None:
        array = self._lib.llama_token_data_array(data, size, -1, False)
        self._lib.llama_sampler_apply(sampler, ctypes.byref(array))

    def sample(self, ctx: Any, idx: int = -1) -> int:
        lib = self._lib
        logits = np.ctypeslib.as_array(lib.llama_get_logits_ith(ctx.ctx, idx), shape=(self.n_vocab,))
        self._all["logit"] = logits
        self._apply(self._penalties, self._everything, self.n_vocab)  # a no-op when the penalties are neutral
        token = int(self._all["logit"].argmax())  # greedy: the first best, as llama.cpp's greedy picks
        self._one[0].id, self._one[0].logit, self._one[0].p = token, float(self._all["logit"][token]), 0.0
        self._apply(self._grammar, self._one, 1)
        self.tokens += 1
        if not np.isfinite(self._one[0].logit):  # refused: mask the vocabulary as the chain would
            self.refused += 1
            self._apply(self._grammar, self._everything, self.n_vocab)
            token = int(self._all["logit"].argmax())
        lib.llama_sampler_accept(self._grammar, token)
        lib.llama_sampler_accept(self._penalties, token)
        return token

    def close(self) -> None:
        for name in ("_grammar", "_penalties"):
            if (sampler := getattr(self, name, None)) is not None:
                self._lib.llama_sampler_free(sampler)
                setattr(self, name, None)

    def __del__(self) -> None:
        self.close()


def install(mode: str = "greedy-first") -> None:
    """Route greedy grammar requests through `GreedyGrammarSampler` (mode 'chain': change nothing)."""
    if mode not in MODES:
        raise SystemExit(f"summarise: SUMMARISE_SAMPLER must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "chain":
        return
    from llama_cpp.llama import Llama

    chain = Llama._init_sampler

    def init_sampler(self: Llama, **kw: Any) -> Any:
        if kw.get("grammar") is None or kw.get("temp") != 0.0 or kw.get("logits_processor") is not None:
            return chain(self, **kw)
        return GreedyGrammarSampler(
            self._model, kw["grammar"], penalty_last_n=self.last_n_tokens_size,
            repeat=kw.get("repeat_penalty", 1.0), frequency=kw.get("frequency_penalty", 0.0),
            presence=kw.get("presence_penalty", 0.0))

    Llama._init_sampler = init_sampler  # type: ignore[method-assign]
