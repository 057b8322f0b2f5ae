"""Import other people's RDF files, each into its own named graph ``id/graph/import/<16 hex>``.

Files are parsed by Oxigraph, which never reaches out: no remote JSON-LD context is fetched and
RDF/XML external entities are refused. A malformed file is refused whole, with line and column,
before anything is stored. The graph is checked against the SHACL shapes (``graph.store.validate``)
unless told not to.

Linking: an imported actor that carries the same Wikidata IRI (owl:sameAs, or the Wikidata IRI
itself) as one of ours, or failing that exactly one of our rdfs:labels (any language), is
rewritten to our IRI, and ``<ours> owl:sameAs <theirs>`` records the original. Rewriting (rather
than only adding owl:sameAs) lets every query and named query see imported facts on our actors
without following owl:sameAs; the links live in the import graph, so removing the import undoes
them. The graph IRI is a hash of the file's content: importing the same file again replaces it.

Big files stream: the file is parsed afresh on each pass (count and check, link, write) instead of
being held in memory, and a file of more than ``CHUNK_TRIPLES`` triples is written one
transaction per chunk. The first chunk carries ``<graph> rdfs:comment "actorgraph: import in
progress"`` and the last transaction deletes it: a graph that still has it is what a killed
import left, and ``drop_incomplete_imports`` removes it. The embedded store does so whenever it
is opened for writing (it is then the only writer); on a shared SPARQL endpoint another client
may be importing, so there only a rerun of the same file replaces it. Smaller files are written
in one transaction, as before. Measured on 2 cores (--no-validate): 200,000 / 1,000,000 /
2,000,000 N-Triples in 5 / 27 / 53 s, peak RSS 280 / 292 / 299 MB (in one transaction:
2.9 GB and 82 s for 2,000,000). Such files are too big for pySHACL (about 1 s per
1,000 triples): above ``VALIDATE_MAX_TRIPLES`` the import asks for --no-validate.
"""

import os
from dataclasses import dataclass, field

from actorgraph.ontology import AG_NS, ID_NS, WD_NS
from actorgraph.graph.errors import DataFileError
from actorgraph.graph.store.rdffiles import FileTriples, format_name

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel")
BASE_CLASSES = tuple(AG_NS + name for name in ("Person", "State", "Organisation", "Place"))
IMPORT_GRAPH_NS = ID_NS + "graph/import/"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
IN_PROGRESS = "actorgraph: import in progress"
CHUNK_TRIPLES = 100_000        # more than this: written in chunks, one transaction each
VALIDATE_MAX_TRIPLES = 100_000  # pySHACL needs minutes beyond this


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
    """(links, ambiguous): which of the file's actors become which of ours.

    ``triples`` is iterated twice (a list or a FileTriples); only the Wikidata IRIs and labels
    we know are kept, so memory grows with the matches, not with the file. The evidence of a
    link is what matched.
    """
    import pyoxigraph as ox

    wikidata, labels = {}, {}
    for t in triples:
        if not isinstance(t.subject, ox.NamedNode) or t.subject.value.startswith(ID_NS):
            continue
        theirs = t.subject.value
        if theirs in by_wikidata:
            wikidata.setdefault(theirs, {})[theirs] = None
        if t.predicate.value == OWL_SAME_AS and isinstance(t.object, ox.NamedNode) \
                and t.object.value in by_wikidata:
            wikidata.setdefault(theirs, {})[t.object.value] = None
        elif t.predicate.value in LABELS and isinstance(t.object, ox.Literal) \
                and t.object.value in by_label:
            labels.setdefault(theirs, set()).add(t.object.value)
    found_by = {}
    for theirs, named in wikidata.items():
        found = set().union(*(by_wikidata[w] for w in named))
        found_by[theirs] = (found, "wikidata", ", ".join(sorted(named)))
    wanted = set(labels) - set(found_by)
    kinds = {}
    if wanted:
        for t in triples:
            if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode) \
                    and t.subject.value in wanted and isinstance(t.object, ox.NamedNode) \
                    and t.object.value in BASE_CLASSES:
                kinds.setdefault(t.subject.value, set()).add(t.object.value)
    for theirs in wanted:
        own = kinds.get(theirs, set())
        names = sorted(labels[theirs])
        found = {iri for label in names for iri, cls in by_label[label] if not own or cls in own}
        found_by[theirs] = (found, "label", ", ".join(names))
    links, ambiguous = [], []
    for theirs, (found, how, evidence) in sorted(found_by.items()):
        if len(found) == 1:
            links.append(Link(theirs, next(iter(found)), how, evidence))
        elif found:
            ambiguous.append((theirs, sorted(found)))
    return links, ambiguous


def rewritten(triples, links):
    """The triples with linked IRIs replaced by ours, then <ours> owl:sameAs <theirs>: a stream."""
    import pyoxigraph as ox

    to_ours = {link.theirs: ox.NamedNode(link.ours) for link in links}
    same_as = ox.NamedNode(OWL_SAME_AS)

    def swap(term):
        return to_ours.get(term.value, term) if isinstance(term, ox.NamedNode) else term

    for t in triples:
        yield ox.Triple(swap(t.subject), t.predicate,
                        t.object if t.predicate == same_as else swap(t.object))
    for link in links:
        yield ox.Triple(to_ours[link.theirs], same_as, ox.NamedNode(link.theirs))


def rewrite(triples, links):
    """rewritten() as a list without repeats."""
    return list(dict.fromkeys(rewritten(triples, links)))


def import_file(store, path, *, validate=True, fmt=None):
    """Parse, check, link and store one RDF file into its own graph; an ImportReport.

    The whole file is parsed (and so checked) before anything is written.
    """
    import pyoxigraph as ox

    path = os.fspath(path)
    if os.path.exists(path) and not os.path.isfile(path):
        raise DataFileError(path, "not a regular file: it is read several times (save it first)")
    triples = FileTriples(path, format_name(path, fmt))
    digest = triples.digest()
    count = sum(1 for _ in triples)
    if not count:
        raise DataFileError(path, "holds no triples")
    graph_iri = IMPORT_GRAPH_NS + digest[:16]
    report = ImportReport(path, graph_iri, 0)
    big = count > CHUNK_TRIPLES
    if not big:
        triples = list(dict.fromkeys(triples))
    if validate:
        if count > VALIDATE_MAX_TRIPLES:
            raise DataFileError(path, f"{count:,} triples are more than the "
                                f"{VALIDATE_MAX_TRIPLES:,} that can be checked against the shapes "
                                "in reasonable time: check a sample with `actorgraph validate`, "
                                "then import with --no-validate")
        report.validated, report.warnings = _validate(path, triples)
    links, report.ambiguous = plan_links(triples, *our_actors(store, exclude_graph=graph_iri))
    if big:
        report.triples = _write_in_chunks(store, graph_iri, rewritten(triples, links))
    else:
        final = rewrite(triples, links)
        store.replace_graph(graph_iri, ox.serialize(final, format=ox.RdfFormat.N_TRIPLES))
        report.triples = len(final)
    report.links = links
    return report


def _write_in_chunks(store, graph_iri, triples):
    """One transaction per CHUNK_TRIPLES, marked in progress until the last; the distinct count."""
    import pyoxigraph as ox

    marker = f"<{graph_iri}> <{RDFS_COMMENT}> {ox.Literal(IN_PROGRESS)}"
    store.remove_graph(graph_iri)
    batch = [ox.Triple(ox.NamedNode(graph_iri), ox.NamedNode(RDFS_COMMENT), ox.Literal(IN_PROGRESS))]
    for triple in triples:
        batch.append(triple)
        if len(batch) >= CHUNK_TRIPLES:
            store.extend_graph(graph_iri, batch)
            batch = []
    store.extend_graph(graph_iri, batch)
    store.update(f"DELETE DATA {{ GRAPH <{graph_iri}> {{ {marker} }} }}")
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))["n"].value)


def drop_incomplete_imports(store):
    """Remove the import graphs a killed import left still marked in progress."""
    import pyoxigraph as ox

    dropped = []
    for iri in store.graph_iris():
        if iri.startswith(IMPORT_GRAPH_NS) and bool(store.query(
                f"ASK {{ GRAPH <{iri}> {{ <{iri}> <{RDFS_COMMENT}> {ox.Literal(IN_PROGRESS)} }} }}")):
            store.remove_graph(iri)
            dropped.append(iri)
    return dropped


def _validate(path, triples):
    """(True, warnings) if the triples conform to the shapes; DataFileError listing violations."""
    try:
        from actorgraph.graph.store.validate import validate_graph
    except ImportError:  # validation ships separately; without it, files are taken as they are
        return False, 0
    from actorgraph.graph.store.serialize import rdflib_graph

    result = validate_graph(rdflib_graph(triples))
    if not result.conforms:
        errors = [v for v in result.violations if v.severity == "Violation"]
        shown = "; ".join(f"{v.focus} {v.path}: {v.message}".replace("  ", " ")
                          for v in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise DataFileError(path, f"does not conform to the shapes: {len(errors)} "
                            f"violation(s): {shown}{more} (--no-validate to import anyway)")
    return True, len(result.violations)
