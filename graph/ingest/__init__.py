"""Ingest: files, folders, feeds and streams to articles with title, date and language."""
