"""Storage (rung 3): the database, the object store, cases and users. Importing it registers the search index
listener (search_index: every write of a case re-indexes it)."""

from . import search_index as search_index  # imported for its after_flush listener
