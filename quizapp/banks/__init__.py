"""Question banks: YAML files validated on load (schema), read from disk (loader)."""

from quizapp.banks.loader import BankError, Catalogue, load_all

__all__ = ["BankError", "Catalogue", "load_all"]
