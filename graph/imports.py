"""Import other people's RDF files, each into its own named graph ``id/graph/import/<16 hex>``.

Files are parsed by Oxigraph, which never reaches out: no remote JSON-LD context is fetched and
RDF/XML external entities are refused. A malformed file is refused whole, with line and column,
before anything is stored. The graph is checked against the SHACL shapes (``graph.validate``)
unless told not to.

Linking: an imported actor that carries the same Wikidata IRI (owl:sameAs, or the Wikidata IRI
itself) as one of ours, or failing that exactly one of our rdfs:labels (any language), is
rewritten to our IRI, and ``<ours> owl:sameAs <theirs>`` records the original. Rewriting (rather
than only adding owl:sameAs) lets every query and named query see imported facts on our actors
without following owl:sameAs; the links live in the import graph, so removing the import undoes
them. The graph IRI is a hash of the file's content: importing the same file again replaces it.
"""

import hashlib
import os
from dataclasses import dataclass, field

from ontology import AG_NS, ID_NS, WD_NS
from graph.errors import DataFileError

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel")
BASE_CLASSES = tuple(AG_NS + name for name in ("Person", "State", "Organisation", "Place"))
IMPORT_GRAPH_NS = ID_NS + "graph/import/"

# file suffix -> pyoxigraph RdfFormat name
SUFFIX_FORMATS = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS", ".nquads": "N_QUADS", ".trig": "TRIG", ".n3": "N3",
    ".rdf": "RDF_XML", ".xml": "RDF_XML", ".owl": "RDF_XML",
    ".jsonld": "JSON_LD", ".json-ld": "JSON_LD", ".json": "JSON_LD",
}


@dataclass(frozen=True)
class Link:
    """One imported actor rewritten to ours, and why."""

    theirs: str
    ours: str
    how: str  # "wikidata" or "label"
    evidence: str


@dataclass
class ImportReport:
    path: str
    graph_iri: str
    triples: int
    links: list = field(default_factory=list)
    ambiguous: list = field(default_factory=list)  # (their IRI, [our IRIs]) not linked
    validated: bool = False
    warnings: int = 0


def read_triples(path, fmt=None):
    """The distinct pyoxigraph Triples of an RDF file (quads flattened); DataFileError if bad."""
    import pyoxigraph as ox

    path = os.fspath(path)
    name = fmt or SUFFIX_FORMATS.get(os.path.splitext(path)[1].lower())
    if name is None:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise DataFileError(path, f"cannot tell the RDF format from the file name (known: {known})")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror or exc}") from None
    if name == "RDF_XML" and b"<!ENTITY" in data:
        # Oxigraph does not fetch external entities, but refusing all entity declarations also
        # rules out expansion bombs: RDF data has no need for them.
        raise DataFileError(path, "XML entity declarations (<!ENTITY …>) are not accepted",
                            line=_line_of(data, b"<!ENTITY"))
    try:
        quads = ox.parse(data, format=getattr(ox.RdfFormat, name),
                         base_iri=_file_iri(path))
        triples = list(dict.fromkeys(q.triple for q in quads))
    except SyntaxError as exc:
        raise DataFileError(path, _parser_message(exc), line=getattr(exc, "lineno", None),
                            column=getattr(exc, "offset", None)) from None
    except ValueError as exc:
        raise DataFileError(path, str(exc)) from None
    return data, triples


def _file_iri(path):
    from pathlib import Path

    return Path(path).resolve().as_uri()


def _line_of(data, needle):
    return data[: data.find(needle)].count(b"\n") + 1


def _parser_message(exc):
    """Oxigraph's message without its own 'Parser error at line…' prefix and '(line N)' suffix."""
    import re

    text = str(exc).splitlines()[0] if str(exc) else "syntax error"
    text = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ",
                  "", text)
    text = re.sub(r" \(line \d+\)$", "", text)
    if "LoadDocumentCallback" in text:
        return "remote JSON-LD contexts are not fetched: put the @context in the file"
    return text


def our_actors(store, exclude_graph=None):
    """(Wikidata IRI -> our actor IRIs, label -> [(our IRI, base class)]) from the store."""
    import pyoxigraph as ox

    by_wikidata, by_label = {}, {}
    for row in store.query("SELECT ?actor ?g ?wd WHERE { GRAPH ?g { ?actor owl:sameAs ?wd } "
                           f"FILTER(STRSTARTS(STR(?wd), \"{WD_NS}\")) "
                           f"FILTER(STRSTARTS(STR(?actor), \"{ID_NS}\")) }}"):
        if row["g"].value != exclude_graph:
            by_wikidata.setdefault(row["wd"].value, set()).add(row["actor"].value)
    classes = " ".join(f"<{c}>" for c in BASE_CLASSES)
    for row in store.query("SELECT ?actor ?class ?label ?g WHERE { GRAPH ?g { ?actor a ?class ; "
                           f"rdfs:label ?label }} VALUES ?class {{ {classes} }} "
                           f"FILTER(STRSTARTS(STR(?actor), \"{ID_NS}\")) }}"):
        if row["g"].value != exclude_graph and isinstance(row["actor"], ox.NamedNode):
            by_label.setdefault(row["label"].value, set()).add(
                (row["actor"].value, row["class"].value))
    return by_wikidata, by_label


def plan_links(triples, by_wikidata, by_label):
    """(links, ambiguous): which of the file's actors become which of ours."""
    import pyoxigraph as ox

    facts = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            facts.setdefault(t.subject.value, []).append(t)
    links, ambiguous = [], []
    for theirs, own in sorted(facts.items()):
        if theirs.startswith(ID_NS):
            continue
        wikidata = [theirs] if theirs.startswith(WD_NS) else []
        wikidata += [t.object.value for t in own if t.predicate.value == OWL_SAME_AS
                     and isinstance(t.object, ox.NamedNode) and t.object.value.startswith(WD_NS)]
        found = set().union(*(by_wikidata.get(w, set()) for w in wikidata)) if wikidata else set()
        how, evidence = "wikidata", ", ".join(wikidata)
        if not found:
            kinds = {t.object.value for t in own if t.predicate.value == RDF_TYPE
                     and isinstance(t.object, ox.NamedNode) and t.object.value in BASE_CLASSES}
            labels = sorted({t.object.value for t in own if t.predicate.value in LABELS
                             and isinstance(t.object, ox.Literal)})
            found = {iri for label in labels for iri, cls in by_label.get(label, ())
                     if not kinds or cls in kinds}
            how, evidence = "label", ", ".join(labels)
        if len(found) == 1:
            links.append(Link(theirs, found.pop(), how, evidence))
        elif found:
            ambiguous.append((theirs, sorted(found)))
    return links, ambiguous


def rewrite(triples, links):
    """The triples with linked IRIs replaced by ours, plus <ours> owl:sameAs <theirs>."""
    import pyoxigraph as ox

    to_ours = {link.theirs: ox.NamedNode(link.ours) for link in links}
    same_as = ox.NamedNode(OWL_SAME_AS)

    def swap(term):
        return to_ours.get(term.value, term) if isinstance(term, ox.NamedNode) else term

    out = [ox.Triple(swap(t.subject), t.predicate,
                     t.object if t.predicate == same_as else swap(t.object)) for t in triples]
    out += [ox.Triple(to_ours[link.theirs], same_as, ox.NamedNode(link.theirs)) for link in links]
    return list(dict.fromkeys(out))


def import_file(store, path, *, validate=True, fmt=None):
    """Parse, check, link and store one RDF file into its own graph; an ImportReport."""
    import pyoxigraph as ox

    path = os.fspath(path)
    data, triples = read_triples(path, fmt)
    if not triples:
        raise DataFileError(path, "holds no triples")
    graph_iri = IMPORT_GRAPH_NS + hashlib.sha256(data).hexdigest()[:16]
    report = ImportReport(path, graph_iri, 0)
    if validate:
        report.validated, report.warnings = _validate(path, triples)
    links, report.ambiguous = plan_links(triples, *our_actors(store, exclude_graph=graph_iri))
    final = rewrite(triples, links)
    store.replace_graph(graph_iri, ox.serialize(final, format=ox.RdfFormat.N_TRIPLES))
    report.links, report.triples = links, len(final)
    return report


def _validate(path, triples):
    """(True, warnings) if the triples conform to the shapes; DataFileError listing violations."""
    try:
        from graph.validate import validate_graph
    except ImportError:  # validation ships separately; without it, files are taken as they are
        return False, 0
    from exports.rdf import rdflib_graph

    result = validate_graph(rdflib_graph(triples))
    if not result.conforms:
        errors = [v for v in result.violations if v.severity == "Violation"]
        shown = "; ".join(f"{v.focus} {v.path}: {v.message}".replace("  ", " ")
                          for v in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise DataFileError(path, f"does not conform to the shapes: {len(errors)} "
                            f"violation(s): {shown}{more} (--no-validate to import anyway)")
    return True, len(result.violations)
