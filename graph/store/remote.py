"""A store behind any SPARQL 1.1 Protocol + Graph Store Protocol server, with urllib only.

Each article's graph is written in one request (a GSP PUT of N-Triples to ``?graph=<iri>``), so
a failed build never leaves half an article on the server. Queries, PUT and DELETE are
idempotent and retried with exponential back-off; SPARQL UPDATE is sent once. Credentials come
only from the environment and never appear in an error message.
"""

import base64
import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from actorgraph.ontology import PREFIXES
from actorgraph.graph.errors import QueryError, StoreError, StoreUnavailableError
from actorgraph.graph.store.base import Store, ntriples_body, parse_ntriples, syntax_error

TRIES = 3
BACKOFF_SECONDS = 0.5
TIMEOUT_SECONDS = 60.0
MAX_GET_LENGTH = 2000
ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "text/tab-separated-values;q=0.8, application/n-triples;q=0.9, text/turtle;q=0.7")

# All prefixes on one line, so a server's "error at L:C" is one line below the user's text.
PROLOGUE = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()) + "\n"


def endpoint_urls(url, update_url=None, gsp_url=None):
    """(query, update, graph store) URLs: Oxigraph-style siblings /query, /update, /store."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        raise StoreError("put credentials in ACTORGRAPH_USER/ACTORGRAPH_PASSWORD or "
                         "ACTORGRAPH_TOKEN, not in the store URL")
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        base = url[: url.rindex("/query")]
        derived = (url, base + "/update", base + "/store")
    elif not path:
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        derived = (base + "/query", base + "/update", base + "/store")
    else:  # one URL for all three, as a dataset endpoint such as Fuseki's /ds serves them
        derived = (url, url, url)
    update_url = update_url or os.environ.get("ACTORGRAPH_UPDATE_URL") or derived[1]
    gsp_url = gsp_url or os.environ.get("ACTORGRAPH_GSP_URL") or derived[2]
    return derived[0], update_url, gsp_url


def redact(url):
    """The URL without user info, query string or fragment: safe to show."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def auth_header():
    """The Authorization header from ACTORGRAPH_TOKEN or ACTORGRAPH_USER/ACTORGRAPH_PASSWORD."""
    token = os.environ.get("ACTORGRAPH_TOKEN")
    if token:
        return f"Bearer {token}"
    user = os.environ.get("ACTORGRAPH_USER")
    if user:
        secret = f"{user}:{os.environ.get('ACTORGRAPH_PASSWORD', '')}".encode("utf-8")
        return "Basic " + base64.b64encode(secret).decode("ascii")
    return None


class RemoteStore(Store):
    """The store API over HTTP; query results are pyoxigraph objects as with the embedded store."""

    def __init__(self, url, read_only=False, *, update_url=None, gsp_url=None, tries=TRIES,
                 backoff=BACKOFF_SECONDS, timeout=TIMEOUT_SECONDS):
        self.url = url
        self.query_url, self.update_url, self.gsp_url = endpoint_urls(url, update_url, gsp_url)
        self.read_only = read_only
        self.tries, self.backoff, self.timeout = max(int(tries), 1), backoff, timeout
        self._auth = auth_header()

    # --- HTTP ---------------------------------------------------------------------------------

    def _request(self, method, url, *, params=None, body=None, content_type=None, accept=None,
                 idempotent=True, ok_missing=False):
        """Send one request (retrying idempotent ones); (status, content type, body bytes)."""
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        where = redact(url)
        for attempt in range(self.tries):
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            if self._auth:
                request.add_unredirected_header("Authorization", self._auth)
            problem = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return (response.status, response.headers.get_content_type(),
                            response.read())
            except urllib.error.HTTPError as exc:
                detail = _server_message(exc)
                if exc.code == 404 and ok_missing:
                    return 404, "", b""
                if exc.code in (401, 403):
                    raise StoreError(f"{where} refused access (HTTP {exc.code}): check "
                                     "ACTORGRAPH_USER/ACTORGRAPH_PASSWORD or ACTORGRAPH_TOKEN") \
                        from None
                if exc.code < 500 and exc.code != 429:
                    raise _ClientError(exc.code, detail) from None
                problem = f"HTTP {exc.code}" + (f": {detail}" if detail else "")
            except (urllib.error.URLError, socket.timeout, ConnectionError,
                    http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    problem = f"no answer within {self.timeout:g} s"
                else:
                    problem = str(reason) or type(reason).__name__
                    if isinstance(reason, ConnectionRefusedError):
                        idempotent = True  # nothing reached the server: safe to send again
            if not idempotent or attempt == self.tries - 1:
                raise StoreUnavailableError(f"SPARQL endpoint {where} failed after {attempt + 1} "
                                            f"{'try' if attempt == 0 else 'tries'}: {problem}")
            time.sleep(self.backoff * (2 ** attempt))
        raise AssertionError("unreachable")

    # --- reads --------------------------------------------------------------------------------

    def query(self, sparql, substitutions=None):
        if substitutions:
            from actorgraph.graph.store.query import bind_values

            sparql = bind_values(sparql, substitutions)
        text = PROLOGUE + sparql
        params = [("query", text), ("union-default-graph", "true")]
        try:
            if len(urllib.parse.urlencode(params)) <= MAX_GET_LENGTH:
                status, kind, data = self._request("GET", self.query_url, params=params,
                                                   accept=ACCEPT)
            else:
                status, kind, data = self._request(
                    "POST", self.query_url, params=params[1:], body=text.encode("utf-8"),
                    content_type="application/sparql-query; charset=utf-8", accept=ACCEPT)
        except _ClientError as exc:
            raise _query_error(sparql, exc) from None
        return self._parse_results(kind, data)

    def _parse_results(self, kind, data):
        import pyoxigraph as ox

        results = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                   "application/json": ox.QueryResultsFormat.JSON,
                   "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                   "text/tab-separated-values": ox.QueryResultsFormat.TSV}
        graphs = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                  "text/plain": ox.RdfFormat.N_TRIPLES,
                  "text/turtle": ox.RdfFormat.TURTLE,
                  "application/rdf+xml": ox.RdfFormat.RDF_XML}
        try:
            if kind in results:
                parsed = ox.parse_query_results(data, format=results[kind])
                if isinstance(parsed, ox.QueryBoolean):
                    return parsed
                list(parsed)  # read it all once, so a garbled answer fails here, not half-way
                return ox.parse_query_results(data, format=results[kind])
            if kind in graphs:
                if kind == "application/rdf+xml" and b"<!ENTITY" in data:
                    # Oxigraph expands internal entities: a billion laughs would exhaust memory
                    raise ValueError("XML entity declarations are not accepted")
                return [quad.triple for quad in ox.parse(data, format=graphs[kind])]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"SPARQL endpoint {redact(self.query_url)} sent an unreadable "
                             f"answer ({kind}): {_clip(exc)}") from None
        raise StoreError(f"SPARQL endpoint {redact(self.query_url)} answered with unexpected "
                         f"content type {kind or 'none'!r}")

    def graph_iris(self):
        import pyoxigraph as ox

        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def graph_quads(self, graph_iris=None, chunk=200):
        import pyoxigraph as ox

        names = self.graph_iris() if graph_iris is None else list(graph_iris)
        for start in range(0, len(names), chunk):
            values = " ".join(str(ox.NamedNode(name)) for name in names[start:start + chunk])
            rows = self.query(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} "
                              "GRAPH ?g { ?s ?p ?o } }")
            fresh = {}  # blank node labels are scoped to one result document

            def own(term, fresh=fresh):
                if isinstance(term, ox.BlankNode):
                    return fresh.setdefault(term.value, ox.BlankNode())
                return term

            for row in rows:
                yield ox.Quad(own(row["s"]), row["p"], own(row["o"]), row["g"])

    # --- writes -------------------------------------------------------------------------------

    def _check_writable(self):
        if self.read_only:
            raise StoreError(f"store {redact(self.url)} is open read-only")

    def replace_graph(self, graph_iri, ntriples):
        self._check_writable()
        graph, triples = parse_ntriples(graph_iri, ntriples)
        body = ntriples_body(triples)
        if not body.strip():
            self.remove_graph(graph_iri)
            return
        try:
            self._request("PUT", self.gsp_url, params={"graph": graph.value},
                          body=body.encode("utf-8"),
                          content_type="application/n-triples; charset=utf-8")
        except _ClientError as exc:
            raise StoreError(f"{redact(self.gsp_url)} refused graph <{graph_iri}> "
                             f"(HTTP {exc.code}): {exc.detail}") from None

    def extend_graph(self, graph_iri, triples):
        """One GSP POST (adds to the graph); sent once, as blank nodes would repeat on a retry."""
        self._check_writable()
        import pyoxigraph as ox

        graph = ox.NamedNode(graph_iri)
        try:
            self._request("POST", self.gsp_url, params={"graph": graph.value},
                          body=ntriples_body(triples).encode("utf-8"),
                          content_type="application/n-triples; charset=utf-8", idempotent=False)
        except _ClientError as exc:
            raise StoreError(f"{redact(self.gsp_url)} refused graph <{graph_iri}> "
                             f"(HTTP {exc.code}): {exc.detail}") from None

    def remove_graph(self, graph_iri):
        from actorgraph.graph.store.actors import mentioned_by
        from actorgraph.graph.store.base import prune_shared

        self._check_writable()
        stale = mentioned_by(self, [graph_iri])
        if stale:  # one UPDATE: the graph and what only it backed in the actors and relations graphs
            existed = bool(self.query(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"))
            self.update(f"DROP SILENT GRAPH <{graph_iri}> ;\n" + prune_shared(stale))
            return existed
        try:
            status, _kind, _data = self._request("DELETE", self.gsp_url,
                                                 params={"graph": graph_iri}, ok_missing=True)
        except _ClientError as exc:
            raise StoreError(f"{redact(self.gsp_url)} refused to remove <{graph_iri}> "
                             f"(HTTP {exc.code}): {exc.detail}") from None
        return status != 404

    def update(self, sparql):
        self._check_writable()
        try:
            self._request("POST", self.update_url, body=(PROLOGUE + sparql).encode("utf-8"),
                          content_type="application/sparql-update; charset=utf-8",
                          idempotent=False)
        except _ClientError as exc:
            raise _query_error(sparql, exc, "SPARQL UPDATE") from None


class _ClientError(Exception):
    """A 4xx answer, turned into a QueryError or StoreError by the caller."""

    def __init__(self, code, detail):
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def _query_error(sparql, exc, what="SPARQL"):
    """A 400 with an Oxigraph-style 'error at L:C' points into our one-line prologue: shift it."""
    import re

    found = re.match(r"error at (\d+):(\d+): (.*)", exc.detail or "", re.S)
    if exc.code == 400 and found and int(found[1]) > 1:
        return syntax_error(sparql, f"error at {int(found[1]) - 1}:{found[2]}: {found[3]}", what)
    return QueryError(f"{what} refused by the endpoint (HTTP {exc.code}): {exc.detail}")


def _server_message(exc):
    try:
        text = exc.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    return _clip(text)


def _clip(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"
