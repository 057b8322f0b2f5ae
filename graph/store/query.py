"""Run SPARQL against the store: checks, timeouts, result rendering.

Every query sees the predeclared prefixes of ``ontology.PREFIXES`` and the union of all graphs
as its default graph. ``run_query`` refuses updates, and SERVICE or LOAD of a remote document
unless network access is allowed; it runs the engine in a worker thread so ``timeout`` can stop
waiting for it (Oxigraph releases the GIL while it evaluates). Named queries live in
``graph/store/named.py``.
"""

import re
import threading
from dataclasses import dataclass

from actorgraph.ontology import PREFIXES
from actorgraph.graph.errors import QueryError

DEFAULT_TIMEOUT = 60.0
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "xml")
CELL_WIDTH = 80


class QueryTimeoutError(QueryError):
    """The query ran past its time limit: not a usage error, so exit 1."""

    exit_code = 1


# --- a small SPARQL lexer: enough to find keywords and braces outside strings, IRIs, comments --

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<word>(?:[^\W\d]\w*(?:[-.]\w+)*)?:(?:[\w%:.\-]|\\.)*(?<!\.)|[^\W\d][\w-]*)
  | (?P<other>.)
""", re.X | re.S)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def scan(text):
    """The significant tokens of a SPARQL text (whitespace and comments dropped)."""
    return [Token(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text)
            if m.lastgroup not in ("space", "comment")]


def _words(tokens):
    return {t.text.upper() for t in tokens if t.kind == "word"}


def classify(sparql):
    """'query', 'update' or None (neither parses), and the set of network operations used.

    rdflib's SPARQL parser decides (parsing only: nothing runs). If it cannot parse the text
    (an Oxigraph extension, or a plain mistake) the lexer looks for SERVICE and LOAD instead.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser

    for kind, parse in (("query", parser.parseQuery), ("update", parser.parseUpdate)):
        try:
            tree = parse(sparql)
        except (ParseException, ValueError, TypeError, RecursionError):
            continue
        return kind, _network_use(tree)
    words = _words(scan(sparql))
    return None, {w for w in ("SERVICE", "LOAD") if w in words}


def _network_use(tree):
    from rdflib.plugins.sparql.parserutils import CompValue

    found, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.add("SERVICE")
            elif node.name == "Load" and not str(node.get("iri", "")).startswith("file:"):
                found.add("LOAD")
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return found


# Every SPARQL UPDATE operation starts with one of these keywords.
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_WORDS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


def check_sparql(sparql, *, update=False, allow_network=False):
    """Refuse an update given as a query (or the reverse) and network access unless allowed.

    A query whose tokens hold no update keyword and no SERVICE cannot be either, and is left to
    Oxigraph's parser (saving rdflib's 20 ms); anything else is decided by rdflib's parser.
    """
    words = _words(scan(sparql))
    if not update and words & QUERY_WORDS and not words & (UPDATE_WORDS | {"SERVICE"}):
        return "query"
    kind, network = classify(sparql)
    if not update and kind == "update":
        raise QueryError("this is a SPARQL UPDATE and `query` only reads: run it with "
                         "`actorgraph update`")
    if update and kind == "query":
        raise QueryError("this is a SPARQL query, not an update: run it with `actorgraph query`")
    if network and not allow_network:
        raise QueryError(f"{' and '.join(sorted(network))} reaches out to the network: "
                         "pass --allow-network to permit it")
    return kind


# --- running --------------------------------------------------------------------------------

def in_worker(work, timeout, what="query"):
    """Run work() in a daemon thread and wait at most timeout seconds (None or 0: no limit)."""
    if not timeout:
        return work()
    box = {}

    def target():
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=target, name="actorgraph-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeoutError(f"{what} stopped after {timeout:g} s (--timeout SECONDS to allow "
                                "more)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def run_query(store, sparql, *, substitutions=None, timeout=DEFAULT_TIMEOUT, allow_network=False,
              consume=None):
    """Check and run a read-only query; consume(result) runs in the worker (default: read all).

    The default consumer returns a Result; pass ``render`` wrappers to stream formatted output.
    """
    check_sparql(sparql, allow_network=allow_network)
    consume = consume or read_result
    binds = to_substitutions(substitutions)
    return in_worker(lambda: consume(store.query(sparql, substitutions=binds)), timeout)


def run_update(store, sparql, *, timeout=DEFAULT_TIMEOUT, allow_network=False):
    """Check and run a SPARQL UPDATE as one transaction."""
    check_sparql(sparql, update=True, allow_network=allow_network)
    in_worker(lambda: store.update(sparql), timeout, "update")  # not committed if stopped


def to_substitutions(values):
    """{name or Variable: term} as pyoxigraph wants it: Variable keys."""
    if not values:
        return None
    import pyoxigraph as ox

    return {key if isinstance(key, ox.Variable) else ox.Variable(str(key).lstrip("?$")): term
            for key, term in values.items()}


@dataclass
class Result:
    """A query result read into memory: kind is 'solutions', 'boolean' or 'graph'."""

    kind: str
    variables: list = None
    rows: list = None
    boolean: bool = None
    triples: list = None

    def __len__(self):
        return len(self.rows if self.kind == "solutions" else self.triples or [])


def read_result(result):
    """Read a pyoxigraph result (or a RemoteStore's) into a Result."""
    import pyoxigraph as ox

    if isinstance(result, (bool, ox.QueryBoolean)):
        return Result("boolean", boolean=bool(result))
    if hasattr(result, "variables"):
        names = [v.value for v in result.variables]
        return Result("solutions", variables=names, rows=[
            [row[i] for i in range(len(names))] for row in result])
    return Result("graph", triples=list(result))


# --- rendering --------------------------------------------------------------------------------

def render(result, fmt=None):
    """Bytes for a pyoxigraph (or Result) query result in fmt; None picks table or turtle."""
    if not isinstance(result, Result):
        result = read_result(result)
    if result.kind == "boolean":
        return _render_boolean(result.boolean, fmt)
    if result.kind == "graph":
        return _render_graph(result.triples, fmt)
    return _render_solutions(result, fmt or "table")


def _render_boolean(value, fmt):
    if fmt in ("json", "xml"):
        import pyoxigraph as ox

        body = {"json": '{"head":{},"boolean":%s}\n', "xml":
                '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                '<head/><boolean>%s</boolean></sparql>\n'}[fmt] % ("true" if value else "false")
        ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, fmt.upper()))
        return body.encode("utf-8")
    return b"true\n" if value else b"false\n"


def _render_graph(triples, fmt):
    fmt = {None: "turtle", "json": "jsonld"}.get(fmt, fmt)
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"CONSTRUCT and DESCRIBE give a graph: use --format "
                         f"{'|'.join(GRAPH_FORMATS)}, not {fmt}")
    from actorgraph.graph.store.serialize import serialize_triples

    return serialize_triples(triples, fmt)


def _render_solutions(result, fmt):
    if fmt == "table":
        return render_table(result.variables, result.rows).encode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"SELECT gives a table: use --format {'|'.join(RESULT_FORMATS)}, "
                         f"not {fmt}")
    return serialize_solutions(result.variables, result.rows, fmt)


def serialize_solutions(variables, rows, fmt):
    """SPARQL 1.1 results (json, xml, csv, tsv) written by pyoxigraph's serializer."""
    import pyoxigraph as ox

    # pyoxigraph writes only its own QuerySolutions: go through its JSON, which is lossless.
    import json

    bindings = []
    for row in rows:
        binding = {}
        for name, term in zip(variables, row):
            if term is not None:
                binding[name] = _json_term(term)
        bindings.append(binding)
    doc = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}})
    parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
    return out if out.endswith(b"\n") else out + b"\n"


def _json_term(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def compact(term):
    """A short human form of a term: prefixed IRI, literal text (with @lang), '' if unbound."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max((ns for ns in PREFIXES.values() if term.value.startswith(ns)), key=len,
                   default=None)
        if best is None:
            return term.value
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{term.value[len(best):]}"
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def render_table(variables, rows, width=CELL_WIDTH):
    """An aligned text table of solutions with a row count: for people at a terminal."""
    def cell(term):
        text = " ".join(compact(term).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    body = [[cell(term) for term in row] for row in rows]
    widths = [max([len(name)] + [len(r[i]) for r in body]) for i, name in enumerate(variables)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


# --- binding parameters for endpoints that lack substitution ------------------------------------

def bind_values(sparql, substitutions):
    """The query with ``VALUES (?a …) { (term …) }`` opening its WHERE group.

    For remote endpoints, which have no SEP-0007 substitution: the terms are serialised by
    pyoxigraph (escaped N-Triples syntax), never pasted as raw text. Named queries refer to
    their parameters at the top level of the WHERE group, where this equals substitution.
    """
    import pyoxigraph as ox

    binds = to_substitutions(substitutions)
    for term in binds.values():
        if isinstance(term, ox.BlankNode):
            raise QueryError("a blank node cannot be bound as a query parameter")
    names = " ".join(f"?{var.value}" for var in binds)
    terms = " ".join(str(term) for term in binds.values())
    values = f" VALUES ({names}) {{ ({terms}) }} "
    tokens = scan(sparql)
    at = _where_brace(tokens)
    follows = tokens[at + 1] if at + 1 < len(tokens) else None
    cut = tokens[at].start + 1
    if follows is not None and follows.kind == "word" and follows.text.upper() == "SELECT":
        close = _matching_brace(tokens, at)
        end = tokens[close].start
        return sparql[:cut] + values + "{ " + sparql[cut:end] + " }" + sparql[end:]
    return sparql[:cut] + values + sparql[cut:]


def _where_brace(tokens):
    forms = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
    start = next((i for i, t in enumerate(tokens)
                  if t.kind == "word" and t.text.upper() in forms), None)
    if start is None:
        raise QueryError("cannot bind parameters: no SELECT, CONSTRUCT, DESCRIBE or ASK found")
    i = start + 1
    if tokens[start].text.upper() == "CONSTRUCT":
        if i < len(tokens) and tokens[i].text == "{":
            i = _matching_brace(tokens, i) + 1
        else:
            raise QueryError("cannot bind parameters in a CONSTRUCT WHERE short form on a "
                             "remote store: write CONSTRUCT { … } WHERE { … }")
    for j in range(i, len(tokens)):
        if tokens[j].text == "{":
            return j
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def _matching_brace(tokens, at):
    depth = 0
    for j in range(at, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[j].text, 0)
        if depth == 0:
            return j
    raise QueryError("unbalanced braces in the query")
