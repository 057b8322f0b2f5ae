"""Generate a synthetic actor graph following docs/model.md, for benchmarks and the big-graph tests.

Run by hand: ``python bench/generate_network.py 5000 20000 OUT_DIR`` writes a store there.
Degrees follow a heavy-tailed distribution, as in news (a few actors are in most stories).
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actorgraph.graph.network.view import RELATIONS, SYMMETRIC  # noqa: E402
from actorgraph.ontology import AG_NS, ID_NS, REGISTRY_GRAPH  # noqa: E402

KIND_PATHS = {"Person": "person", "State": "state", "Organisation": "org", "Place": "place"}
STATUS = {"plansToMeet": "Planned", "threatensSanctions": "Threatened"}
EVENT_TYPE = {"metWith": "Meeting", "plansToMeet": "Meeting", "spokeWith": "PhoneCall", "visited": "Visit",
              "sanctions": "Sanctioning", "threatensSanctions": "Threat", "inConflictWith": "Conflict"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def _lit(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate_graphs(n_actors, n_edges, seed=7, edges_per_article=20):
    """{graph IRI: N-Triples text}: a registry of actors and articles holding the relations."""
    rng = random.Random(seed)
    kinds = list(KIND_PATHS)
    actors = []
    registry = []
    for i in range(n_actors):
        kind = rng.choices(kinds, weights=(6, 2, 2, 1))[0]
        iri = f"{ID_NS}{KIND_PATHS[kind]}/actor-{i}"
        actors.append(iri)
        registry.append(f"<{iri}> <{RDF_TYPE}> <{AG_NS}{kind}> .")
        registry.append(f"<{iri}> <{LABEL}> {_lit(f'{kind} {i}')}@en .")
    graphs = {REGISTRY_GRAPH: "\n".join(registry) + "\n"}
    seen = set()
    lines, article, count = [], None, 0
    while count < n_edges:
        a = actors[min(int(rng.paretovariate(0.9)) - 1, n_actors - 1)] if rng.random() < 0.5 \
            else rng.choice(actors)
        b = rng.choice(actors)
        rel = rng.choice(RELATIONS)
        if a == b or (a, rel, b) in seen or (rel in SYMMETRIC and (b, rel, a) in seen):
            continue
        seen.add((a, rel, b))
        if count % edges_per_article == 0:
            if article:
                graphs[article] = "\n".join(lines) + "\n"
            article = f"{ID_NS}article/{count // edges_per_article:016x}"
            day = f"2024-{1 + (count // edges_per_article) % 12:02d}-{1 + count % 28:02d}"
            lines = [f"<{article}> <{RDF_TYPE}> <{AG_NS}Article> .",
                     f"<{article}> <http://purl.org/dc/terms/title> {_lit(f'Article {count}')} .",
                     f"<{article}> <http://purl.org/dc/terms/date> \"{day}\"^^<{XSD_DATE}> .",
                     f"<{article}> <https://schema.org/url> <https://example.org/a/{count}> ."]
        count += 1
        lines.append(f"<{a}> <{AG_NS}{rel}> <{b}> .")
        if rel in SYMMETRIC:
            lines.append(f"<{b}> <{AG_NS}{rel}> <{a}> .")
        fact = f"{ID_NS}event/{count:016x}"
        ev = f"{ID_NS}evidence/{count:016x}"
        lines += [f"<{fact}> <{RDF_TYPE}> <{AG_NS}{EVENT_TYPE.get(rel, 'Statement')}> .",
                  f"<{fact}> <{AG_NS}relation> <{AG_NS}{rel}> .",
                  f"<{fact}> <{AG_NS}participant> <{a}> .", f"<{fact}> <{AG_NS}participant> <{b}> .",
                  f"<{fact}> <{AG_NS}status> <{AG_NS}{STATUS.get(rel, 'Occurred')}> .",
                  f"<{fact}> <{AG_NS}date> \"{day}\"^^<{XSD_DATE}> .",
                  f"<{fact}> <{AG_NS}evidence> <{ev}> .",
                  f"<{ev}> <{AG_NS}sentence> {_lit(f'Sentence number {count} about {rel}.')} .",
                  f"<{ev}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{article}> ."]
        if rel not in SYMMETRIC:
            lines += [f"<{fact}> <{AG_NS}agent> <{a}> .", f"<{fact}> <{AG_NS}target> <{b}> ."]
    graphs[article] = "\n".join(lines) + "\n"
    return graphs


def fill_store(store, n_actors, n_edges, seed=7):
    """Write a generated graph into an open store; returns the store."""
    for iri, text in generate_graphs(n_actors, n_edges, seed).items():
        store.replace_graph(iri, text)
    return store


if __name__ == "__main__":
    from actorgraph.graph.store import open_store

    n_actors, n_edges, location = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with open_store(location) as store:
        fill_store(store, n_actors, n_edges)
    print(f"wrote {n_actors} actors, {n_edges} relations to {location}")
