"""Check graphs against ontology/shapes.ttl with pySHACL and report readable violations.

Validation runs on the data merged with the ontology and the PLOVER scheme, with no inference:
their subclass triples let ``sh:targetClass ag:Event`` reach a ``ag:Meeting``, while RDFS
inference would invent the very types the domain/range checks look for, and costs more.
Measured on this 2-core machine: about 0.75 s per 1,000 data triples without inference,
1.5-1.9 times that with ``inference="rdfs"``, 0.3 s for a small article graph (merging the
ontology is most of it); a 14,000-triple store (registry plus two articles) took 17 s.
Validate an article or a file, not a large store on every build.
"""

import re
from dataclasses import dataclass, field

from graph.errors import DataFileError
from ontology import PREFIXES, SHAPES_NS

QUAD_FORMATS = {"trig", "nquads", "trix"}
_ONT = None  # ontology + PLOVER graph, built on first validation
_PREFIXES = {**PREFIXES, "ags": SHAPES_NS}


@dataclass(frozen=True)
class Violation:
    """One validation result, with nodes written as prefixed names where possible."""

    focus: str
    path: str
    message: str
    severity: str           # "Violation", "Warning" or "Info"
    shape: str
    value: str = ""


@dataclass
class ValidationReport:
    """Whether the graph conforms (warnings allowed) and every result pySHACL gave."""

    conforms: bool
    violations: list = field(default_factory=list)
    triples: int = 0

    @property
    def errors(self):
        return [v for v in self.violations if v.severity == "Violation"]


# --- reading RDF files ------------------------------------------------------------------------

def guess_format(path):
    """rdflib's format name for a file name, or None when the extension says nothing."""
    from rdflib.util import SUFFIX_FORMAT_MAP
    from rdflib.util import guess_format as rdflib_guess

    return rdflib_guess(str(path), {**SUFFIX_FORMAT_MAP, "jsonld": "json-ld", "json": "json-ld"})


def _oxigraph_position(data, fmt):
    """Line, column and message of the first syntax error according to Oxigraph, if it finds one."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
               "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}
    if fmt not in formats:
        return None
    try:
        for _ in ox.parse(data, format=formats[fmt]):
            pass
    except SyntaxError as exc:
        if exc.lineno:
            message = re.sub(r"^Parser error (at|between) line \S+ column \S+( and line \S+ column \S+)?: ",
                             "", exc.msg)
            return exc.lineno, exc.offset, message
    except (ValueError, OSError):
        return None
    return None


def _error_position(exc, data, fmt):
    """(line, column, message) of a parse error raised by rdflib, however the parser reports it.

    Oxigraph re-parses the data for the position (rdflib's Turtle parser miscounts lines inside
    long strings); rdflib's own wording is kept for Turtle, where it is the more telling one.
    """
    import json
    from xml.sax import SAXParseException

    from rdflib.plugins.parsers.notation3 import BadSyntax

    found = _oxigraph_position(data, fmt)
    if isinstance(exc, BadSyntax):
        why = re.search(r"Bad syntax \((.*?)\) at \^", str(exc), re.DOTALL)
        message = why.group(1) if why else "bad syntax"
        return (found[0], found[1], message) if found else (exc.lines + 1, None, message)
    if found:
        return found
    if isinstance(exc, SAXParseException):
        return exc.getLineNumber(), exc.getColumnNumber(), exc.getMessage()
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.colno, exc.msg
    return None, None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def read_graph(path, format=None):
    """Parse an RDF file into one rdflib Graph (quads are merged); raise DataFileError on errors."""
    from xml.sax import SAXException

    import rdflib
    from rdflib.exceptions import Error as RdflibError
    from rdflib.plugin import PluginException

    fmt = format or guess_format(path)
    if fmt is None:
        raise DataFileError(path, "cannot tell the RDF format from the file name; give --format")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror or exc}") from None
    if fmt in ("xml", "trix", "json-ld"):
        # rdflib fetches remote JSON-LD contexts and expands XML entity bombs until memory runs
        # out: entity declarations are refused, JSON-LD goes through Oxigraph, which fetches nothing
        from graph.imports import parse_triples, refuse_xml_entities

        if fmt == "json-ld":
            return graph_from_triples(parse_triples(path, data, "JSON_LD", path_iri(path)))
        refuse_xml_entities(path, data)
    target = rdflib.Dataset() if fmt in QUAD_FORMATS else rdflib.Graph()
    try:
        target.parse(data=data, format=fmt, publicID=path_iri(path))
    except PluginException:
        raise DataFileError(path, f"unknown RDF format {fmt!r}") from None
    except (SyntaxError, RdflibError, SAXException, ValueError, UnicodeDecodeError) as exc:
        line, column, message = _error_position(exc, data, fmt)
        raise DataFileError(path, message, line, column) from None
    if fmt in QUAD_FORMATS:
        merged = rdflib.Graph()
        for s, p, o, _ in target.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return target


def path_iri(path):
    """A base IRI for relative references in a file: its file: URL."""
    from pathlib import Path

    return Path(path).resolve().as_uri()


# --- validation -------------------------------------------------------------------------------

def _ontology_graph():
    """Ontology plus PLOVER scheme, the ont_graph pySHACL mixes into the data (cached)."""
    global _ONT
    if _ONT is None:
        from ontology.terms import load_ontology, load_plover

        _ONT = load_ontology() + load_plover()
    return _ONT


def _compact(node):
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return ""
    if isinstance(node, URIRef):
        return _compact_iri(str(node))
    if isinstance(node, Literal):
        if node.language:
            return f"{node.n3()}"
        if node.datatype is not None:
            return f'"{node}"^^{_compact_iri(str(node.datatype))}'
        return node.n3()
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _message(shapes, results, result, lang):
    """The result's message in the wanted language, else English, else any, IRIs compacted.

    pySHACL drops the language tag of messages it fills in (SPARQL constraints), so those are
    told apart by matching them against the language-tagged templates in the shapes graph.
    """
    from rdflib.namespace import SH

    messages = list(results.objects(result, SH.resultMessage))
    source = results.value(result, SH.sourceConstraint) or results.value(result, SH.sourceShape)
    templates = list(shapes.objects(source, SH.message)) if source is not None else []
    for want in (lang, "en"):
        for m in messages:
            if getattr(m, "language", None) == want:
                return _compact_text(str(m))
        for t in templates:
            if getattr(t, "language", None) != want:
                continue
            pattern = "".join(".*" if re.fullmatch(r"\{[?$]\w+\}", part) else re.escape(part)
                              for part in re.split(r"(\{[?$]\w+\})", str(t)))
            for m in messages:
                if re.fullmatch(pattern, str(m), re.DOTALL):
                    return _compact_text(str(m))
    return _compact_text(str(messages[0])) if messages else ""


def _compact_text(text):
    """Write the full IRIs pySHACL puts into messages as prefixed names."""
    return re.sub(r"(?<![<\w])(https?://[^\s<>\"]+)", lambda m: _compact_iri(m.group(1)), text)


def _compact_iri(iri):
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _shape_name(shapes, results, shape):
    """A readable name for a shape: its IRI, or its parent node shape and path for a blank one."""
    from rdflib import BNode
    from rdflib.namespace import SH

    if not isinstance(shape, BNode):
        return _compact(shape)
    parent = shapes.value(predicate=SH.property, object=shape) or shapes.value(
        predicate=SH.sparql, object=shape)
    path = shapes.value(shape, SH.path)
    if parent is not None:
        return _compact(parent) + (f" {_compact(path)}" if path is not None else "")
    return "anonymous shape"


def _merge(data_graph, ontology):
    """A new graph holding the data and the ontology triples (the data graph is left untouched)."""
    import rdflib

    mixed = rdflib.Graph()
    for triple in data_graph:
        mixed.add(triple)
    for triple in ontology:
        mixed.add(triple)
    return mixed


def validate_graph(data_graph, lang="en"):
    """Validate an rdflib Graph against the shapes; warnings do not break conformance."""
    import pyshacl
    from rdflib.namespace import SH

    from ontology.terms import load_shapes

    shapes = load_shapes()
    # pySHACL's own ont_graph mixing copies only OWL/RDFS axioms, not the PLOVER concepts that
    # sh:class skos:Concept needs, so the whole ontology is merged here into a working copy
    mixed = _merge(data_graph, _ontology_graph())
    _, results, _ = pyshacl.validate(
        mixed, shacl_graph=shapes, inference="none", inplace=True,
        allow_warnings=True, abort_on_first=False, meta_shacl=False, advanced=False)
    found = []
    # top-level results only: pySHACL also types the nested sh:detail results of sh:node
    for result in results.objects(predicate=SH.result):
        severity = results.value(result, SH.resultSeverity)
        focus, value = results.value(result, SH.focusNode), results.value(result, SH.value)
        found.append(Violation(
            focus=_compact(focus),
            path=_compact(results.value(result, SH.resultPath)),
            message=_message(shapes, results, result, lang),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            shape=_shape_name(shapes, results, results.value(result, SH.sourceShape)),
            value=_compact(value) if value != focus else ""))
    found.sort(key=lambda v: (v.severity != "Violation", v.shape, v.message, v.focus, v.value))
    conforms = not any(v.severity == "Violation" for v in found)
    return ValidationReport(conforms=conforms, violations=found, triples=len(data_graph))


def validate_file(path, format=None, lang="en"):
    """Parse and validate one RDF file."""
    return validate_graph(read_graph(path, format), lang=lang)


def graph_from_triples(triples):
    """An rdflib Graph from pyoxigraph triples (e.g. the result of a CONSTRUCT on the store)."""
    import pyoxigraph as ox
    import rdflib
    from rdflib.namespace import XSD

    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return rdflib.Literal(t.value, lang=t.language)
            datatype = t.datatype.value
            return rdflib.Literal(t.value, datatype=None if datatype == str(XSD.string) else datatype)
        raise TypeError(f"unsupported RDF term {t!r}")

    g = rdflib.Graph()
    for t in triples:
        g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g


def validate_store(store, lang="en"):
    """Validate the union of all graphs in an open store."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    return validate_graph(graph_from_triples(triples), lang=lang)


def format_report(report, source=""):
    """Plain-text report: results grouped by shape and message, each with its focus nodes."""
    if not report.violations:
        return f"{source + ': ' if source else ''}conforms ({report.triples} triples)"
    groups = {}
    for v in report.violations:
        groups.setdefault((v.severity, v.shape, v.message), []).append(v)
    lines = []
    errors = len(report.errors)
    warnings = len(report.violations) - errors
    head = f"{source}: " if source else ""
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{head}{verdict}: {errors} violation(s), {warnings} warning(s) "
                 f"in {report.triples} triples")
    for (severity, shape, message), items in groups.items():
        lines.append("")
        lines.append(f"[{severity}] {message}  ({shape}, {len(items)})")
        for v in items:
            where = v.focus + (f" {v.path}" if v.path else "")
            lines.append(f"  {where}" + (f" -> {v.value}" if v.value else ""))
    return "\n".join(lines)
