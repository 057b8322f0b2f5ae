"""The actors graph: each actor described once, not once per article that mentions it.

An article graph says ``<article> ag:mentions <actor>`` and keeps the words it used for the actor
as evidence (an ``ag:Mention`` with ``ag:surfaceForm`` and, for an actor the registry does not
know, ``ag:name``). The description itself (types, labels, aliases, sameAs) is written once into
the actors graph, less what the registry graph already says. Oxigraph 0.5 walks a triple once per
graph holding it (oxigraph#1919), so a label repeated in ten thousand article graphs made every
query through a popular actor ten thousand times slower; it also made every write ~40% bigger.

The actors graph stays exact: writes add to it in the same transaction as the article graphs,
and replacing or removing an article prunes, in that same transaction, what no remaining graph
backs (an actor nobody mentions, an alias no mention used). Exports and ``eval`` put the
description back next to the articles they cover (``actor_quads``), so each stays self-contained.
"""

from actorgraph.ontology import ACTORS_GRAPH, AG_NS, PREFIXES, REGISTRY_GRAPH

MENTIONS = AG_NS + "mentions"
MENTION_OF = AG_NS + "mentionOf"
SURFACE_FORM = AG_NS + "surfaceForm"
NAME = AG_NS + "name"
RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
ALT = PREFIXES["skos"] + "altLabel"
SAME = PREFIXES["owl"] + "sameAs"
STATIC = (RDF_TYPE, LABEL, ALT, SAME)  # what the actors or registry graph says of an actor


def iri_chunks(iris, size=500):
    """The IRIs, sorted, as the bodies of VALUES blocks of at most ``size`` ("<a> <b> …"): one
    query or update per block keeps each request small whatever the number of IRIs."""
    iris = sorted(iris)
    for start in range(0, len(iris), size):
        yield " ".join(f"<{x}>" for x in iris[start:start + size])


def mentioned_by(store, graph_iris):
    """The actors (and places) the given graphs mention."""
    found = set()
    for values in iri_chunks(graph_iris):
        rows = store.query(f"SELECT DISTINCT ?x WHERE {{ VALUES ?g {{ {values} }} "
                           f"GRAPH ?g {{ ?g <{MENTIONS}> ?x }} }}")
        found.update(row["x"].value for row in rows)
    return found


def prune_update(actor_iris):
    """SPARQL UPDATE operations dropping from the actors graph what no graph backs any more: every
    statement about an actor no graph mentions, and aliases and names no mention used. Run after
    the write that may have orphaned them, in the same request (one transaction)."""
    ops = []
    a = f"<{ACTORS_GRAPH}>"
    for chunk in iri_chunks(actor_iris):
        values = f"VALUES ?x {{ {chunk} }}"
        ops.append(f"DELETE {{ GRAPH {a} {{ ?x ?p ?o }} }} WHERE {{ {values} GRAPH {a} {{ ?x ?p ?o }} "
                   f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?article <{MENTIONS}> ?x }} }} }}")
        for kept, backing in ((ALT, SURFACE_FORM), (LABEL, NAME)):
            ops.append(f"DELETE {{ GRAPH {a} {{ ?x <{kept}> ?f }} }} WHERE {{ {values} "
                       f"GRAPH {a} {{ ?x <{kept}> ?f }} FILTER NOT EXISTS {{ GRAPH ?g {{ "
                       f"?m <{MENTION_OF}> ?x ; <{backing}> ?f }} }} }}")
    return " ;\n".join(ops)


def actor_quads(store, quads):
    """The quads describing the actors that ``quads`` (some article graphs) mention: types, sameAs,
    and the registry's labels and aliases, from the actors and registry graphs; and the names and
    other words those articles' mentions used. An export of some articles reads on its own."""
    import pyoxigraph as ox

    actors, forms = set(), []
    mention_of = {}
    for q in quads:
        p = q.predicate.value
        if p == MENTIONS:
            actors.add(q.object.value)
        elif p == MENTION_OF:
            mention_of[q.subject] = q.object
        elif p in (SURFACE_FORM, NAME):
            forms.append(q)
    graph = ox.NamedNode(ACTORS_GRAPH)
    found = []
    for q in forms:
        actor = mention_of.get(q.subject)
        if actor is not None:
            found.append(ox.Quad(actor, ox.NamedNode(ALT if q.predicate.value == SURFACE_FORM
                                                     else LABEL), q.object, graph))
    static = " ".join(f"<{p}>" for p in STATIC)
    for values in iri_chunks(actors):
        rows = store.query(
            f"SELECT ?x ?p ?o ?g WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {static} }} "
            f"VALUES ?g {{ <{ACTORS_GRAPH}> <{REGISTRY_GRAPH}> }} GRAPH ?g {{ ?x ?p ?o }} "
            f"FILTER(?g = <{REGISTRY_GRAPH}> || (?p != <{LABEL}> && ?p != <{ALT}>)) }}")
        found.extend(ox.Quad(row["x"], row["p"], row["o"], row["g"]) for row in rows)
    return list(dict.fromkeys(found))


def drop_registered(store):
    """After the registry graph changed: what it now says goes from the actors graph (said once)."""
    a, r = f"<{ACTORS_GRAPH}>", f"<{REGISTRY_GRAPH}>"
    if ACTORS_GRAPH in store.graph_iris():
        store.update(f"DELETE {{ GRAPH {a} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {a} {{ ?s ?p ?o }} "
                     f"GRAPH {r} {{ ?s ?p ?o }} }}")
