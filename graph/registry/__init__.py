"""The actor registry: the background knowledge that extraction links article mentions to.

The packaged Turtle files (states, places, organisations, persons) and the user's own files
(``--registry FILE``: Turtle or any RDF format rdflib knows by extension, or a CSV/TSV table, see
``graph.registry.table``) are read into one compact index that answers lookups by name, demonym,
IRI and dated role. Parsing the Turtle takes over half a second, so the index is cached as JSON
under ``$XDG_CACHE_HOME/actorgraph/``, keyed by the content hash of every file read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Iterator

from actorgraph.graph.errors import DataFileError
from actorgraph.graph.registry.names import (  # noqa: F401  (the registry's vocabulary)
    KINDS, QID, ROLE_TYPES, SUBCLASSES, normalise, slugify)
from actorgraph.ontology import AG_NS, ID_NS, WD_NS

DATA_FILES = ("states.ttl", "places.ttl", "organisations.ttl", "persons.ttl")
CACHE_VERSION = "2"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_SAME = "http://www.w3.org/2002/07/owl#sameAs"
_XSD = "http://www.w3.org/2001/XMLSchema#"
# Where a place or dependent territory lies; ag:partOf is for organisations only.
_CONTAINED_IN = "https://schema.org/containedInPlace"


@dataclass(frozen=True)
class RoleEntry:
    """A dated role: ``holder`` is ``role_type`` (e.g. headOfState) of ``of``.

    ``end`` is exclusive, the successor's first day, so a handover day has one holder.
    """

    role_type: str
    holder: str
    of: str
    start: date | None
    end: date | None
    post: str | None = None

    def active_on(self, day: date | None) -> bool:
        """Whether the role was held on ``day`` (None means at any time)."""
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class ActorEntry:
    """One actor of the registry, as extraction needs it (labels by language, aliases, links)."""

    iri: str
    kind: str
    label: str
    labels: dict = field(hash=False)
    aliases: tuple = ()
    wikidata: str | None = None
    types: tuple = ()
    part_of: str | None = None
    capital: str | None = None
    demonyms: tuple = ()


class Registry:
    """The index over the registry's actors, roles and memberships; build it with ``load_registry``."""

    def __init__(self, compact, sources=(), graph=None):
        self._sources = tuple(sources)
        self._graph = graph
        self._entries = {}
        self._alias_langs = {}
        for iri, kind, label, labels, aliases, wikidata, types, part_of, capital, demonyms in compact["actors"]:
            self._alias_langs[iri] = [tuple(a) for a in aliases]
            self._entries[iri] = ActorEntry(
                iri, kind, label, labels, tuple(dict.fromkeys(a for a, _ in aliases)), wikidata,
                tuple(types), part_of, capital, tuple(demonyms))
        self._index = {}
        for form, entry in self.surface_forms():
            hits = self._index.setdefault(normalise(form), [])
            if entry not in hits:
                hits.append(entry)
        self._demonyms = {}
        for entry in self._entries.values():
            for word in entry.demonyms:
                self._demonyms.setdefault(normalise(word), entry)
        self._roles = [RoleEntry(r[0], r[1], r[2], _date(r[3]), _date(r[4]), r[5])
                       for r in compact["roles"]]
        self._roles_by_holder, self._roles_by_post = {}, {}  # look-ups run for every mention
        for role in self._roles:
            self._roles_by_holder.setdefault(role.holder, []).append(role)
            self._roles_by_post.setdefault((role.role_type, role.of), []).append(role)
        self._members = {}
        self._memberships = {}
        for member, org in compact["members"]:
            self._members.setdefault(org, []).append(member)
            self._memberships.setdefault(member, []).append(org)

    def __len__(self):
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries.values())

    def lookup(self, name: str) -> list[ActorEntry]:
        """The actors whose label or alias normalises like ``name`` (demonyms are separate)."""
        return list(self._index.get(normalise(name), ()))

    def by_demonym(self, word: str) -> ActorEntry | None:
        """The state or other actor a demonym such as "Russian" or "Israelis" refers to."""
        key = normalise(word)
        hit = self._demonyms.get(key)
        if hit is None and key.endswith("s"):
            hit = self._demonyms.get(key[:-1])
        return hit

    def get(self, iri: str) -> ActorEntry | None:
        return self._entries.get(str(iri))

    def surface_forms(self) -> Iterator[tuple[str, ActorEntry]]:
        """Every (label or alias, actor) pair with its original casing, for building a gazetteer."""
        for entry in self._entries.values():
            for form in dict.fromkeys((*entry.labels.values(), *entry.aliases)):
                yield form, entry

    def roles(self) -> list[RoleEntry]:
        return list(self._roles)

    def roles_of(self, person_iri: str, day: date | None = None) -> list[RoleEntry]:
        """The roles of a person active on ``day`` (all when None), oldest first."""
        found = [r for r in self._roles_by_holder.get(str(person_iri), ()) if r.active_on(day)]
        return sorted(found, key=_start_key)

    def holders(self, role_type: str, of_iri: str, day: date | None = None,
                post: str | None = None) -> list[ActorEntry]:
        """Who held ``role_type`` of ``of_iri`` on ``day`` (all when None), most recent first."""
        role_type = str(role_type).removeprefix(AG_NS)
        wanted = normalise(post) if post else None
        found = [r for r in self._roles_by_post.get((role_type, str(of_iri)), ())
                 if r.active_on(day) and (wanted is None or (r.post and normalise(r.post) == wanted))]
        found.sort(key=_start_key, reverse=True)
        return [self._entries[h] for h in dict.fromkeys(r.holder for r in found) if h in self._entries]

    def members(self, org_iri: str) -> list[ActorEntry]:
        """The actors with a plain ``ag:memberOf`` edge to the organisation."""
        return [self._entries[m] for m in self._members.get(str(org_iri), ()) if m in self._entries]

    def memberships(self, iri: str) -> list[str]:
        """The organisations the actor is a plain member of."""
        return list(self._memberships.get(str(iri), ()))

    def describe(self, iri: str) -> list:
        """The (predicate, object) pairs describing one actor in an article graph."""
        from rdflib import Literal, URIRef
        from rdflib.namespace import OWL, RDF, RDFS, SKOS

        entry = self._entries.get(str(iri))
        if entry is None:
            return []
        pairs = [(RDF.type, URIRef(AG_NS + t)) for t in entry.types]
        pairs += [(RDFS.label, Literal(text, lang=lang or None)) for lang, text in entry.labels.items()]
        pairs += [(SKOS.altLabel, Literal(text, lang=lang or None))
                  for text, lang in self._alias_langs.get(entry.iri, ())]
        if entry.wikidata:
            pairs.append((OWL.sameAs, URIRef(WD_NS + entry.wikidata)))
        return pairs

    def to_graph(self):
        """Everything the registry holds as an rdflib Graph (the store's registry graph, exports)."""
        if self._graph is None:
            self._graph = _build(self._sources)[0]
        return self._graph


def _date(text):
    return date.fromisoformat(text) if text else None


def _start_key(role):
    return role.start or date.min


def ambiguous_names(registry: Registry) -> dict:
    """Normalised names (labels, aliases, demonyms) that point to more than one actor -> their IRIs.

    Such a name makes linking guess; the packaged data keeps an explicit allow-list of them.
    """
    found = {}
    for form, entry in registry.surface_forms():
        found.setdefault(normalise(form), set()).add(entry.iri)
    for entry in registry:
        for word in entry.demonyms:
            found.setdefault(normalise(word), set()).add(entry.iri)
    return {name: sorted(iris) for name, iris in sorted(found.items()) if len(iris) > 1}


EXPORT_FORMATS = ("turtle", "nt", "xml", "json-ld")
_EXPORT_PREFIXES = {"state": ID_NS + "state/", "agorg": ID_NS + "org/", "person": ID_NS + "person/",
                    "place": ID_NS + "place/", "role": ID_NS + "role/"}


def export_registry(registry: Registry, fmt: str = "turtle") -> str:
    """The registry as RDF text in one of EXPORT_FORMATS."""
    from actorgraph.ontology import PREFIXES

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    graph = registry.to_graph()
    for prefix, namespace in {**PREFIXES, **_EXPORT_PREFIXES}.items():
        graph.bind(prefix, namespace, override=True)
    return graph.serialize(format=fmt)


# --- reading files --------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One file read into the registry: its path (for messages), bytes and how to read it."""

    path: str
    data: bytes
    format: str  # an rdflib parser name, or "csv" / "tsv" for a table


_RDF_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt",
                ".n3": "n3", ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".jsonld": "json-ld",
                ".json": "json-ld", ".trig": "trig", ".nq": "nquads", ".trix": "trix"}


def read_source(path) -> Source:
    """Read a user's registry file; the format comes from the extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = "csv" if suffix == ".csv" else "tsv" if suffix == ".tsv" else _RDF_FORMATS.get(suffix)
    if fmt is None:
        raise DataFileError(path, f"unknown registry file type {suffix or '(none)'!r}: use .ttl, "
                                  f".nt, .rdf, .jsonld, .csv or .tsv")
    try:
        return Source(str(path), path.read_bytes(), fmt)
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror or exc}") from None


def packaged_sources() -> tuple:
    """The registry files shipped with the package."""
    global _PACKAGED
    if _PACKAGED is None:
        base = resources.files(__name__)
        _PACKAGED = tuple(Source(f"registry/{name}", base.joinpath(name).read_bytes(), "turtle")
                          for name in DATA_FILES)
    return _PACKAGED


_PACKAGED = None
_LOADED = {}


def load_registry(extra=()) -> Registry:
    """The packaged registry extended by the user's files (Turtle or other RDF, CSV or TSV).

    Malformed files raise DataFileError naming the file and line.
    """
    sources = packaged_sources() + tuple(read_source(p) for p in extra)
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for src in sources:
        digest.update(f"\0{src.format}\0{len(src.data)}\0".encode())
        digest.update(src.data)
    key = digest.hexdigest()
    registry = _LOADED.get(key)
    if registry is None:
        compact = _read_cache(key)
        graph = None
        if compact is None:
            graph, compact = _build(sources)
            _write_cache(key, compact)
        registry = _LOADED[key] = Registry(compact, sources, graph)
        registry.content_key = key
    return registry


def _build(sources):
    """Parse every source into one graph and derive the compact index from it."""
    from rdflib import Graph

    from actorgraph.graph.registry.table import read_table

    graph = Graph()
    for src in sources:
        if src.format in ("csv", "tsv"):
            graph += read_table(src, Registry(compact_graph(graph)))
        else:
            part = parse_rdf(src)
            check_graph(part, src.path)
            graph += part
    return graph, compact_graph(graph)


def parse_rdf(src: Source):
    """Parse one RDF source, turning the parser's complaint into a DataFileError with the line."""
    from rdflib import Graph

    if src.format in ("xml", "trix", "json-ld"):
        # rdflib fetches remote JSON-LD contexts and expands XML entity bombs: see graph/store/rdffiles.py
        from actorgraph.graph.store.rdffiles import parse_triples, refuse_xml_entities
        from actorgraph.graph.store.rdffiles import graph_from_triples

        if src.format == "json-ld":
            return graph_from_triples(parse_triples(src.path, src.data, "JSON_LD", ID_NS))
        refuse_xml_entities(src.path, src.data)
    graph = Graph()
    try:
        graph.parse(data=src.data, format=src.format, publicID=ID_NS)
    except Exception as exc:  # rdflib's parsers raise many unrelated types; all mean a bad file
        line, column = _syntax_position(src)
        if line is None:
            line = getattr(exc, "lines", None)
            line = line + 1 if isinstance(line, int) else getattr(exc, "lineno", None)
        if line is None and hasattr(exc, "getLineNumber"):
            line = exc.getLineNumber()
        message = getattr(exc, "_why", None) or (str(exc).strip() or type(exc).__name__).splitlines()[0][:200]
        raise DataFileError(src.path, f"not valid {src.format}: {message}", line, column) from None
    return graph


def _syntax_position(src):
    """(line, column) of the first syntax error as Oxigraph sees it; rdflib's parsers often omit it."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML,
               "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "n3": ox.RdfFormat.N3}
    if src.format not in formats:
        return None, None
    try:
        for _ in ox.parse(src.data, format=formats[src.format], base_iri=ID_NS):
            pass
    except SyntaxError as exc:
        return exc.lineno, exc.offset
    except (ValueError, OSError):
        pass
    return None, None


def check_graph(graph, path):
    """Reject what would corrupt the index: bad Wikidata links, undated-looking dates, unknown roles."""
    for s, p, o in graph:
        p = str(p)
        if p == _SAME and str(o).startswith(WD_NS) and not QID.match(str(o)[len(WD_NS):]):
            raise DataFileError(path, f"<{s}> owl:sameAs {o}: not a Wikidata Q-identifier")
        if p in (AG_NS + "startDate", AG_NS + "endDate") and _literal_date(o, end=False) is None:
            raise DataFileError(path, f"<{s}> {p.removeprefix(AG_NS)} {o!r}: use xsd:date, "
                                      f"xsd:gYearMonth or xsd:gYear")
        if p == AG_NS + "roleType" and str(o).removeprefix(AG_NS) not in ROLE_TYPES:
            raise DataFileError(path, f"<{s}> roleType {o}: not one of {', '.join(ROLE_TYPES)}")


def _literal_date(lit, end):
    """A date for an xsd:date, gYearMonth or gYear literal.

    A partial start is its first day; a partial end, like every end, is exclusive: the first day
    after the year or month, so a role that ended "2019" is held through 31 December 2019.
    """
    text = str(lit).strip()
    dtype = str(getattr(lit, "datatype", "") or "")
    try:
        if dtype in (_XSD + "gYear",) or re.fullmatch(r"\d{4}", text):
            return date(int(text[:4]) + 1, 1, 1) if end else date(int(text[:4]), 1, 1)
        if dtype == _XSD + "gYearMonth" or re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:7])
            if not 1 <= month <= 12:
                return None
            return date(year + month // 12, month % 12 + 1, 1) if end else date(year, month, 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def compact_graph(graph) -> dict:
    """The JSON-able index of a registry graph: actors, roles and plain memberships."""
    by_subject = {}
    for s, p, o in graph:
        by_subject.setdefault(s, []).append((str(p), o))
    actors, roles, members = [], [], []
    for subject, pairs in by_subject.items():
        types = [str(o).removeprefix(AG_NS) for p, o in pairs
                 if p == _RDF_TYPE and str(o).startswith(AG_NS)]
        if "Role" in types:
            roles.append(_compact_role(pairs))
            continue
        kind = next((k for k in KINDS if k in types), None)
        kind = kind or next((SUBCLASSES[t] for t in types if t in SUBCLASSES), None)
        if kind is None:
            continue
        labels, aliases, extra_labels = {}, [], []
        for p, o in pairs:
            if p == _LABEL:
                lang = getattr(o, "language", None) or ""
                if lang not in labels:
                    labels[lang] = str(o)
                elif labels[lang] != str(o):  # a second label in one language counts as an alias
                    extra_labels.append([str(o), lang or None])
            elif p == _ALT:
                aliases.append([str(o), getattr(o, "language", None)])
        aliases += extra_labels
        labels = dict(sorted(labels.items(), key=lambda kv: (kv[0] != "en", kv[0] != "id", kv[0])))
        label = labels.get("en") or labels.get("") or labels.get("id") or next(iter(labels.values()), "")
        wikidata = next((str(o)[len(WD_NS):] for p, o in pairs
                         if p == _SAME and str(o).startswith(WD_NS)), None)
        ordered = [kind] + sorted(t for t in set(types) if t != kind and (t in SUBCLASSES or t in KINDS))
        part_of = next((str(o) for p, o in pairs if p in (AG_NS + "partOf", _CONTAINED_IN)), None)
        capital = next((str(o) for p, o in pairs if p == AG_NS + "capital"), None)
        demonyms = [str(o) for p, o in pairs if p == AG_NS + "demonym"]
        actors.append([str(subject), kind, label or str(subject), labels, aliases, wikidata,
                       ordered, part_of, capital, demonyms])
        members += [[str(subject), str(o)] for p, o in pairs if p == AG_NS + "memberOf"]
    actors.sort(key=lambda a: (KINDS.index(a[1]), a[0]))
    roles = [r for r in roles if r is not None]
    return {"actors": actors, "roles": roles, "members": members}


def _compact_role(pairs):
    found = {p.removeprefix(AG_NS): o for p, o in pairs}
    if not all(k in found for k in ("holder", "roleType", "roleIn")):
        return None
    start = _literal_date(found["startDate"], end=False) if "startDate" in found else None
    end = _literal_date(found["endDate"], end=True) if "endDate" in found else None
    return [str(found["roleType"]).removeprefix(AG_NS), str(found["holder"]), str(found["roleIn"]),
            start.isoformat() if start else None, end.isoformat() if end else None,
            str(found["post"]) if "post" in found else None]


# --- the on-disk cache ------------------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "actorgraph"


def _read_cache(key):
    try:
        with open(cache_dir() / f"registry-{key[:32]}.json", encoding="utf-8") as fh:
            data = json.load(fh)
        return data if data.get("key") == key else None
    except (OSError, ValueError):
        return None


def _write_cache(key, compact):
    """Write the index atomically; a read-only or missing cache directory is not an error."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".registry-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"key": key, **compact}, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, folder / f"registry-{key[:32]}.json")
    except OSError:
        return
    for old in folder.glob("registry-*.json"):
        if old.name != f"registry-{key[:32]}.json" and _older_than_a_day(old):
            try:
                old.unlink()
            except OSError:
                pass


def _older_than_a_day(path):
    import time

    try:
        return time.time() - path.stat().st_mtime > 86400
    except OSError:
        return False
