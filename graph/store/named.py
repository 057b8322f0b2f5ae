"""Named queries (``graph/queries/*.rq``) and the resolvers that turn names into IRIs.

Each .rq file starts with a comment: a description, then one line per parameter,
``# param NAME: TYPE, required|optional. Help text.`` with TYPE one of PARAM_TYPES. Parameters
are bound as RDF terms (pyoxigraph substitutions; VALUES on remote stores), never pasted into
the query text, so a parameter value can only ever match or not match. Oxigraph substitutes only
variables of the SELECT clause, so a named query projects its parameters (and groups by them);
``run_named_query`` drops those columns from the result.
"""

import os
import re
from dataclasses import dataclass, field
from importlib import resources

from actorgraph.ontology import PREFIXES
from actorgraph.graph.errors import DataFileError, QueryError

PARAM_TYPES = {
    "actor": "an actor's name (English or Indonesian, any case) or IRI",
    "article": "an article IRI, URL or source path",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD",
    "string": "any text",
    "iri": "an IRI or prefixed name such as ag:Person",
    "integer": "a whole number",
}
XSD = "http://www.w3.org/2001/XMLSchema#"
ACTOR_CLASSES = "ag:Person ag:State ag:Organisation ag:Place"
_PARAM = re.compile(r"#\s*param\s+(\w+)\s*:\s*(\w+)\s*,\s*(required|optional)\s*\.?\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    required: bool
    help: str


@dataclass
class NamedQuery:
    name: str
    description: str
    params: list = field(default_factory=list)
    text: str = ""
    path: str = ""


def queries_folder():
    return resources.files("actorgraph.graph").joinpath("queries")


def load_named_query(path):
    """Read one .rq file; DataFileError names the file and line of a malformed header."""
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})") from None
    name = os.path.splitext(os.path.basename(path))[0]
    description, params = [], []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        if re.match(r"#\s*param\b", stripped):
            found = _PARAM.match(stripped)
            if not found:
                raise DataFileError(path, "parameter line must read '# param NAME: TYPE, "
                                    "required|optional. Help'", line=number)
            pname, kind, need, help_text = found.groups()
            if kind not in PARAM_TYPES:
                raise DataFileError(path, f"unknown parameter type {kind!r}; use one of "
                                    f"{', '.join(PARAM_TYPES)}", line=number)
            if not re.search(rf"^SELECT\b[^{{]*[?$]{pname}\b", text, re.M | re.I):
                raise DataFileError(path, f"parameter {pname} must be projected: SELECT "
                                    f"?{pname} … (and GROUP BY ?{pname} if it groups)",
                                    line=number)
            params.append(Param(pname, kind, need == "required", help_text.strip()))
        elif not params:
            description.append(stripped.lstrip("#").strip())
    summary = " ".join(" ".join(description).split())
    if not summary:
        raise DataFileError(path, "the file must start with a comment describing the query",
                            line=1)
    return NamedQuery(name, summary, params, text, path)


def named_queries():
    """All named queries by name, sorted."""
    folder = queries_folder()
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            query = load_named_query(str(entry))
            found[query.name] = query
    return found


def named_query(name):
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; `actorgraph ask --list` shows them")
    return queries[name]


def bind_params(store, query, values):
    """{variable: RDF term} for the given {name: text} parameters of a named query."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        accepted = ", ".join(known) or "none"
        raise QueryError(f"{query.name} has no parameter {unknown[0]!r} (it takes: {accepted})")
    missing = [p.name for p in query.params if p.required and not values.get(p.name)]
    if missing:
        raise QueryError(f"{query.name} needs --param {missing[0]}=… ({known[missing[0]].help})")
    return {name: to_term(store, known[name], text) for name, text in values.items()
            if text is not None}


def to_term(store, param, text):
    """The RDF term for one parameter value, resolving actor and article names."""
    import pyoxigraph as ox

    if param.kind == "actor":
        return ox.NamedNode(_one(resolve_actor(store, text), "actor", text, store))
    if param.kind == "article":
        return ox.NamedNode(_one(resolve_article(store, text), "article", text, store))
    if param.kind == "date":
        return date_literal(text)
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text.strip()):
            raise QueryError(f"parameter {param.name} must be a whole number, not {text!r}")
        return ox.Literal(text.strip(), datatype=ox.NamedNode(XSD + "integer"))
    if param.kind == "iri":
        return ox.NamedNode(expand_iri(text))
    return ox.Literal(text)


def date_literal(text):
    """An xsd:date, xsd:gYearMonth or xsd:gYear literal for YYYY-MM-DD, YYYY-MM or YYYY."""
    import pyoxigraph as ox

    text = text.strip()
    for pattern, datatype in ((r"\d{4}-\d{2}-\d{2}", "date"), (r"\d{4}-\d{2}", "gYearMonth"),
                              (r"\d{4}", "gYear")):
        if re.fullmatch(pattern, text):
            return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
    raise QueryError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")


def expand_iri(text):
    """An absolute IRI from '<iri>', 'iri' or a prefixed name of ontology.PREFIXES."""
    import pyoxigraph as ox

    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, _colon, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    try:
        return ox.NamedNode(text).value
    except ValueError:
        raise QueryError(f"{text!r} is not an IRI") from None


def _one(found, what, text, store):
    if len(found) == 1:
        return found[0]
    if not found:
        raise QueryError(f"no {what} matches {text!r} in the store")
    shown = ", ".join(f"<{iri}>" for iri in found[:5])
    raise QueryError(f"{text!r} names {len(found)} {what}s: {shown}; give the IRI instead")


def _looks_like_iri(text):
    return re.match(r"^<?[a-z][a-z0-9+.-]*://", text.strip(), re.I) is not None or (
        text.partition(":")[0] in PREFIXES and ":" in text and " " not in text.strip())


def resolve_actor(store, name):
    """The IRIs of the actors called name (rdfs:label or skos:altLabel, any language, any case).

    An IRI or prefixed name is accepted as it is when the store knows it; a Wikidata IRI
    resolves to the actors linked to it by owl:sameAs.
    """
    import pyoxigraph as ox

    name = " ".join(str(name).split())
    if not name:
        return []
    if _looks_like_iri(name):
        iri = {ox.Variable("iri"): ox.NamedNode(expand_iri(name))}
        linked = store.query("SELECT DISTINCT ?actor ?iri WHERE { ?actor owl:sameAs ?iri }",
                             substitutions=iri)
        found = {row["actor"].value for row in linked}
        if bool(store.query("ASK { ?iri ?p ?o }", substitutions=iri)):
            found.add(iri[ox.Variable("iri")].value)
        return sorted(found)
    rows = store.query(
        "SELECT DISTINCT ?actor ?key WHERE { ?actor rdfs:label|skos:altLabel ?label . "
        "FILTER(LCASE(STR(?label)) = ?key) "
        f"?actor a ?class . VALUES ?class {{ {ACTOR_CLASSES} }} }}",
        substitutions={ox.Variable("key"): ox.Literal(name.lower())})
    return sorted({row["actor"].value for row in rows if isinstance(row["actor"], ox.NamedNode)})


def resolve_article(store, ref):
    """The IRIs of the articles that ref names: article IRI, schema:url or dcterms:source."""
    import pyoxigraph as ox

    ref = str(ref).strip()
    if not ref:
        return []
    if ref in store.graph_iris():
        return [ref]
    local = os.path.abspath(ref) if not re.match(r"^[a-z][a-z0-9+.-]*://", ref, re.I) else ref
    rows = store.query(
        "SELECT DISTINCT ?article ?ref ?local WHERE { ?article a ag:Article ; ?p ?value . "
        "VALUES ?p { schema:url dcterms:source } "
        "FILTER(STR(?value) = ?ref || STR(?value) = ?local) }",
        substitutions={ox.Variable("ref"): ox.Literal(ref),
                       ox.Variable("local"): ox.Literal(local)})
    return sorted({row["article"].value for row in rows})


def run_named_query(store, name, values=None, **options):
    """Run the named query with {param: text} values into a Result without the parameter columns.

    options go to graph.store.query.run_query (timeout, allow_network)."""
    from actorgraph.graph.store.query import run_query

    query = named_query(name)
    binds = bind_params(store, query, dict(values or {}))
    result = run_query(store, query.text, substitutions=binds, **options)
    if result.kind == "solutions":
        keep = [i for i, var in enumerate(result.variables)
                if var not in {p.name for p in query.params}]
        result.variables = [result.variables[i] for i in keep]
        result.rows = [[row[i] for i in keep] for row in result.rows]
    return result
