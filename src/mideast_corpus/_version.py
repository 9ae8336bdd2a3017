"""The library version, kept in one place (read by pyproject.toml and provenance)."""

__version__ = "0.1.0"
