"""Every registry name, alias and demonym as token sequences, for matching in article text."""

from functools import lru_cache

from actorgraph.graph.extract.text import tokenize
from actorgraph.ontology import ID_NS

KIND_PRIORITY = {"State": 0, "Organisation": 1, "Person": 2, "Place": 3}


class Gazetteer:
    """Every registry name and demonym as token-key tuples, longest match first."""

    def __init__(self, registry):
        self.registry = registry
        self.index = {}
        capitals = {}
        for entry in registry:
            if entry.capital:
                capitals.setdefault(entry.capital, entry)
        for place, actor in load_metonyms().items():
            entry = registry.get(ID_NS + actor)
            if entry is not None and registry.get(ID_NS + place) is not None:
                capitals[ID_NS + place] = entry
        self.capital_of = capitals
        for form, entry in registry.surface_forms():
            self._add(form, entry, "registry")
        for entry in registry:
            for word in entry.demonyms:
                self._add(word, entry, "demonym")
                if not word.endswith("s"):
                    self._add(word + "s", entry, "demonym")
        for key in self.index:
            self.index[key].sort(key=lambda c: -len(c[0]))

    def _add(self, form, entry, how):
        toks = tokenize(form)
        if not toks:
            return
        keys = tuple(t.key for t in toks)
        exact = len([c for c in form if c.isalpha()]) <= 3 or form.isupper()
        bucket = self.index.setdefault(keys[0], [])
        for cand in bucket:
            if cand[0] == keys and cand[3] == how:
                if entry not in cand[1]:
                    cand[1].append(entry)
                    cand[1].sort(key=lambda e: KIND_PRIORITY.get(e.kind, 9))
                return
        bucket.append((keys, [entry], tuple(t.text for t in toks) if exact else None, how))

    def match(self, tokens, i):
        """The longest (length, entries, how) starting at token i, or None."""
        tok = tokens[i]
        if not (tok.cap or tok.text[0].isdigit()):
            return None
        for keys, entries, exact, how in self.index.get(tok.key, ()):
            n = len(keys)
            if i + n > len(tokens):
                continue
            if any(tokens[i + k].key != keys[k] for k in range(1, n)):
                continue
            if exact is not None and any(tokens[i + k].text != exact[k] for k in range(n)):
                continue
            return n, entries, how
        return None


@lru_cache(maxsize=8)
def _gazetteer(registry):
    return Gazetteer(registry)


def gazetteer_for(registry):
    return _gazetteer(registry)


def load_metonyms():
    """place slug -> actor slug, from graph/lexicons/metonyms.tsv."""
    from actorgraph.graph.extract.lexicon import LEXICON_ROOT, _rows

    return {r["place"]: r["actor"] for _n, r in _rows(LEXICON_ROOT.joinpath("metonyms.tsv"), ("place", "actor"))}


@lru_cache(maxsize=1)
def load_cities():
    """folded city name -> (name, state iso2), from graph/lexicons/cities.tsv (GeoNames via
    tools/make_cities.py): a capitalised word after "in" or "di" that is a city is a place."""
    from actorgraph.graph.extract.lexicon import LEXICON_ROOT, _rows
    from actorgraph.graph.extract.text import fold

    path = LEXICON_ROOT.joinpath("cities.tsv")
    return {fold(r["name"]): (r["name"], r["state"])
            for _n, r in _rows(path, ("name", "state", "population"))}


BIG_CITY = 1_000_000    # people: a name this big is read as the city without a locative before it


@lru_cache(maxsize=1)
def load_big_cities():
    """Folded names of cities of at least BIG_CITY people ("Sydney hosted the summit"); short
    names that are also common words or first names ("Aba", "Jos") are left to the locative rule."""
    from actorgraph.graph.extract.lexicon import LEXICON_ROOT, _rows
    from actorgraph.graph.extract.text import fold

    path = LEXICON_ROOT.joinpath("cities.tsv")
    return {fold(r["name"]) for _n, r in _rows(path, ("name", "state", "population"))
            if int(r["population"]) >= BIG_CITY and len(r["name"]) > 3}
