"""A self-contained HTML page documenting the ontology, generated from the Turtle files.

Classes, relations (with domain, range, symmetry, event class and PLOVER type), the other
properties, statuses and the PLOVER scheme, each in English and Indonesian. Every text from the
files is HTML-escaped; styles are inline and there are no scripts, so the page works offline.
"""

from html import escape

from actorgraph.ontology import AG_NS, ONTOLOGY_IRI, PLOVER_NS, PREFIXES

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 80rem; padding: 1rem 2rem;
       color: #1d232a; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #d0d7de; padding-bottom: .2rem;
       margin-top: 2.2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #f3f5f7; }
code { font-family: ui-monospace, monospace; font-size: 90%; background: #f3f5f7; padding: 0 .2em; }
.id { color: #57606a; font-style: italic; }
.meta { color: #57606a; } .dep { text-decoration: line-through; color: #8c959f; }
.sym { font-weight: bold; color: #0a6b2f; }
nav a { margin-right: 1rem; }
td.term { white-space: nowrap; }
td.text { min-width: 24rem; }
"""


def _compact(iri):
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _term(iri):
    """A term as code, linked to its row when it is one of ours."""
    text = str(iri)
    label = escape(_compact(text))
    if text.startswith(AG_NS):
        return f'<a href="#{escape(text[len(AG_NS):])}"><code>{label}</code></a>'
    if text.startswith(PLOVER_NS):
        return f'<a href="#plover-{escape(text[len(PLOVER_NS):])}"><code>{label}</code></a>'
    return f"<code>{label}</code>"


def _texts(g, node, predicate):
    """English and Indonesian text of a node, as two escaped HTML fragments."""
    from rdflib import Literal

    found = {o.language: str(o) for o in g.objects(node, predicate)
             if isinstance(o, Literal) and o.language in ("en", "id")}
    return escape(found.get("en", "")), escape(found.get("id", ""))


def _bilingual(g, node, predicate):
    en, id_ = _texts(g, node, predicate)
    return f'{en}<br><span class="id" lang="id">{id_}</span>'


def _classes_of(g, node):
    """A named class or the members of an owl:unionOf, as HTML."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    if node is None:
        return ""
    if isinstance(node, BNode):
        members = g.value(node, OWL.unionOf)
        if members is None:
            return ""
        return " or ".join(_term(m) for m in Collection(g, members))
    return _term(node)


def _table(head, rows):
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _ours(g, kind):
    from rdflib.namespace import RDF

    return sorted((s for s in g.subjects(RDF.type, kind) if str(s).startswith(AG_NS)),
                  key=lambda s: str(s).lower())


def _class_rows(g):
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDFS, SKOS

    plover_type = URIRef(AG_NS + "ploverType")
    rows = []
    for cls in _ours(g, OWL.Class):
        name = str(cls)[len(AG_NS):]
        parents = ", ".join(_term(p) for p in sorted(g.objects(cls, RDFS.subClassOf), key=str))
        close = ", ".join(_term(p) for p in sorted(set(g.objects(cls, SKOS.closeMatch))
                                                      | set(g.objects(cls, RDFS.seeAlso)), key=str))
        plover = ", ".join(_term(p) for p in g.objects(cls, plover_type))
        rows.append([f'<td class="term" id="{escape(name)}">{_term(cls)}</td>',
                     f"<td>{_bilingual(g, cls, RDFS.label)}</td>",
                     f"<td class=\"text\">{_bilingual(g, cls, RDFS.comment)}</td>",
                     f"<td>{parents}</td>", f"<td>{close}</td>", f"<td>{plover}</td>"])
    return rows


def _relation_rows(g):
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    from actorgraph.ontology.terms import RELATIONS

    rows = []
    for rel in RELATIONS.values():
        iri = URIRef(rel.iri)
        sym = '<span class="sym">symmetric</span>' if rel.symmetric else "directed"
        domain = " or ".join(_term(AG_NS + c) for c in rel.domain)
        range_ = " or ".join(_term(AG_NS + c) for c in rel.range)
        event = _term(AG_NS + rel.event_class) if rel.event_class else ""
        plover = _term(rel.plover) if rel.plover else ""
        rows.append([f'<td class="term" id="{escape(rel.name)}">{_term(iri)}</td>',
                     f"<td>{escape(rel.group)}<br>{sym}</td>",
                     f"<td>{domain} &rarr; {range_}</td>",
                     f"<td>{_bilingual(g, iri, RDFS.label)}</td>",
                     f"<td class=\"text\">{_bilingual(g, iri, RDFS.comment)}</td>",
                     f"<td>{event}</td>", f"<td>{plover}</td>"])
    return rows


def _property_rows(g):
    from rdflib.namespace import OWL, RDFS

    from actorgraph.ontology.terms import RELATIONS

    rows = []
    kinds = ((OWL.ObjectProperty, "object"), (OWL.DatatypeProperty, "datatype"),
             (OWL.AnnotationProperty, "annotation"))
    for kind, kind_name in kinds:
        for prop in _ours(g, kind):
            name = str(prop)[len(AG_NS):]
            if name in RELATIONS:
                continue
            parents = ", ".join(_term(p) for p in sorted(g.objects(prop, RDFS.subPropertyOf), key=str))
            rows.append([f'<td class="term" id="{escape(name)}">{_term(prop)}</td>',
                         f"<td>{kind_name}</td>",
                         f"<td>{_classes_of(g, g.value(prop, RDFS.domain))}</td>",
                         f"<td>{_classes_of(g, g.value(prop, RDFS.range))}</td>",
                         f"<td>{parents}</td>",
                         f"<td>{_bilingual(g, prop, RDFS.label)}</td>",
                         f"<td class=\"text\">{_bilingual(g, prop, RDFS.comment)}</td>"])
    return rows


def _status_rows(g):
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    from actorgraph.ontology.terms import EVENT_STATUSES, ROLE_STATUSES

    rows = []
    for group, names in (("event", EVENT_STATUSES), ("role", ROLE_STATUSES)):
        for name in names:
            iri = URIRef(AG_NS + name)
            rows.append([f'<td class="term" id="{escape(name)}">{_term(iri)}</td>',
                         f"<td>{group}</td>",
                         f"<td>{_bilingual(g, iri, RDFS.label)}</td>",
                         f"<td class=\"text\">{_bilingual(g, iri, RDFS.comment)}</td>"])
    return rows


def _plover_rows(g, p):
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, RDF, SKOS

    used_by = {}
    for s, o in g.subject_objects(URIRef(AG_NS + "ploverType")):
        used_by.setdefault(o, []).append(s)
    scheme = URIRef(PLOVER_NS.rstrip("#"))
    top = list(p.objects(scheme, SKOS.hasTopConcept))
    order = []
    cameo_type = URIRef(PLOVER_NS + "CAMEOCode")

    def first_cameo(concept):
        return min((str(n) for n in p.objects(concept, SKOS.notation) if n.datatype == cameo_type),
                   default="99")

    for concept in sorted(top, key=first_cameo):
        order.append(concept)
        order.extend(sorted(p.subjects(SKOS.broader, concept), key=str))
    order.extend(sorted((c for c in p.subjects(RDF.type, SKOS.Concept) if c not in order), key=str))
    rows = []
    for concept in order:
        name = str(concept)[len(PLOVER_NS):]
        deprecated = (concept, OWL.deprecated, Literal(True)) in p
        cameo = ", ".join(escape(str(n)) for n in sorted(p.objects(concept, SKOS.notation), key=str)
                          if n.datatype == cameo_type)
        broader = p.value(concept, SKOS.broader)
        note = f"narrower than {_term(broader)}" if broader is not None else ""
        if deprecated:
            replaced = p.value(concept, URIRef("http://purl.org/dc/terms/isReplacedBy"))
            note = f"deprecated; use {_term(replaced)}" if replaced is not None else "deprecated"
        users = ", ".join(_term(u) for u in sorted(used_by.get(concept, []), key=str))
        css = ' class="term dep"' if deprecated else ' class="term"'
        rows.append([f'<td{css} id="plover-{escape(name)}"><code>{escape("plover:" + name)}</code></td>',
                     f"<td>{cameo}</td>",
                     f"<td>{_bilingual(p, concept, SKOS.prefLabel)}</td>",
                     f"<td class=\"text\">{_bilingual(p, concept, SKOS.definition)}</td>",
                     f"<td>{note}</td>", f"<td>{users}</td>"])
    return rows


def render_html():
    """The documentation page as one HTML string."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, OWL, RDFS

    from actorgraph.ontology.terms import load_ontology, load_plover

    g, p = load_ontology(), load_plover()
    onto = URIRef(ONTOLOGY_IRI)
    version = escape(str(g.value(onto, OWL.versionInfo) or ""))
    title_en, title_id = _texts(g, onto, DCTERMS.title)
    prefixes = _table(["prefix", "namespace"],
                      [[f"<td><code>{escape(k)}:</code></td>", f"<td><code>{escape(v)}</code></td>"]
                       for k, v in PREFIXES.items()])
    sections = [
        ("classes", "Classes", "Kelas",
         _table(["term", "label", "comment", "subclass of", "close to", "PLOVER type"], _class_rows(g))),
        ("relations", "Binary relations", "Relasi biner",
         _table(["term", "group", "domain → range", "label", "comment", "event class", "PLOVER type"],
                _relation_rows(g))),
        ("properties", "Other properties", "Properti lain",
         _table(["term", "kind", "domain", "range", "sub-property of", "label", "comment"],
                _property_rows(g))),
        ("statuses", "Statuses", "Status",
         _table(["term", "applies to", "label", "comment"], _status_rows(g))),
        ("plover", "PLOVER event types", "Jenis peristiwa PLOVER",
         _table(["concept", "CAMEO", "label", "definition", "note", "used by"], _plover_rows(g, p))),
        ("prefixes", "Prefixes", "Prefiks", prefixes),
    ]
    nav = "".join(f'<a href="#sec-{key}">{escape(en)}</a>' for key, en, _, _ in sections)
    body = "".join(f'<h2 id="sec-{key}">{escape(en)} <span class="id" lang="id">/ {escape(id_)}</span>'
                   f"</h2>{table}" for key, en, id_, table in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title_en} {version}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{title_en} <span class="id" lang="id">/ {title_id}</span></h1>
<p class="meta"><code>{escape(ONTOLOGY_IRI)}</code> &middot; version {version} &middot;
prefix <code>ag:</code> = <code>{escape(AG_NS)}</code></p>
<p>{_bilingual(g, onto, RDFS.comment)}</p>
<nav>{nav}</nav>
{body}
</body>
</html>
"""
