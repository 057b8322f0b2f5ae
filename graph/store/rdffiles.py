"""Reading RDF files safely: formats from file names, parse errors with file and line, and
nothing fetched from the network (no JSON-LD context, no XML entity)."""

import hashlib
import os
import re

from actorgraph.graph.errors import DataFileError


READ_BYTES = 1 << 20


# file suffix -> pyoxigraph RdfFormat name
SUFFIX_FORMATS = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS", ".nquads": "N_QUADS", ".trig": "TRIG", ".n3": "N3",
    ".rdf": "RDF_XML", ".xml": "RDF_XML", ".owl": "RDF_XML",
    ".jsonld": "JSON_LD", ".json-ld": "JSON_LD", ".json": "JSON_LD",
}


def format_name(path, fmt=None):
    """The pyoxigraph RdfFormat name for a file: fmt, else from its suffix; DataFileError if unknown."""
    name = fmt or SUFFIX_FORMATS.get(os.path.splitext(os.fspath(path))[1].lower())
    if name is None:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise DataFileError(path, f"cannot tell the RDF format from the file name (known: {known})")
    return name


def read_triples(path, fmt=None):
    """The bytes and distinct pyoxigraph Triples of an RDF file (quads flattened); DataFileError if bad."""
    path = os.fspath(path)
    name = format_name(path, fmt)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror or exc}") from None
    return data, parse_triples(path, data, name)


def parse_triples(path, data, name, base_iri=None):
    """Distinct Triples of RDF bytes, parsed by Oxigraph, which never reaches out: no remote
    JSON-LD context is fetched, no XML external entity read, and entity declarations are refused.
    rdflib's parsers do fetch remote contexts, so validation and the registry come here too."""
    import pyoxigraph as ox

    if name == "RDF_XML":
        refuse_xml_entities(path, data)
    try:
        quads = ox.parse(data, format=getattr(ox.RdfFormat, name),
                         base_iri=base_iri or _file_iri(path))
        return list(dict.fromkeys(q.triple for q in quads))
    except SyntaxError as exc:
        raise _syntax_error(path, exc) from None
    except ValueError as exc:
        raise DataFileError(path, str(exc)) from None


def refuse_xml_entities(path, data, offset_line=0):
    """Oxigraph does not fetch external entities, but refusing all entity declarations also rules
    out expansion bombs (billion laughs): RDF data has no need for them."""
    if b"<!ENTITY" in data:
        raise DataFileError(path, "XML entity declarations (<!ENTITY …>) are not accepted",
                            line=offset_line + _line_of(data, b"<!ENTITY"))


def _syntax_error(path, exc):
    return DataFileError(path, _parser_message(exc), line=getattr(exc, "lineno", None),
                         column=getattr(exc, "offset", None))


class FileTriples:
    """The Triples of an RDF file, parsed afresh on each iteration: memory stays flat."""

    def __init__(self, path, name):
        self.path, self.name = os.fspath(path), name

    def __iter__(self):
        import pyoxigraph as ox

        try:
            for quad in ox.parse(path=self.path, format=getattr(ox.RdfFormat, self.name),
                                 base_iri=_file_iri(self.path)):
                yield quad.triple
        except SyntaxError as exc:
            raise _syntax_error(self.path, exc) from None
        except ValueError as exc:
            raise DataFileError(self.path, str(exc)) from None
        except OSError as exc:
            raise DataFileError(self.path, f"cannot read: {exc.strerror or exc}") from None

    def digest(self):
        """SHA-256 hex of the file's bytes, read in blocks; XML entity declarations refused."""
        digest, line, tail = hashlib.sha256(), 0, b""
        try:
            with open(self.path, "rb") as handle:
                while block := handle.read(READ_BYTES):
                    digest.update(block)
                    if self.name == "RDF_XML":  # the tail catches a declaration cut in two
                        refuse_xml_entities(self.path, tail + block, line - tail.count(b"\n"))
                        line += block.count(b"\n")
                        tail = block[-16:]
        except OSError as exc:
            raise DataFileError(self.path, f"cannot read: {exc.strerror or exc}") from None
        return digest.hexdigest()


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


QUAD_FORMATS = {"trig", "nquads", "trix"}


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
        from actorgraph.graph.store.rdffiles import parse_triples, refuse_xml_entities

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


def graph_from_triples(triples):
    """An rdflib Graph from pyoxigraph triples (e.g. the result of a CONSTRUCT on the store)."""
    import rdflib

    from actorgraph.graph.store.serialize import to_rdflib

    g = rdflib.Graph()
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g
