"""Build the packaged registry (graph/registry/*.ttl) from its sources; run by hand, commit it.

    python tools/make_registry.py           # rewrite states, places, organisations, persons .ttl
    python tools/make_registry.py --check   # exit 1 when a .ttl file differs from its sources

Sources live in graph/registry/sources/: states.tsv adds to pycountry's ISO 3166-1 names (English
and, from its iso3166-1 translation, Indonesian); places.tsv and organisations.tsv are read here;
persons*.tsv are registry tables (graph/registry/table.py) with roles, resolved against the rest.
A mistake in a source stops the build with the file and line.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actorgraph.graph.errors import DataFileError  # noqa: E402
from actorgraph.graph.registry import QID, SUBCLASSES, Registry, Source, compact_graph, normalise  # noqa: E402
from actorgraph.graph.registry.table import read_table, split_aliases  # noqa: E402
from actorgraph.ontology import AG_NS, ID_NS, WD_NS  # noqa: E402

REGISTRY = ROOT / "graph" / "registry"
SOURCES = REGISTRY / "sources"
CONTAINED_IN = "https://schema.org/containedInPlace"
PREFIXES = {"ag": AG_NS, "schema": "https://schema.org/", "state": ID_NS + "state/",
            "place": ID_NS + "place/", "agorg": ID_NS + "org/", "person": ID_NS + "person/",
            "role": ID_NS + "role/", "wd": WD_NS, "skos": "http://www.w3.org/2004/02/skos/core#",
            "owl": "http://www.w3.org/2002/07/owl#"}


def read_tsv(path, columns):
    """(line, row dict) for each data row; the header must be exactly ``columns``."""
    rows, header = [], None
    with open(path, encoding="utf-8", newline="") as fh:
        for number, cells in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not cells or not "".join(cells).strip() or cells[0].startswith("#"):
                continue
            if header is None:
                header = cells
                if tuple(header) != tuple(columns):
                    raise DataFileError(path, f"header must be {' '.join(columns)}", number)
                continue
            if len(cells) > len(columns):
                raise DataFileError(path, f"{len(cells)} cells, but {len(columns)} columns", number)
            rows.append((number, dict(zip(columns, (c.strip() for c in cells + [""] * len(columns))))))
    return rows


class Builder:
    """Collects the triples of one output file with rdflib."""

    def __init__(self):
        from rdflib import Graph

        self.graph = Graph()
        for prefix, iri in PREFIXES.items():
            self.graph.bind(prefix, iri)

    def actor(self, iri, kinds, labels, aliases, wikidata=None, path=None, line=None):
        from rdflib import Literal, URIRef
        from rdflib.namespace import OWL, RDF, RDFS, SKOS

        subject = URIRef(iri)
        for kind in kinds:
            self.graph.add((subject, RDF.type, URIRef(AG_NS + kind)))
        seen = set()
        for lang, text in labels.items():
            self.graph.add((subject, RDFS.label, Literal(text, lang=lang)))
            seen.add(text)
        for text, lang in aliases:
            if text in seen:
                continue  # the same name already, as a label or alias ("U.S." and "US" both stay)
            seen.add(text)
            self.graph.add((subject, SKOS.altLabel, Literal(text, lang=lang)))
        if wikidata:
            if not QID.match(wikidata):
                raise DataFileError(path, f"wikidata {wikidata!r} is not a Q-identifier", line)
            self.graph.add((subject, OWL.sameAs, URIRef(WD_NS + wikidata)))
        return subject

    def link(self, subject, prop, iri):
        from rdflib import URIRef

        self.graph.add((subject, URIRef(AG_NS + prop), URIRef(iri)))

    def within(self, subject, iri):
        """Where a place or a dependent territory lies (ag:partOf is for organisations only)."""
        from rdflib import URIRef

        self.graph.add((subject, URIRef(CONTAINED_IN), URIRef(iri)))


def merge_aliases(defaults, cell, path, line):
    """Defaults (e.g. pycountry's names) plus the cell's aliases, minus those the cell drops."""
    wanted = split_aliases(cell)
    dropped = {normalise(t.lstrip("-")) for t, _ in wanted if t.startswith("-")}
    for text, _ in wanted:
        if text.startswith("-") and normalise(text[1:]) not in {normalise(d) for d, _ in defaults}:
            raise DataFileError(path, f"{text[1:]!r} is not a default name that could be dropped", line)
    kept = [(t, lang) for t, lang in defaults if normalise(t) not in dropped]
    return kept + [(t, lang) for t, lang in wanted if not t.startswith("-")]


def ref_iri(ref, path, line):
    """A two-letter state code, or a path such as place/gaza-strip or org/un."""
    if len(ref) == 2 and ref.isalpha():
        return ID_NS + "state/" + ref.lower()
    if ref.split("/")[0] in ("state", "place", "org", "person") and "/" in ref:
        return ID_NS + ref
    raise DataFileError(path, f"{ref!r}: write a state code such as us or a path such as place/gaza", line)


def build_states(known_places):
    import pycountry

    path = SOURCES / "states.tsv"
    rows = {r["iso2"]: (line, r) for line, r in read_tsv(path, ("iso2", "label_en", "label_id", "aliases",
                                                                "demonyms", "wikidata", "capital",
                                                                "part_of"))}
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"]).gettext
    countries = {c.alpha_2.lower(): c for c in pycountry.countries}
    out = Builder()
    from rdflib import Literal, URIRef

    for iso2 in sorted(set(countries) | set(rows)):
        line, row = rows.get(iso2, (None, {}))
        country = countries.get(iso2)
        if country is None and not row.get("label_en"):
            raise DataFileError(path, f"{iso2} is not in ISO 3166-1: give it a label", line)
        names = [getattr(country, a, None) for a in ("common_name", "name", "official_name")] if country else []
        names = [n for n in dict.fromkeys(names) if n and "," not in n]
        label_en = row.get("label_en") or (names[0] if names else "")
        label_id = row.get("label_id") or (indonesian(country.name) if country else label_en)
        defaults = [(n, "en") for n in names]
        if country and indonesian(country.name) != label_id and "," not in indonesian(country.name):
            defaults.append((indonesian(country.name), "id"))
        aliases = merge_aliases(defaults, row.get("aliases", ""), path, line)
        subject = out.actor(ID_NS + "state/" + iso2, ["State"], {"en": label_en, "id": label_id}, aliases,
                            row.get("wikidata"), path, line)
        for demonym in filter(None, (d.strip() for d in row.get("demonyms", "").split(";"))):
            out.graph.add((subject, URIRef(AG_NS + "demonym"), Literal(demonym, lang="en")))
        if row.get("capital"):
            if row["capital"] not in known_places:
                raise DataFileError(path, f"capital {row['capital']!r} is not a slug of places.tsv", line)
            out.link(subject, "capital", ID_NS + "place/" + row["capital"])
        if row.get("part_of"):
            out.within(subject, ref_iri(row["part_of"], path, line))
    return out.graph


def read_places():
    return read_tsv(SOURCES / "places.tsv", ("slug", "label_en", "label_id", "aliases", "wikidata", "part_of"))


def build_places(rows):
    path, out, seen = SOURCES / "places.tsv", Builder(), set()
    for line, row in rows:
        if row["slug"] in seen:
            raise DataFileError(path, f"slug {row['slug']!r} is used twice", line)
        seen.add(row["slug"])
        labels = {"en": row["label_en"], "id": row["label_id"] or row["label_en"]}
        subject = out.actor(ID_NS + "place/" + row["slug"], ["Place"], labels,
                            split_aliases(row["aliases"]), row["wikidata"], path, line)
        if row["part_of"]:
            out.within(subject, ref_iri(row["part_of"], path, line))
    return out.graph


def build_organisations(sovereign):
    path, out, seen = SOURCES / "organisations.tsv", Builder(), set()
    columns = ("slug", "types", "label_en", "label_id", "aliases", "wikidata", "part_of", "members")
    for line, row in read_tsv(path, columns):
        if row["slug"] in seen:
            raise DataFileError(path, f"slug {row['slug']!r} is used twice", line)
        seen.add(row["slug"])
        kinds = ["Organisation"] + [t.strip() for t in row["types"].split(",") if t.strip()]
        for kind in kinds[1:]:
            if kind not in SUBCLASSES:
                raise DataFileError(path, f"type {kind!r} is not one of {', '.join(SUBCLASSES)}", line)
        labels = {"en": row["label_en"], "id": row["label_id"] or row["label_en"]}
        iri = ID_NS + "org/" + row["slug"]
        subject = out.actor(iri, kinds, labels, split_aliases(row["aliases"]), row["wikidata"], path, line)
        if row["part_of"]:
            out.link(subject, "partOf", ref_iri(row["part_of"], path, line))
        members = []
        for token in row["members"].split():
            if token == "*sovereign":
                members += sovereign
            elif token.startswith("-"):
                members = [m for m in members if m != token[1:]]
            else:
                members.append(token)
        for member in dict.fromkeys(members):
            from rdflib import URIRef

            member_iri = ref_iri(member, path, line)
            out.graph.add((URIRef(member_iri), URIRef(AG_NS + "memberOf"), subject))
    return out.graph


def build_persons(base):
    """Persons and their roles from the registry tables sources/persons*.tsv."""
    out = Builder()
    for path in sorted(SOURCES.glob("persons*.tsv")):
        registry = Registry(compact_graph(base + out.graph))
        out.graph += read_table(Source(str(path.relative_to(ROOT)), path.read_bytes(), "tsv"), registry)
    return out.graph


def build_all():
    """The four output graphs, by file name."""
    places = read_places()
    state_rows = read_tsv(SOURCES / "states.tsv", ("iso2", "label_en", "label_id", "aliases", "demonyms",
                                                   "wikidata", "capital", "part_of"))
    sovereign = [r["iso2"] for _, r in state_rows if not r["part_of"] and r["wikidata"]]
    graphs = {"places.ttl": build_places(places)}
    graphs["states.ttl"] = build_states({r["slug"] for _, r in places})
    graphs["organisations.ttl"] = build_organisations(sovereign)
    graphs["persons.ttl"] = build_persons(graphs["states.ttl"] + graphs["places.ttl"]
                                          + graphs["organisations.ttl"])
    return graphs


HEADER = ("# Generated by tools/make_registry.py from graph/registry/sources/{source}{extra}.\n"
          "# Do not edit: change the source and run the tool again.\n")


def serialise(name, graph):
    import pycountry

    source = {"states.ttl": "states.tsv", "places.ttl": "places.tsv",
              "organisations.ttl": "organisations.tsv", "persons.ttl": "persons*.tsv"}[name]
    extra = f" and pycountry {pycountry.__version__}" if name == "states.ttl" else ""
    return HEADER.format(source=source, extra=extra) + graph.serialize(format="turtle")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    args = parser.parse_args(argv)
    try:
        graphs = build_all()
    except DataFileError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    stale = []
    for name, graph in graphs.items():
        target = REGISTRY / name
        if args.check:
            from rdflib import Graph

            current = Graph().parse(target, format="turtle") if target.exists() else Graph()
            if set(current) != set(graph):
                stale.append(name)
        else:
            target.write_text(serialise(name, graph), encoding="utf-8")
            print(f"{target.relative_to(ROOT)}: {len(graph)} triples")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
