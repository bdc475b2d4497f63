"""One error root, so the CLI can turn any expected failure into one line.

Library callers catch `SummariseError`; anything else escaping is a bug.
"""

from __future__ import annotations


class SummariseError(Exception):
    """Root of every error this package raises on purpose."""


class ArticleError(SummariseError):
    """An input file cannot be read as an article (missing, empty, binary, not UTF-8)."""


class PromptError(SummariseError):
    """A prompt id does not name a prompt file, or the file is malformed."""


class ConfigError(SummariseError):
    """A setting is missing or contradicts another."""


class ModelError(SummariseError):
    """The model endpoint failed after retries, or never answered validly."""


class EndpointUnreachable(ModelError):
    """No connection could be made to the model endpoint."""


class RecordingMissing(ModelError):
    """Replay mode was asked a request that has no recording."""


class ModelFileError(SummariseError):
    """The embedded model's weights are missing, incomplete or corrupt."""


class LocalServerError(SummariseError):
    """The embedded llama.cpp server could not be started or stopped."""


class GoldError(SummariseError):
    """A gold file or briefs folder for evaluation is malformed."""


class BatchFileError(SummariseError):
    """An OpenAI Batch API file cannot be written or read."""


class ExportError(SummariseError):
    """Briefs cannot be exported (no briefs in the folder, an unknown format, an unwritable file)."""
