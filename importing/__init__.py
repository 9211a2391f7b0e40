"""Scraped text files in, linked articles out: files → parse → extract → load (see README.md)."""
