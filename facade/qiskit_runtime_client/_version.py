"""The package version: the one source (pyproject.toml reads it through hatch's version hook);
also sent in the User-Agent header."""

__version__ = "0.1.0"
