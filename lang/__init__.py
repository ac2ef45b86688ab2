"""Shared Vietnamese vocabulary (rung 0): text normalization and folds (:mod:`.normalize`), language resources
and model paths (:mod:`.lexicon`). Imports nothing else of the project."""
