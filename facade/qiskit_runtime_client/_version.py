"""The package version, kept in one place for the User-Agent header."""

__version__ = "0.1.0"
