"""The store: embedded Oxigraph on disk or in memory, or any SPARQL 1.1 endpoint; queries,
named queries, imports and validation over it."""

import os

from actorgraph.graph.errors import StoreError
from actorgraph.graph.store.base import Store, syntax_error  # noqa: F401  (the store's interface)
from actorgraph.graph.store.embedded import EmbeddedStore, describe_graphs, lock_holder  # noqa: F401


def open_store(location, read_only=False, *, wait=None, on_wait=None, update_url=None):
    """Open the store at a directory, ``:memory:`` or an http(s) endpoint URL.

    ``wait`` is how many seconds to wait for another process that holds the store (default:
    env ``ACTORGRAPH_WAIT`` or 0); ``on_wait(message)`` is told once when waiting starts.
    ``update_url`` overrides an endpoint's SPARQL UPDATE URL (default: env
    ``ACTORGRAPH_UPDATE_URL`` or the ``/update`` sibling of the query URL).
    """
    location = str(location)
    if location == ":memory:":
        return EmbeddedStore(None)
    if location.startswith(("http://", "https://")):
        from actorgraph.graph.store.remote import RemoteStore

        return RemoteStore(location, read_only=read_only, update_url=update_url)
    if wait is None:
        try:
            wait = float(os.environ.get("ACTORGRAPH_WAIT") or 0)
        except ValueError:
            raise StoreError("ACTORGRAPH_WAIT must be a number of seconds") from None
    return EmbeddedStore(location, read_only=read_only, wait=wait, on_wait=on_wait)
