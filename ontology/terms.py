"""The ontology's terms for code: a closed namespace and the table of binary relations.

Everything here is read from ``actorgraph.ttl`` (and ``plover.ttl``) on first use and cached,
so the Turtle file stays the one list of terms::

    from actorgraph.ontology.terms import AG, PLOVER, STATUS, RELATIONS

    AG.Person                  # URIRef; AG.Persn raises AttributeError (closed namespace)
    AG["metWith"]              # same by name; an unknown name raises KeyError
    PLOVER.CONSULT             # a concept of the PLOVER scheme (closed as well)
    STATUS["Occurred"]         # URIRef of a status individual
    EVENT_STATUSES             # ("Occurred", "Planned", ...) in ontology order
    ROLE_STATUSES              # ("Current", "Former")
    rel = RELATIONS["metWith"] # Relation(name, iri, group, symmetric, domain, range, ...)
    rel.symmetric, rel.domain, rel.range, rel.label["id"], rel.event_class, rel.plover
    rel.allows("Person", "State")   # do these base classes fit the domain and range?
    ROLE_RELATIONS, INTERACTIONS     # names of the two groups, in ontology order
    SUPERCLASSES["GovernmentBody"]   # {"GovernmentBody", "Organisation", "Actor"}

``load_ontology()``, ``load_plover()`` and ``load_shapes()`` return the parsed rdflib graphs
(cached: do not modify them). A malformed file raises ``DataFileError`` naming file and line.
"""

from dataclasses import dataclass, field

from actorgraph.ontology import AG_NS, PLOVER_NS, data_path

_FILES = {"ontology": "actorgraph.ttl", "plover": "plover.ttl", "shapes": "shapes.ttl"}
_graphs = {}
_table = None


@dataclass(frozen=True)
class Relation:
    """One binary relation (a shortcut edge) as the ontology declares it."""

    name: str
    iri: str                        # plain IRI strings, usable with rdflib and pyoxigraph
    group: str                      # "role" or "interaction"
    symmetric: bool
    domain: tuple                   # class local names, e.g. ("Person",)
    range: tuple                    # e.g. ("State", "Organisation")
    label: dict = field(hash=False)         # {"en": ..., "id": ...}
    comment: dict = field(hash=False)
    event_class: str = None         # "Meeting" for metWith; None for roles
    plover: str = None              # IRI of the usual PLOVER concept

    def allows(self, subject_class, object_class):
        """Whether a subject and an object of these classes (local names) fit domain and range."""
        sup = _tables()["SUPERCLASSES"]
        return (bool(sup.get(subject_class, {subject_class}) & set(self.domain))
                and bool(sup.get(object_class, {object_class}) & set(self.range)))


def _read(name):
    """Parse one of the shipped Turtle files once; errors name the file and line."""
    if name not in _graphs:
        from actorgraph.graph.store.rdffiles import read_graph

        _graphs[name] = read_graph(str(data_path(_FILES[name])), format="turtle")
    return _graphs[name]


def load_ontology():
    """The parsed actorgraph.ttl (cached)."""
    return _read("ontology")


def load_plover():
    """The parsed PLOVER concept scheme (cached)."""
    return _read("plover")


def load_shapes():
    """The parsed SHACL shapes (cached)."""
    return _read("shapes")


def _local(iri, ns=AG_NS):
    return str(iri)[len(ns):] if str(iri).startswith(ns) else None


def _texts(g, subject, predicate):
    from rdflib import Literal

    return {o.language: str(o) for o in g.objects(subject, predicate)
            if isinstance(o, Literal) and o.language}


def _classes(g, node):
    """Local names of a named class or of the members of an owl:unionOf."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    if isinstance(node, BNode):
        members = g.value(node, OWL.unionOf)
        return tuple(_local(m) for m in Collection(g, members)) if members is not None else ()
    return (_local(node),)


def _inherited(g, prop, predicate, seen=()):
    """The value of rdfs:domain / rdfs:range on a property or its nearest super-property."""
    from rdflib.namespace import RDFS

    value = g.value(prop, predicate)
    if value is not None:
        return _classes(g, value)
    for parent in g.objects(prop, RDFS.subPropertyOf):
        if parent not in seen and _local(parent):
            found = _inherited(g, parent, predicate, seen + (prop,))
            if found:
                return found
    return ()


def _build():
    """Read the term table from the ontology graph, once."""
    from rdflib import URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS, ClosedNamespace

    g, p = load_ontology(), load_plover()
    ag = URIRef(AG_NS)
    names = sorted({_local(s) for s in g.subjects() if _local(s)})
    plover_names = sorted({s[len(PLOVER_NS):] for s in p.subjects() if str(s).startswith(PLOVER_NS)})

    superclasses = {}
    for name in names:
        if (ag + name, RDF.type, OWL.Class) in g:
            superclasses[name] = {_local(c) for c in g.transitive_objects(ag + name, RDFS.subClassOf)
                                  if _local(c)}

    def ordered(cls):
        one_of = g.value(g.value(ag + cls, OWL.equivalentClass), OWL.oneOf)
        return tuple(_local(m) for m in Collection(g, one_of))

    def members(group):
        return [n for n in names if (ag + n, RDFS.subPropertyOf, ag + group) in g]

    # rdflib loses the order of the file; keep it (it is the documented order) by position
    text = data_path(_FILES["ontology"]).read_text(encoding="utf-8")

    def position(name):
        return text.find(f"\nag:{name} a ")

    relations = {}
    for group, parent in (("role", "roleRelation"), ("interaction", "interaction")):
        for name in sorted(members(parent), key=position):
            iri = ag + name
            event_class = g.value(iri, ag + "eventClass")
            plover = g.value(iri, ag + "ploverType")
            relations[name] = Relation(
                name=name, iri=str(iri), group=group,
                symmetric=(iri, RDF.type, OWL.SymmetricProperty) in g,
                domain=_inherited(g, iri, RDFS.domain), range=_inherited(g, iri, RDFS.range),
                label=_texts(g, iri, RDFS.label), comment=_texts(g, iri, RDFS.comment),
                event_class=_local(event_class) if event_class is not None else None,
                plover=str(plover) if plover is not None else None)

    event_statuses, role_statuses = ordered("EventStatus"), ordered("RoleStatus")
    return {
        "AG": ClosedNamespace(AG_NS, names),
        "PLOVER": ClosedNamespace(PLOVER_NS, plover_names),
        "STATUS": {n: ag + n for n in event_statuses + role_statuses},
        "EVENT_STATUSES": event_statuses,
        "ROLE_STATUSES": role_statuses,
        "RELATIONS": relations,
        "ROLE_RELATIONS": tuple(n for n, r in relations.items() if r.group == "role"),
        "INTERACTIONS": tuple(n for n, r in relations.items() if r.group == "interaction"),
        "SUPERCLASSES": {n: frozenset(s) for n, s in superclasses.items()},
    }


def _tables():
    global _table
    if _table is None:
        _table = _build()
    return _table


def __getattr__(name):
    """Build the tables on first access to any of them (PEP 562), so importing is free."""
    try:
        return _tables()[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
