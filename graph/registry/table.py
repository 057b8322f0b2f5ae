"""Registry tables: actors and dated roles as CSV (or TSV) rows, for users who do not write Turtle.

The header is ``name,type,aliases,wikidata,role,of,start,end`` (in any order) with an optional ``post``
column; one row per actor or per role, and rows with the same name describe the same actor.
Lines starting with ``#`` are comments. The columns:

- ``name``: the actor's full name, used as its label in English and Indonesian (an empty name
  continues the actor of the row above, to list further roles). A name the
  registry already knows as one actor of the same kind extends that actor; otherwise a new IRI
  is made from the slug of the name (``id/person/<slug>``, ``id/org/<slug>`` ...).
- ``type``: Person (the default), State, Organisation, Place, or a kind of organisation:
  InternationalOrganisation, GovernmentBody, PoliticalParty, ArmedGroup.
- ``aliases``: other names, separated by ``;``; end one with ``@en`` or ``@id`` when it belongs
  to one language only (``Presiden Jokowi@id``).
- ``wikidata``: a Q-identifier such as ``Q22686``, only when certain.
- ``role``: headOfState, headOfGovernment, leaderOf, ministerOf, spokespersonOf, envoyOf or
  memberOf; ``of``: where the role is held, as a registry name (``United States``, ``NATO``), a
  path under the id namespace (``state/us``) or a full IRI. A state or organisation whose role
  is memberOf gets a plain, undated ``ag:memberOf`` edge instead of a role.
- ``start``, ``end``: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``post``: the kind of ministry or
  envoy post, such as ``foreign minister`` or ``ambassador to the United Nations``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

from actorgraph.graph.errors import DataFileError
from actorgraph.ontology import AG_NS, ID_NS, WD_NS

COLUMNS = ("name", "type", "aliases", "wikidata", "role", "of", "start", "end")
OPTIONAL_COLUMNS = ("post",)
IRI_PATHS = {"Person": "person", "State": "state", "Organisation": "org", "Place": "place"}
_ALIAS_LANG = re.compile(r"^(.*\S)\s*@([a-z]{2,3}(?:-[A-Za-z0-9]+)*)$")
_DATE_FORMS = ((re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date"), (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"),
               (re.compile(r"^\d{4}$"), "gYear"))


def role_iri(holder, role_type, of, start, post=None):
    """A stable IRI for a role: the same facts give the same node in every build."""
    key = "|".join((str(holder), role_type, str(of), start or "", post or ""))
    return ID_NS + "role/" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def date_literal(text):
    """An xsd:date, gYearMonth or gYear literal for the text, or None when it is none of them."""
    from rdflib import Literal, URIRef

    for pattern, dtype in _DATE_FORMS:
        if pattern.match(text):
            if dtype == "date":
                from datetime import date

                try:
                    date.fromisoformat(text)
                except ValueError:
                    return None
            elif dtype == "gYearMonth" and not 1 <= int(text[5:]) <= 12:
                return None
            return Literal(text, datatype=URIRef("http://www.w3.org/2001/XMLSchema#" + dtype))
    return None


def split_aliases(text, sep=";"):
    """(alias, language or None) pairs from the aliases cell."""
    pairs = []
    for part in text.split(sep):
        part = part.strip()
        if part:
            found = _ALIAS_LANG.match(part)
            pairs.append((found.group(1), found.group(2)) if found else (part, None))
    return pairs


def _checked(rows, path):
    """The rows of a csv reader; its own errors (a NUL byte, a huge field) name file and line."""
    try:
        yield from rows
    except csv.Error as exc:
        raise DataFileError(path, f"not valid CSV: {exc}", line=rows.line_num) from None


def read_table(src, registry):
    """The triples of a CSV/TSV registry table; ``registry`` resolves names already known."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    from actorgraph.graph.registry.names import KINDS, QID, ROLE_TYPES, SUBCLASSES, normalise, slugify

    ag = lambda name: URIRef(AG_NS + name)  # noqa: E731
    try:
        text = src.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(src.path, f"not UTF-8 text ({exc.reason})") from None
    # newline="": a lone \r ends a line, as csv wants, instead of failing as a stray character
    rows = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if src.format == "tsv" else ",")
    header = []
    for row in _checked(rows, src.path):  # comment lines may precede the header
        if any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#"):
            header = [h.strip().lower() for h in row]
            break
    header_line = rows.line_num
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        raise DataFileError(src.path, f"the header must name the columns {','.join(COLUMNS)}"
                                      f" (and optionally post); "
                                      + (f"missing {', '.join(missing)}" if missing
                                         else f"unknown {', '.join(unknown)}"), header_line or 1)
    graph = Graph()
    local = {}  # normalised name -> (iri, kind) of actors this table describes
    previous = None
    for row in _checked(rows, src.path):
        line = rows.line_num
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) > len(header):
            raise DataFileError(src.path, f"{len(row)} cells but {len(header)} columns "
                                          f"(quote cells that contain the delimiter)", line)
        cell = dict(zip(header, (c.strip() for c in row)))
        cell = {c: cell.get(c, "") for c in COLUMNS + OPTIONAL_COLUMNS}

        def fail(message, _line=line):
            raise DataFileError(src.path, message, _line)

        name = cell["name"] or previous
        if not name:
            fail("empty name (only a row below a named one may leave it empty)")
        previous = name
        key = normalise(name)
        declared = cell["type"]
        if declared and declared not in KINDS and declared not in SUBCLASSES:
            fail(f"type {declared!r} is not one of {', '.join(KINDS + tuple(SUBCLASSES))}")
        base = SUBCLASSES.get(declared, declared) or None
        if key in local and (base is None or local[key][1] == base):
            iri, kind = local[key]
        else:
            known = [e for e in registry.lookup(name) if base is None or e.kind == base]
            if len(known) > 1:
                fail(f"{name!r} names {len(known)} registry actors "
                     f"({', '.join(e.iri for e in known)}); give the actor a more specific name")
            kind = known[0].kind if known else (base or "Person")
            iri = known[0].iri if known else ID_NS + IRI_PATHS[kind] + "/" + slugify(name)
            if not slugify(name):
                fail(f"the name {name!r} has no letters or digits to make an IRI from")
            local[key] = (iri, kind)
            if not known:
                graph.add((URIRef(iri), RDF.type, ag(kind)))
                for lang in ("en", "id"):
                    graph.add((URIRef(iri), RDFS.label, Literal(name, lang=lang)))
        subject = URIRef(iri)
        if declared in SUBCLASSES:
            graph.add((subject, RDF.type, ag(declared)))
        for alias, lang in split_aliases(cell["aliases"]):
            graph.add((subject, SKOS.altLabel, Literal(alias, lang=lang)))
        if cell["wikidata"]:
            if not QID.match(cell["wikidata"]):
                fail(f"wikidata {cell['wikidata']!r} is not a Q-identifier such as Q22686")
            graph.add((subject, OWL.sameAs, URIRef(WD_NS + cell["wikidata"])))
        role = cell["role"]
        if not role:
            if cell["of"] or cell["start"] or cell["end"] or cell["post"]:
                fail("of, start, end and post need a role")
            continue
        if role not in ROLE_TYPES:
            fail(f"role {role!r} is not one of {', '.join(ROLE_TYPES)}")
        if not cell["of"]:
            fail(f"role {role} needs the state or organisation it is held in (column 'of')")
        of = _resolve(cell["of"], registry, local, normalise, fail)
        dates = {}
        for column in ("start", "end"):
            if cell[column]:
                dates[column] = date_literal(cell[column])
                if dates[column] is None:
                    fail(f"{column} {cell[column]!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        if role == "memberOf" and kind != "Person":
            graph.add((subject, ag("memberOf"), URIRef(of)))
            continue
        graph.add((subject, ag(role), URIRef(of)))  # the shortcut edge; the role node dates it
        node = URIRef(role_iri(iri, role, of, cell["start"], cell["post"]))
        graph.add((node, RDF.type, ag("Role")))
        graph.add((node, ag("holder"), subject))
        graph.add((node, ag("roleType"), ag(role)))
        graph.add((node, ag("roleIn"), URIRef(of)))
        graph.add((node, ag("status"), ag("Former" if "end" in dates else "Current")))
        if "start" in dates:
            graph.add((node, ag("startDate"), dates["start"]))
        if "end" in dates:
            graph.add((node, ag("endDate"), dates["end"]))
        if cell["post"]:
            graph.add((node, ag("post"), Literal(cell["post"], lang="en")))
    return graph


def _resolve(ref, registry, local, normalise, fail):
    """The IRI of the state or organisation a role is held in."""
    if ref.startswith(("http://", "https://")):
        return ref
    if re.fullmatch(r"(state|org|place|person)/[a-z0-9-]+", ref):
        return ID_NS + ref
    found = [e.iri for e in registry.lookup(ref) if e.kind in ("State", "Organisation")]
    if normalise(ref) in local and local[normalise(ref)][1] in ("State", "Organisation"):
        found.append(local[normalise(ref)][0])
    found = list(dict.fromkeys(found))
    if len(found) != 1:
        fail(f"of {ref!r} names {'no' if not found else len(found)} state or organisation in the "
             f"registry; write its IRI path, e.g. state/us or org/nato")
    return found[0]
