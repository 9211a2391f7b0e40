"""The full-text engines behind the search index, one module each (see search/backends.py)."""
