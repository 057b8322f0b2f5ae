"""Generate an N-Quads graph shaped like actorgraph's, for bench_store.py (run by hand).

Defaults give about 1M quads: 50,000 actors in the registry graph (type, labels, Wikidata link,
five relation edges each), and 10,000 article graphs, each with its article node, the actors it
mentions (a third of them with the surface form the article used, as the build writes it: an
ag:Mention), four events with participants and evidence, and their shortcut relation edges:
about 300,000 relation triples in all. Actors are described once, in the registry graph
(graph/store/actors.py), and each shortcut edge is stated once, in the relations graph, the
article graphs saying which edges they state (graph/store/relations.py). ``--edges-in-articles``
writes each article's edges into its own graph (the model of the first half of issue 11);
``--repeated`` the model before it, where every article graph also repeated the type and label
of each actor it mentions.

    python bench/generate_graph.py bench/data/graph.nq [--actors 50000] [--articles 10000]
"""

import argparse
import hashlib
import random

AG = "https://w3id.org/actorgraph/ontology#"
ID = "https://w3id.org/actorgraph/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
SAME = "<http://www.w3.org/2002/07/owl#sameAs>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
DATE = "<http://purl.org/dc/terms/date>"
TITLE = "<http://purl.org/dc/terms/title>"
XSD_DATE = "<http://www.w3.org/2001/XMLSchema#date>"
REGISTRY = f"<{ID}graph/registry>"
RELATIONS = f"<{ID}graph/relations>"
KINDS = ("Person", "Person", "Person", "State", "Organisation")
ROLES = ("headOfState", "leaderOf", "ministerOf", "memberOf", "partOf", "alliedWith")
EVENTS = (("Meeting", "metWith", True), ("PhoneCall", "spokeWith", True),
          ("Sanctioning", "sanctions", False), ("Threat", "threatensSanctions", False),
          ("Visit", "visited", False), ("Statement", "criticises", False))
SYLLABLES = "ka lo mi ra ta ne vi so du pe an ri mo la zu ko be".split()
STATUSES = ("Occurred", "Occurred", "Planned", "Threatened")


def ag(name):
    return f"<{AG}{name}>"


def hex16(*parts):
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def actor_name(rng):
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(2))


def generate(out, actors=50_000, articles=10_000, seed=7, repeated=False, edges_in_articles=False):
    """Write the quads to the text stream out; returns how many were written."""
    rng = random.Random(seed)
    written = 0
    stated, new_edges = set(), []   # an article's new edges follow its graph, as a build writes them
    edges_in_articles = edges_in_articles or repeated

    def edge(s, p, o, graph):
        if edges_in_articles:
            quad(s, p, o, graph)
            return
        key = hashlib.sha256(f"{s[1:-1]}|{p[1:-1]}|{o[1:-1]}".encode()).hexdigest()[:16]
        quad(graph, ag("states"), f"<{ID}edge/{key}>", graph)
        if (s, p, o) not in stated:
            stated.add((s, p, o))
            new_edges.append((s, p, o))

    def quad(s, p, o, g):
        nonlocal written
        out.write(f"{s} {p} {o} {g} .\n")
        written += 1

    people = []
    for i in range(actors):
        kind = KINDS[i % len(KINDS)]
        iri = f"<{ID}{kind.lower()}/a{i}>"
        name = actor_name(rng)
        people.append((iri, kind, name))
        quad(iri, RDF_TYPE, ag(kind), REGISTRY)
        quad(iri, LABEL, f'"{name}"@en', REGISTRY)
        quad(iri, ALT, f'"{name.split()[-1]}"@id', REGISTRY)
        quad(iri, SAME, f"<http://www.wikidata.org/entity/Q{100000 + i}>", REGISTRY)
    for iri, _kind, _name in people:
        for _ in range(5):
            quad(iri, ag(rng.choice(ROLES)), rng.choice(people)[0], REGISTRY)
    # Zipf-like popularity: a few actors are in many articles, as in the news.
    weights = [1.0 / (rank + 1) for rank in range(actors)]
    for a in range(articles):
        graph = f"<{ID}article/{hex16('article', a)}>"
        quad(graph, RDF_TYPE, ag("Article"), graph)
        quad(graph, TITLE, f'"Article {a}"', graph)
        day = f"20{20 + a % 6}-{1 + a % 12:02d}-{1 + a % 28:02d}"
        quad(graph, DATE, f'"{day}"^^{XSD_DATE}', graph)
        cast = {people[i] for i in rng.choices(range(actors), weights=weights, k=5)}
        cast = sorted(cast)
        for iri, kind, name in cast:
            quad(graph, ag("mentions"), iri, graph)
            if repeated:
                quad(iri, RDF_TYPE, ag(kind), graph)
                quad(iri, LABEL, f'"{name}"@en', graph)
            elif rng.random() < 1 / 3:
                mention = f"<{ID}mention/{hex16(a, iri)}>"
                quad(mention, ag("mentionOf"), iri, graph)
                quad(mention, ag("surfaceForm"), f'"{name.split()[0]}"', graph)
        for e in range(4):
            kind, relation, symmetric = rng.choice(EVENTS)
            if len(cast) < 2:
                break
            first, second = rng.sample(cast, 2)
            event = f"<{ID}event/{hex16(a, e)}>"
            evidence = f"<{ID}evidence/{hex16(a, e, 'v')}>"
            quad(event, RDF_TYPE, ag(kind), graph)
            quad(event, ag("relation"), ag(relation), graph)
            quad(event, ag("participant"), first[0], graph)
            quad(event, ag("participant"), second[0], graph)
            quad(event, ag("status"), ag(rng.choice(STATUSES)), graph)
            quad(event, ag("date"), f'"{day}"^^{XSD_DATE}', graph)
            quad(event, ag("evidence"), evidence, graph)
            quad(evidence, RDF_TYPE, ag("Evidence"), graph)
            quad(evidence, ag("sentence"), f'"{first[2]} and {second[2]}: {kind} {e}."', graph)
            quad(evidence, DERIVED, graph, graph)
            edge(first[0], ag(relation), second[0], graph)
            if symmetric:
                edge(second[0], ag(relation), first[0], graph)
        for s, p, o in new_edges:
            quad(s, p, o, RELATIONS)
        new_edges.clear()
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeated", action="store_true",
                        help="the old model: each article graph repeats its actors' type and label "
                             "and holds the edges it states")
    parser.add_argument("--edges-in-articles", action="store_true",
                        help="actors described once, but each article graph holds its edges")
    args = parser.parse_args()
    with open(args.output, "w", encoding="utf-8") as out:
        count = generate(out, args.actors, args.articles, args.seed, args.repeated,
                         args.edges_in_articles)
    print(f"{count} quads written to {args.output}")


if __name__ == "__main__":
    main()
