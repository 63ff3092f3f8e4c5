"""Question banks: YAML files validated on load (schema), read from disk (loader)."""

from quizapp.banks.loader import BankError, Catalogue, inline_lexicon, load_all, load_lexicon

__all__ = ["BankError", "Catalogue", "inline_lexicon", "load_all", "load_lexicon"]
