"""Fixtures shared by several test modules."""

import pytest

from store_fixture import disk_store  # noqa: F401  (an on-disk store of the fixture graphs)


@pytest.fixture(scope="session")
def registry():
    """The bundled registry, loaded once for every test module that links actors."""
    from actorgraph.graph.registry import load_registry

    return load_registry()
