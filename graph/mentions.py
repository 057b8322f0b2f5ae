"""Actor mentions: registry names, titles and posts, unknown names, metonyms and coreference.

The output is one list of ``Mention`` per article, each pointing at an ``Entity`` (a registry
actor or a new one found through the cues news uses), plus the ``RoleFact``s that titles and
appositions state ("Presiden Rusia, Vladimir Putin").
"""

from dataclasses import dataclass, field
from functools import lru_cache

from graph.registry import slugify
from graph.text import fold, name_tokens, tokenize
from ontology import ID_NS

PARTICLES = {"de", "al", "el", "bin", "binti", "ibn", "van", "von", "der", "den", "da", "dos",
             "du", "la", "le", "di"}
KIND_PRIORITY = {"State": 0, "Organisation": 1, "Person": 2, "Place": 3}
BODY_WORDS = {"counterpart", "counterparts", "officials", "official", "government", "forces",
              "military", "troops", "authorities", "delegation", "leaders", "diplomats",
              "pemerintah", "delegasi", "pasukan", "militer", "otoritas"}


@dataclass(eq=False)
class Entity:
    """One actor of an article: a registry entry, or a new actor typed by its cues."""

    iri: str
    kind: str
    label: str
    entry: object = None            # registry ActorEntry, when linked
    forms: set = field(default_factory=set)
    types: tuple = ()

    @property
    def wikidata(self):
        return self.entry.wikidata if self.entry is not None else None


@dataclass(eq=False)
class Mention:
    start: int                      # token range [start, end)
    end: int
    sent: int
    entity: Entity = None
    how: str = "registry"           # registry, name, title, surname, pronoun, demonym, metonym
    attributive: bool = False       # names the state/org of a title, not a participant
    plural: bool = False


@dataclass(eq=False)
class RoleFact:
    holder: Entity
    relation: str
    of: Entity
    former: bool
    sent: int
    post: str = ""
    confidence: float = 0.9


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


_TITLE_STARTS = {}


def _title_starts(lex):
    """First words of the lexicon's titles ("vice-president" starts with "vice")."""
    key = id(lex)
    if key not in _TITLE_STARTS:
        _TITLE_STARTS[key] = {t.replace("-", " - ").split()[0] for t in lex.titles}
    return _TITLE_STARTS[key]


def person_iri(name):
    return f"{ID_NS}person/{slugify(name)}"


def org_iri(name):
    return f"{ID_NS}org/{slugify(name)}"


class MentionFinder:
    """Finds mentions in one article; holds the article's entity table for coreference."""

    def __init__(self, doc, registry, lex):
        self.doc = doc
        self.tokens = doc.tokens
        self.registry = registry
        self.lex = lex
        self.gaz = gazetteer_for(registry)
        self.entities = {}
        self.mentions = []
        self.roles = []
        self.covered = {}            # token index -> Mention
        self.title_tokens = set()
        self.surnames = {}           # folded surname -> Entity
        self.local_roles = []        # (relation, of Entity or None, holder Entity), in text order
        self.pending = []            # title-only mentions several registry actors fit
        self.acronyms = {}           # "TPLF" -> the organisation it abbreviates in this article
        self.title_starts = _title_starts(lex)

    # -- entities -----------------------------------------------------------------------
    def entity_for_entry(self, entry):
        ent = self.entities.get(entry.iri)
        if ent is None:
            ent = Entity(entry.iri, entry.kind, entry.label, entry, types=entry.types)
            self.entities[entry.iri] = ent
            if entry.kind == "Person":
                self._index_person(ent, [entry.label, *entry.aliases])
        return ent

    def entity_for_name(self, name, kind="Person"):
        hits = [e for e in self.registry.lookup(name) if e.kind == kind]
        if hits:
            return self.entity_for_entry(hits[0])
        iri = person_iri(name) if kind == "Person" else org_iri(name)
        ent = self.entities.get(iri)
        if ent is None:
            ent = Entity(iri, kind, name, None, types=(kind,))
            self.entities[iri] = ent
            if kind == "Person":
                self._index_person(ent, [name])
        return ent

    def _index_person(self, ent, names):
        for name in names:
            parts = [t for t in name_tokens(name) if t.alpha and t.cap]
            if not parts:
                continue
            self.surnames[parts[-1].key] = ent
            if self.lex.lang == "id" or len(parts) == 1:
                self.surnames.setdefault(parts[0].key, ent)

    # -- passes -------------------------------------------------------------------------
    def _quotes(self):
        """Token indices inside quotation marks: a pronoun outside a quote does not refer to a
        name inside it ('"… to President Abbas …," he said')."""
        quoted, inside, paragraph = set(), False, -1
        for s in self.doc.sentences:
            if s.paragraph != paragraph:
                inside, paragraph = False, s.paragraph
            for t in self.tokens[s.first:s.last]:
                if t.text in ('"', "“", "”", "«", "»"):
                    inside = (t.text in ('“', "«")) or (t.text == '"' and not inside)
                    continue
                if inside:
                    quoted.add(t.i)
        self.quoted = quoted

    def run(self):
        self._quotes()
        self._dateline()
        self._registry_pass()
        self._possessives()
        self._title_pass()
        self._name_pass()
        self._resolve_pending()
        self.mentions.sort(key=lambda m: m.start)
        return self

    def _dateline(self):
        """DUBAI / JAKARTA, KOMPAS.com -- : the dateline names where the story was filed, not an actor."""
        self.dateline = set()
        sents = self.doc.sentences
        if len(sents) < 2:
            return
        s = sents[1] if sents[0].paragraph != sents[1].paragraph or len(sents) > 1 else sents[0]
        i = s.first
        while i < s.last and self.tokens[i].upper and self.tokens[i].alpha:
            self.dateline.add(i)
            i += 1
        if self.dateline:
            # an outlet name and a dash may follow: "SINGAPURA, KOMPAS.com --"
            j = i
            while j < min(s.last, i + 6) and self.tokens[j].text != "-":
                j += 1
            if j < s.last and self.tokens[j].text == "-":
                self.dateline.update(range(i, j + 1))
                while j + 1 < s.last and self.tokens[j + 1].text == "-":
                    j += 1
                    self.dateline.add(j)

    def _add(self, m):
        self.mentions.append(m)
        for k in range(m.start, m.end):
            self.covered[k] = m
        return m

    def _registry_pass(self):
        toks = self.tokens
        for s in self.doc.sentences:
            i = s.first
            while i < s.last:
                if i in self.dateline:
                    i += 1
                    continue
                hit = self.gaz.match(toks, i)
                if hit is None or i + hit[0] > s.last:
                    i += 1
                    continue
                n, entries, how = hit
                entry = entries[0]
                m = Mention(i, i + n, s.index, how=how)
                if how == "demonym":
                    m.entity = self.entity_for_entry(entry)
                    m.attributive = not self._demonym_is_actor(i + n, s)
                    m.plural = toks[i + n - 1].key.endswith("s") and toks[i + n - 1].key not in entry.label.lower()
                    if toks[i + n - 1].key.endswith("s") and toks[i + n - 1].key[:-1] in [fold(d) for d in entry.demonyms]:
                        m.attributive = False
                elif entry.kind == "Place" and entry.iri in self.gaz.capital_of and not self._locative(i):
                    m.entity = self.entity_for_entry(self.gaz.capital_of[entry.iri])
                    m.how = "metonym"
                else:
                    m.entity = self.entity_for_entry(entry)
                self._add(m)
                i += n

    def _possessives(self):
        """"Iran's most powerful figure", "an Iran-allied militia": the state qualifies a noun, it
        does not act; "Yemen's government" still acts, and so do persons ("Xi's visit")."""
        toks = self.tokens
        n = len(toks)
        for m in self.mentions:
            if m.entity is None or m.entity.kind not in ("State", "Organisation") or m.end + 1 >= n:
                continue
            nxt, after = toks[m.end], toks[m.end + 1]
            if nxt.text in ("'s", "’s") and after.key not in BODY_WORDS:
                m.attributive = True
            elif nxt.text == "-" and not nxt.space_before and after.alpha and not after.cap:
                m.attributive = True

    def _demonym_is_actor(self, j, s):
        """"South Korean and Japanese counterparts", "Israeli forces": the demonym names the state."""
        toks = self.tokens
        while j < s.last and (toks[j].key in ("and", "dan", ",") or self.gaz.match(toks, j)):
            hit = self.gaz.match(toks, j)
            j += hit[0] if hit else 1
        if j + 2 < s.last and toks[j].key in BODY_WORDS and toks[j + 1].text == "," and toks[j + 2].cap:
            return False     # "his Turkish counterpart, Mevlut Cavusoglu": the person acts
        return j < s.last and toks[j].key in BODY_WORDS

    def _locative(self, i):
        toks = self.tokens
        k = i - 1
        while k >= 0 and (toks[k].key in ("kota", "city", "ibu", "capital") or self.lex.is_a(toks[k].text, "determiner")):
            k -= 1
        return k >= 0 and (self.lex.is_a(toks[k].text, "loc") or self.lex.is_a(toks[k].text, "dest")
                           or self.lex.is_a(toks[k].text, "from"))

    # -- titles -------------------------------------------------------------------------
    def _match_title(self, i, last):
        toks = self.tokens
        first = toks[i].lower
        if first not in self.title_starts:
            return None
        for n in range(min(6, last - i), 0, -1):
            phrase = " ".join(t.lower for t in toks[i:i + n])
            phrase = phrase.replace(" - ", "-")
            if phrase in self.lex.titles:
                return n, self.lex.titles[phrase]
            if phrase.endswith("s") and phrase[:-1] in self.lex.titles and self.lex.lang == "en":
                return n, self.lex.titles[phrase[:-1]]        # "foreign ministers"
        return None

    def _plural_title(self, ts, te):
        toks = self.tokens
        return (ts > 0 and toks[ts - 1].key == "para") or (
            self.lex.lang == "en" and toks[te - 1].key.endswith("s") and toks[te - 1].key[:-1] in
            {w for t in self.lex.titles for w in t.split()})

    def _title_pass(self):
        toks = self.tokens
        for s in self.doc.sentences:
            i = s.first
            while i < s.last:
                if i in self.covered or i in self.dateline:
                    i += 1
                    continue
                hit = self._match_title(i, s.last)
                if hit is None:
                    i += 1
                    continue
                n, (relation, post) = hit
                nxt = toks[i + n] if i + n < s.last else None
                if n == 1 and post in GENERIC_POSTS and nxt is not None and nxt.alpha and not nxt.cap \
                        and nxt.key not in self.lex.words and nxt.lower not in SPEECH:
                    i += 1       # "head coach", "chief economist": a word before a noun, no title
                    continue
                self.title_tokens.update(range(i, i + n))
                end = self._bind_title(s, i, i + n, relation, post)
                i = max(end, i + n)

    def _skip_paren(self, j, last):
        toks = self.tokens
        if j < last and toks[j].text == "(":
            k = j + 1
            while k < last and toks[k].text != ")" and k - j < 8:
                k += 1
            if k < last and toks[k].text == ")":
                return k + 1
        return j

    def _left_context(self, s, ts):
        """Before an English title: determiners, 'former', a demonym or "X's" naming the state or org."""
        toks = self.tokens
        of = None
        former = False
        k = ts - 1
        steps = 0
        skipped = 0
        while k >= s.first and steps < 6:
            steps += 1
            t = toks[k]
            m = self.covered.get(k)
            if m is None and of is None and skipped < 2 and t.alpha and not t.cap \
                    and (t.key not in self.lex.words or self.lex.is_a(t.text, "portfolio")) \
                    and k - 1 >= s.first and (k - 1 in self.covered or not toks[k - 1].cap) and self.lex.lang == "en":
                skipped += 1     # "White House national security spokesman John Kirby"
                k -= 1
                continue
            if m is not None and of is None and m.entity.kind in ("State", "Organisation", "Person"):
                if m.how == "demonym" or (k + 1 < ts and toks[k + 1].text in ("'s", "’s")) or k + 1 == ts \
                        or (k + 1 < ts and toks[k + 1].text == "-") or skipped:
                    of = m
                    k = m.start - 1
                    continue
                break
            if t.text in ("'s", "’s", "-") or self.lex.is_a(t.text, "determiner") or t.key in ("special", "top", "senior", "chief", "new", "acting"):
                k -= 1
                continue
            if self.lex.is_a(t.text, "former"):
                former = True
                k -= 1
                continue
            if m is not None and of is not None:  # "U.N. Syria envoy": the first of two names is the org
                if m.entity.kind in ("State", "Organisation"):
                    of = m
                    k = m.start - 1
                    continue
            break
        return of, former, k + 1

    def _bind_title(self, s, ts, te, relation, post):
        """Title at [ts, te): find what it is a post of and who holds it; returns the end token."""
        toks = self.tokens
        of_m, former, left = self._left_context(s, ts)
        j = self._skip_portfolio(self._skip_paren(te, s.last), s.last)
        # "Secretary-General of NATO", "Duta Besar Israel untuk Berlin", "Presiden RI ke-8"
        if j < s.last and toks[j].key in ("of", "the") and relation != "-":
            j2 = j + 1 if toks[j].key == "of" else j
            if j2 < s.last and toks[j2].key == "the":
                j2 += 1
            m = self.covered.get(j2)
            if m is not None and m.entity.kind in ("State", "Organisation") and m.start == j2:
                of_m, j = m, m.end
        j = self._skip_republic(j, s.last)
        if of_m is None and relation in ("spokespersonOf", "envoyOf"):
            # "juru bicara kantor kepresidenan Korea Selatan": a few common words, then the state
            k2 = j
            while k2 < min(s.last, j + 3) and toks[k2].alpha and not toks[k2].cap and k2 not in self.covered \
                    and not self.lex.is_a(toks[k2].text, "loc") and not self._match_title(k2, s.last):
                k2 += 1
            m2 = self.covered.get(k2)
            if k2 > j and m2 is not None and m2.start == k2 and m2.entity.kind in ("State", "Organisation"):
                j = k2
        m = self.covered.get(j)
        if m is not None and m.start == j and of_m is None and m.entity.kind in ("State", "Organisation"):
            of_m, j = m, m.end
            j = self._skip_paren(j, s.last)
        if j < s.last and toks[j].key in ("untuk", "for", "to", "on") and relation == "envoyOf":
            # "Duta Besar Israel untuk Berlin", "special envoy for North Korea": the posting or topic
            k2 = self._skip_republic(j + 1, s.last)
            if k2 < s.last and toks[k2].key == "the":
                k2 += 1
            m2 = self.covered.get(k2)
            if m2 is not None and m2.start == k2 and m2.entity.kind in ("State", "Organisation", "Place"):
                m2.attributive = True
                j = self._skip_paren(m2.end, s.last)
        if j + 2 < s.last and toks[j].key == "ke" and toks[j + 1].text == "-":
            j += 3
        if of_m is not None and relation in ("envoyOf", "spokespersonOf") and j + 1 < s.last \
                and self.lex.is_a(toks[j].text, "loc"):
            m2 = self.covered.get(j + 1)
            if m2 is not None and m2.start == j + 1 and m2.entity.kind in ("Place", "State"):
                m2.attributive = True
                j = m2.end           # "Kedutaan Besar Jepang di Jakarta, Haruka Morimoto"
        principal = None
        m = self.covered.get(j)
        if (m is not None and m.start == j and m.entity.kind == "Person" and of_m is None
                and relation in ("envoyOf", "spokespersonOf") and not toks[ts].cap and self.lex.lang == "id"):
            principal, j = m, m.end
        elif of_m is None and relation in ("envoyOf", "spokespersonOf") and j < s.last and j not in self.covered:
            inner = self._match_title(j, s.last)
            if inner is not None:
                # "juru bicara Menteri Pertahanan Prabowo, Dahnil ...": the spokesperson of a person
                n2, (rel2, post2) = inner
                self.title_tokens.update(range(j, j + n2))
                before = len(self.mentions)
                j = max(self._bind_title(s, j, j + n2, rel2, post2), j + n2)
                people = [x for x in self.mentions[before:] if x.entity.kind == "Person"]
                if people:
                    principal = people[0]
        comma = j < s.last and toks[j].text == ","
        k = j + 1 if comma else j
        while k < s.last and k not in self.covered and self.lex.is_a(toks[k].text, "honorific"):
            k += 1
        holder_m, end = self._holder_at(s, k)
        if of_m is not None:
            of_m.attributive = True
        if principal is not None:
            principal.attributive = True
            of_m = principal
        if holder_m is None:
            return self._title_only(s, ts, te, relation, post, of_m, former)
        self._record_role(holder_m.entity, relation, of_m.entity if of_m else None, former, s.index, post)
        return end

    def _skip_portfolio(self, j, last):
        """"Menteri Kelautan dan Perikanan Susi", "juru bicara Kementerian Luar Negeri Arrmanatha",
        "Minister of Foreign Affairs X": the portfolio between a title and the name."""
        toks = self.tokens
        k = j
        if k < last and toks[k].key in ("of", "for") and k + 1 < last and self.lex.is_a(toks[k + 1].text, "portfolio"):
            k += 1
        start = k
        while k < last and k not in self.covered and toks[k].cap and (
                self.lex.is_a(toks[k].text, "portfolio") or self.lex.is_a(toks[k].text, "ministry")
                or (k > start and self.lex.is_a(toks[k].text, "conj") and k + 1 < last
                    and self.lex.is_a(toks[k + 1].text, "portfolio"))
                or (k > start and toks[k].key in ("dan", "and", "serta"))):
            k += 1
        while k < last and k > start and toks[k].key in ("dan", "and", "serta", "of") and k + 1 < last \
                and self.lex.is_a(toks[k + 1].text, "portfolio"):
            k += 2
        return k if k > start else j

    def _skip_republic(self, j, last):
        """"Republik Prancis", "the Republic of Korea": the state's formal name around its name."""
        toks = self.tokens
        if j in self.covered:
            return j
        if j < last and self.lex.is_a(toks[j].text, "republic") and j + 1 < last and j + 1 in self.covered:
            return j + 1
        if j + 2 < last and self.lex.is_a(toks[j].text, "republic") and self.lex.is_a(toks[j + 1].text, "republic") \
                and j + 2 in self.covered:
            return j + 2             # "Kedutaan Besar Jepang": the embassy speaks for its state
        if j + 2 < last and self.lex.is_a(toks[j].text, "republic") and toks[j + 1].key == "of" \
                and j + 2 in self.covered:
            return j + 2
        return j

    def _holder_at(self, s, k):
        """A person named at token k: a registry person, an earlier person, or a new capitalised name."""
        toks = self.tokens
        if k >= s.last:
            return None, k
        m = self.covered.get(k)
        if m is not None and m.start == k:
            if m.entity.kind == "Person":
                return m, m.end
            return None, k
        span = self._name_span(s, k)
        if span is None:
            return None, k
        a, b = span
        tail = self.covered.get(b)
        if tail is not None and tail.start == b and tail.entity.kind == "Person" and tail.how == "registry":
            # "Recep Tayyip" + registry "Erdogan": the full name, one mention
            full = self._span_text(a, tail.end)
            tail.start = a
            for x in range(a, b):
                self.covered[x] = tail
            tail.entity.forms.add(full)
            return tail, tail.end
        name = self._span_text(a, b)
        hits = [e for e in self.registry.lookup(name) if e.kind == "Person"]
        if hits:
            ent = self.entity_for_entry(hits[0])
        elif b - a == 1 and toks[a].key in self.surnames:
            ent = self.surnames[toks[a].key]
        else:
            ent = self.entity_for_name(name)
        ent.forms.add(name)
        return self._add(Mention(a, b, s.index, ent, how="name")), b

    def _span_text(self, a, b):
        return self.doc.text[self.tokens[a].start:self.tokens[b - 1].end]

    def _headline(self, s):
        """A title-case headline capitalises every word: no new names can be read off it."""
        words = [t for t in self.tokens[s.first:s.last] if t.alpha and len(t.text) > 3]
        return s.index == 0 and len(words) >= 3 and sum(t.cap for t in words) >= 0.7 * len(words)

    def _name_span(self, s, k):
        """A run of capitalised words (with name particles and hyphens) starting at k."""
        toks = self.tokens
        if k >= s.last or not toks[k].cap or not toks[k].alpha or k in self.covered or self._headline(s):
            return None
        if self._is_function(toks[k]):
            return None
        b = k + 1
        while b < s.last and b not in self.covered:
            t = toks[b]
            if t.text == "-" and not t.space_before and b + 1 < s.last and not toks[b + 1].space_before:
                b += 2
                continue
            if t.cap and t.alpha and b not in self.title_tokens and (
                    not self._is_function(t) or self.lex.is_a(t.text, "pronoun")):
                b += 1           # "Liu He": a capitalised pronoun inside a name is part of it
                continue
            if t.key in PARTICLES and b + 1 < s.last and toks[b + 1].cap and not self.lex.is_a(t.text, "loc"):
                b += 1
                continue
            if t.text in ("'s", "’s") and b + 1 < s.last and toks[b + 1].cap and toks[b + 1].alpha \
                    and b + 1 not in self.covered and any(self.lex.is_a(x.text, "org_keyword")
                                                          for x in toks[b + 1:min(s.last, b + 5)]):
                b += 1           # "Tigray People's Liberation Front"
                continue
            if t.key in ("of", "for", "on") and b + 1 < s.last and toks[b + 1].cap and b + 1 not in self.covered \
                    and any(self.lex.is_a(x.text, "org_keyword") for x in toks[k:b]):
                b += 1           # "European Council on Foreign Relations"
                continue
            break
        while b > k + 1 and toks[b - 1].text == "-":
            b -= 1
        if b - k > 5:
            return None
        return k, b

    def _is_function(self, tok):
        lex = self.lex
        k = tok.lower
        return (k in lex.months or k in lex.weekdays or k in lex.titles or k in lex.stopwords
                or (k in lex.words and not lex.is_a(tok.text, "honorific")
                    and not lex.is_a(tok.text, "org_keyword")))

    def _title_only(self, s, ts, te, relation, post, of_m, former):
        """"Presiden Rusia", "the Chinese president": resolve through the article, then the registry."""
        if relation == "-":
            return te
        of = of_m.entity if of_m else None
        holder = None
        for rel, of_e, h in reversed(self.local_roles):
            if rel == relation and (of is None or of_e is of):
                holder = h
                break
        plural = self._plural_title(ts, te)
        if plural and of_m is not None and relation != "leaderOf":
            # "para menteri luar negeri Malaysia, Thailand dan Filipina": each state's holder
            self._coordinated_holders(s, of_m.start, relation, post)
            return te
        if holder is None and of is not None and (relation in UNIQUE_POSTS or post not in GENERIC_POSTS):
            candidates = self._registry_candidates(relation, of, post)
            if len(candidates) == 1:
                holder = self.entity_for_entry(candidates[0])
            elif candidates and relation != "leaderOf":
                # "utusan khusus Trump": several envoys fit; a later name among them settles it
                m = self._add(Mention(ts, te, s.index, Entity("", "Pending", ""), how="title"))
                self.pending.append((m, relation, of, former, post, {c.iri for c in candidates}))
                return te
        if holder is None:
            return te
        self._add(Mention(ts, te, s.index, holder, how="title"))
        if relation == "leaderOf" and of is not None and of.kind == "State":
            self._coordinated_holders(s, te, relation, post)
        elif of is not None:
            self._record_role(holder, relation, of, former, s.index, post, confidence=0.7)
        return te

    def _coordinated_holders(self, s, j, relation, post):
        """"para pemimpin Rusia dan Ukraina", "para menteri luar negeri Malaysia, Thailand dan
        Filipina": each state of the list stands for the holder of the post, where one is known."""
        toks = self.tokens
        while j < s.last:
            if toks[j].text == "," or self.lex.is_a(toks[j].text, "conj"):
                j += 1
                continue
            m = self.covered.get(j)
            if m is None or m.start != j or m.entity.kind != "State":
                break
            m.attributive = False
            hits = self._registry_candidates(relation, m.entity, post)
            if len(hits) == 1:
                m.entity, m.how = self.entity_for_entry(hits[0]), "title"
            j = m.end

    def _registry_candidates(self, relation, of, post):
        if relation == "leaderOf" and of.kind == "State":
            leader = self.leader_of(of)
            return [leader.entry] if leader is not None and leader.entry is not None else []
        day = self.doc.date
        kw = {"post": post} if relation == "ministerOf" and post not in ("minister", "") else {}
        hits = self.registry.holders(relation, of.iri, day, **kw) if of.entry is not None else []
        if not hits and relation == "envoyOf" and of.kind == "Person":
            for r in self.registry.roles_of(of.iri, day):
                if r.role_type == "headOfState":
                    hits = self.registry.holders(relation, r.of, day)
                    break
        return hits

    def _resolve_pending(self):
        for m, relation, of, former, post, iris in self.pending:
            later = [x for x in self.mentions if x.start > m.start and x.entity.iri in iris]
            if later:
                later.sort(key=lambda x: x.start)
                m.entity = later[0].entity
                self._record_role(m.entity, relation, of, former, m.sent, post, confidence=0.6)
        self.mentions = [m for m in self.mentions if m.entity.kind != "Pending"]

    def _registry_holder(self, relation, of, post):
        day = self.doc.date
        kw = {"post": post} if relation == "ministerOf" and post not in ("minister", "") else {}
        hits = self.registry.holders(relation, of.iri, day, **kw) if of.entry is not None else []
        if not hits and relation == "envoyOf" and of.kind == "Person":
            for r in self.registry.roles_of(of.iri, day):
                if r.role_type == "headOfState":
                    hits = self.registry.holders(relation, r.of, day)
                    break
        if relation == "leaderOf" and of.kind == "State":
            return self.leader_of(of)
        if len(hits) != 1:
            return None
        return self.entity_for_entry(hits[0])

    def leader_of(self, state):
        """Who "the leader of" a state is on the article's date: the head of government where the
        lexicon says the government leads (parliamentary states), else the head of state."""
        if state.entry is None:
            return None
        day = self.doc.date
        order = ("headOfState", "headOfGovernment")
        if state.iri.rsplit("/", 1)[-1] in PARLIAMENTARY:
            order = order[::-1]
        for rel in order:
            hits = self.registry.holders(rel, state.iri, day)
            if len(hits) == 1:
                return self.entity_for_entry(hits[0])
        return None

    def _record_role(self, holder, relation, of, former, sent, post, confidence=0.9):
        if relation == "-" or holder.kind != "Person":
            return
        if relation == "leaderOf" and of is not None and of.kind == "State":
            # "pemimpin Korea Utara Kim Jong Un": head of state or of government, as the registry
            # says, else as the state's system says (leaders.tsv)
            known = [r.role_type for r in self.registry.roles_of(holder.iri, self.doc.date)
                     if r.of == of.iri and r.role_type in ("headOfState", "headOfGovernment")]
            if known:
                relation = known[0]
            elif holder.entry is None:
                parliamentary = of.iri.rsplit("/", 1)[-1] in PARLIAMENTARY
                relation = "headOfGovernment" if parliamentary else "headOfState"
            else:
                return
            confidence = min(confidence, 0.7)
        if of is None:
            of = self._registry_role_of(holder, relation, post, former)
            confidence = 0.75
        of = self._speaks_for(of)
        if of is None or of is holder:
            self.local_roles.append((relation, None, holder))
            return
        self.local_roles.append((relation, of, holder))
        self.roles.append(RoleFact(holder, relation, of, former, sent, post, confidence))

    def _speaks_for(self, of):
        """A ministry speaks for its state (the eval guidelines and common usage): its spokesperson
        or minister is the state's; bodies that act on their own (White House, Kremlin) stay."""
        if of is None or of.kind != "Organisation" or of.entry is None or not of.entry.part_of:
            return of
        names = [of.label, *of.entry.labels.values()]
        if any(self.lex.is_a(w, "ministry") for n in names for w in n.split()[:2]):
            state = self.registry.get(of.entry.part_of)
            if state is not None and state.kind == "State":
                return self.entity_for_entry(state)
        return of

    def _registry_role_of(self, holder, relation, post, former):
        if holder.entry is None:
            return None
        day = None if former else self.doc.date
        roles = self.registry.roles_of(holder.iri, day)
        hits = [r for r in roles if r.role_type == relation]
        if not hits and post:
            # "President Hassan Rouhani": the registry files Iran's president as head of
            # government; the text's title still says which state he is president of
            hits = [r for r in roles if r.post and fold(r.post) == fold(post)]
        ofs = {r.of for r in hits}
        if len(ofs) != 1:
            return None
        entry = self.registry.get(ofs.pop())
        return self.entity_for_entry(entry) if entry else None

    # -- names, surnames and pronouns ------------------------------------------------------
    def _name_pass(self):
        toks = self.tokens
        for s in self.doc.sentences:
            i = s.first
            while i < s.last:
                if i in self.covered or i in self.title_tokens or i in self.dateline:
                    i += 1
                    continue
                t = toks[i]
                if t.lower in self.lex.words and self.lex.is_a(t.text, "pronoun"):
                    ent = self._last_person(i)
                    if ent is not None:
                        self._add(Mention(i, i + 1, s.index, ent, how="pronoun"))
                    i += 1
                    continue
                if t.cap and t.lower in self.lex.words and self.lex.is_a(t.text, "plural_pronoun") \
                        and i == s.first:
                    # "They met in Munich": the actors named together just before
                    for ent in self._last_group(s):
                        self._add(Mention(i, i + 1, s.index, ent, how="pronoun", plural=True))
                    i += 1
                    continue
                ref = self._state_anaphor(i, s)
                if ref is not None:
                    self._add(Mention(i, ref[1], s.index, ref[0], how="pronoun"))
                    i = ref[1]
                    continue
                if t.upper and t.text in self.acronyms:
                    self._add(Mention(i, i + 1, s.index, self.acronyms[t.text], how="name"))
                    i += 1
                    continue
                span = self._name_span(s, i)
                if span is None:
                    i += 1
                    continue
                a, b = span
                ent = self._resolve_name(a, b, s)
                if ent is not None:
                    self._add(Mention(a, b, s.index, ent, how="name"))
                    self._acronym_after(b, s, ent)
                    if ent.kind == "Person":
                        self._counterpart(a, s, ent)
                i = b
        # apposition roles: "Zeev Elkin, an Israeli cabinet minister", "Mark Rutte, Sekjen NATO"
        for m in list(self.mentions):
            if m.entity.kind == "Person" and m.how in ("name", "registry"):
                self._apposition(m)

    def _state_anaphor(self, i, s):
        """"the country", "negara itu": the state named last, like a pronoun for states."""
        toks = self.tokens
        t = toks[i]
        if not self.lex.is_a(t.text, "state_noun"):
            return None
        if i > s.first and toks[i - 1].key == "the" and self.lex.lang == "en":
            end = i + 1
        elif i + 1 < s.last and toks[i + 1].key in ("itu", "tersebut") and self.lex.lang == "id":
            end = i + 2
        else:
            return None
        # the nearest state just before is usually the clause's subject ("Russia invaded the country")
        last = max((m for m in self.mentions if m.start < i - 3 and m.entity.kind == "State"),
                   key=lambda m: m.start, default=None)
        return (last.entity, end) if last is not None else None

    def _acronym_after(self, b, s, ent):
        """"Tigray People's Liberation Front (TPLF)": later "TPLF" is the same actor."""
        toks = self.tokens
        if b + 2 < s.last and toks[b].text == "(" and toks[b + 1].upper and toks[b + 2].text == ")" \
                and ent.kind == "Organisation":
            self.acronyms[toks[b + 1].text] = ent
            ent.forms.add(toks[b + 1].text)
            self._add(Mention(b + 1, b + 2, s.index, ent, how="name"))

    def _counterpart(self, a, s, ent):
        """"his Chinese counterpart, Zhong Shan": the same post as the person before, in the
        state the demonym (or "dari Kamboja") names."""
        toks = self.tokens
        k = a - 1
        if k < s.first or toks[k].text != ",":
            return
        k -= 1
        state = None
        m = self.covered.get(k)
        if m is not None and m.entity.kind == "State" and k - (m.end - m.start) >= s.first:
            state, k = m.entity, m.start - 1          # "mitranya dari Kamboja, Tea Seiha"
            if k >= s.first and self.lex.is_a(toks[k].text, "from"):
                k -= 1
        if k < s.first or not self.lex.is_a(toks[k].text, "counterpart"):
            return
        if state is None:
            m = self.covered.get(k - 1)
            if m is not None and m.how == "demonym":
                state = m.entity
        if state is None:
            return
        for m in self.mentions:
            if m.sent == s.index and m.entity.kind == "State" and m.entity is state and m.end <= a:
                m.attributive = True     # "mitranya dari Kamboja, Tea Seiha": the person acts
        speakers = sorted((m for m in self.mentions if m.sent <= s.index and m.start < a
                           and m.entity.kind == "Person" and m.entity is not ent),
                          key=lambda m: m.start, reverse=True)
        for m in speakers[:3]:
            roles = [r for r in self.roles if r.holder is m.entity and r.of.kind == "State" and r.of is not state]
            if roles:
                r = roles[-1]
                self._record_role(ent, r.relation, state, False, s.index, r.post, 0.6)
                break

    def _resolve_name(self, a, b, s):
        toks = self.tokens
        words = [t for t in toks[a:b] if t.alpha]
        keys = [t.key for t in words]
        if len(keys) == 1 or all(k in self.surnames for k in keys[-1:]) and len(keys) == 1:
            return self.surnames.get(keys[0])
        if keys and keys[-1] in self.surnames and len(keys) == 2 and keys[0] in self.surnames:
            return self.surnames[keys[-1]]
        name = self._span_text(a, b)
        if any(self.lex.is_a(t.text, "org_keyword") for t in words):
            if a == s.first and len(words) < 2:
                return None
            return self.entity_for_name(name, "Organisation")
        if len(words) >= 2 and (a != s.first and self._looks_like_person(a, b, s)
                                or self._apposition_title_after(b, s) or self._after_counterpart(a, s)):
            return self.entity_for_name(name)
        return None

    def _after_counterpart(self, a, s):
        toks = self.tokens
        back = [t.key for t in toks[max(s.first, a - 5):a]]
        return len(back) >= 2 and back[-1] == "," and any(self.lex.is_a(k, "counterpart") for k in back)

    def _apposition_title_after(self, b, s):
        """"Zeev Elkin, an Israeli cabinet minister": a name followed by a title is a person."""
        toks = self.tokens
        if b >= s.last or toks[b].text != ",":
            return False
        k = b + 1
        for _ in range(4):
            if k >= s.last:
                return False
            if self._match_title(k, s.last):
                return True
            if not (self.lex.is_a(toks[k].text, "determiner") or self.lex.is_a(toks[k].text, "former")
                    or k in self.covered or toks[k].text in ("'s", "’s")):
                return False
            k = self.covered[k].end if k in self.covered else k + 1
        return False

    def _looks_like_person(self, a, b, s):
        """An unknown capitalised pair is a person only next to a speech or person cue."""
        toks = self.tokens
        before = toks[a - 1].key if a > s.first else ""
        after = toks[b].key if b < s.last else ""
        return (before in SPEECH or after in SPEECH or after == "," and b + 1 < s.last
                and (self.lex.is_a(toks[b + 1].text, "determiner") or toks[b + 1].key in SPEECH))

    def _last_group(self, s):
        """The last two or more actors coordinated in the previous sentence ("the U.S. and Russia")."""
        if s.index == 0:
            return []
        prev = sorted((m for m in self.mentions if m.sent == s.index - 1 and not m.attributive
                       and m.entity.kind in ("State", "Organisation", "Person")), key=lambda m: m.start)
        toks = self.tokens
        best = []
        for n in range(len(prev) - 1):
            a, b = prev[n], prev[n + 1]
            gap = toks[a.end:b.start]
            if 0 < len(gap) <= 2 and any(self.lex.is_a(t.text, "conj") for t in gap):
                best = [a.entity, b.entity]
        return best

    def _last_person(self, i):
        outside = i not in self.quoted
        best = None
        for m in self.mentions:
            if m.start < i and m.entity.kind == "Person" and not m.attributive \
                    and not (outside and m.start in self.quoted) and (best is None or m.start > best.start):
                best = m
        return best.entity if best is not None else None

    def _apposition(self, m):
        toks = self.tokens
        s = self.doc.sentences[m.sent]
        j = m.end
        if j >= s.last or toks[j].text != ",":
            return
        k = j + 1
        while k < s.last and self.lex.is_a(toks[k].text, "determiner"):
            k += 1
        former = False
        if k < s.last and self.lex.is_a(toks[k].text, "former"):
            former, k = True, k + 1
        of_m = None
        mm = self.covered.get(k)
        if mm is not None and mm.start == k and mm.entity.kind in ("State", "Organisation"):
            of_m, k = mm, mm.end
            if k < s.last and toks[k].text in ("'s", "’s"):
                k += 1
        while k < s.last and toks[k].key in ("special", "top", "senior", "chief", "new", "acting"):
            k += 1
        hit = self._match_title(k, s.last) if k < s.last else None
        if hit is None:
            return
        other = self.covered.get(k)
        if other is not None and other.entity.kind == "Person" and other.entity is not m.entity:
            return     # "Dihadapan Macron, PM Singapura: ...": the title names someone else
        n, (relation, post) = hit
        e = k + n
        if of_m is None:
            e2 = e + 1 if e < s.last and toks[e].key in ("of", "at", "for") else e
            if e2 < s.last and toks[e2].key == "the":
                e2 += 1
            mm = self.covered.get(e2)
            if mm is not None and mm.start == e2 and mm.entity.kind in ("State", "Organisation"):
                of_m = mm
        if of_m is not None:
            of_m.attributive = True
        self._record_role(m.entity, relation, of_m.entity if of_m else None, former, m.sent, post)


# Posts one person holds at a time: a title alone ("Presiden Rusia") can name its holder.
UNIQUE_POSTS = {"headOfState", "headOfGovernment", "leaderOf"}
# Posts many hold at once: a title alone ("an Israeli minister") names nobody in particular.
GENERIC_POSTS = {"minister", "envoy", "ambassador", "official", "spokesperson", "representative",
                 "head", "director", "chair"}

SPEECH = {"said", "says", "told", "added", "kata", "ujar", "ucap", "tutur", "tegas", "jelas",
          "menurut", "according"}

# States where "the leader" is the head of government (parliamentary systems); loaded from data.
PARLIAMENTARY = set()


def load_metonyms():
    """place slug -> actor slug, from graph/lexicons/metonyms.tsv."""
    from graph.lexicon import LEXICON_ROOT, _rows

    return {r["place"]: r["actor"] for _n, r in _rows(LEXICON_ROOT.joinpath("metonyms.tsv"), ("place", "actor"))}


def _load_parliamentary():
    from graph.lexicon import LEXICON_ROOT, _rows

    path = LEXICON_ROOT.joinpath("leaders.tsv")
    for _n, r in _rows(path, ("state", "leader")):
        if r["leader"] == "headOfGovernment":
            PARLIAMENTARY.add(r["state"].lower())


_load_parliamentary()
