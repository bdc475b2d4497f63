"""summarise: structured, grounded briefs from conflict news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("summarise")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+src"
