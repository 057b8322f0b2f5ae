"""Fixtures shared by several test modules."""

from store_fixture import disk_store  # noqa: F401  (an on-disk store of the fixture graphs)
