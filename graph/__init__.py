"""actorgraph's library: ingest, extract, link, build, store, query and analyse."""

__version__ = "0.1.0"
