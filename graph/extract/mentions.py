"""Actor mentions: registry names, unknown names, metonyms and coreference.

The output is one list of ``Mention`` per article, each pointing at an ``Entity`` (a registry
actor or a new one found through the cues news uses), plus the ``RoleFact``s that titles and
appositions state ("Presiden Rusia, Vladimir Putin"; the rules are in graph/extract/roles.py).
"""

import re

from actorgraph.graph.extract.entities import Entity, Mention, org_iri, person_iri, place_iri
from actorgraph.graph.extract.gazetteer import gazetteer_for, load_big_cities, load_cities
from actorgraph.graph.extract.roles import SPEECH, RoleRules, _title_starts
from actorgraph.graph.extract.text import fold, name_tokens

ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,6}")
PARTICLES = {"de", "al", "el", "bin", "binti", "ibn", "van", "von", "der", "den", "da", "dos",
             "du", "la", "le", "di"}
SUBJECT_REACH = 6         # tokens before a sentence's subject: "Former British Prime Minister X"
BODY_WORDS = {"counterpart", "counterparts", "officials", "official", "government", "forces",
              "military", "troops", "authorities", "delegation", "leaders", "diplomats",
              "pemerintah", "delegasi", "pasukan", "militer", "otoritas"}


class MentionFinder(RoleRules):
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
        self.open_titles = []        # member and leader titles with an organisation, no holder yet
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
            toks = name_tokens(name)
            if len(toks) >= 4 and toks[-2].text == "-" and toks[-1].alpha and not toks[-1].cap:
                self.surnames.setdefault(parts[0].key, ent)   # "Moon Jae-in" is "Moon" later
            if self.lex.lang == "id" or len(parts) == 1:
                self.surnames.setdefault(parts[0].key, ent)
            if self.lex.lang == "id":
                for part in parts[1:-1]:      # "I Putu Yoga Adi Saputra" is "Yoga" later
                    if len(part.text) > 2:
                        self.surnames.setdefault(part.key, ent)

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
        self._opposition_bodies()
        self._title_pass()
        self._name_pass()
        self._relative_holders()
        self._coordinated_possessives()
        self._predecessors()
        self._resolve_pending()
        self.mentions.sort(key=lambda m: m.start)
        return self

    def _dateline(self):
        """DUBAI / JAKARTA, KOMPAS.com -- : the dateline names where the story was filed, not an actor."""
        self.dateline = set()
        span = getattr(self.doc, "dateline", None)
        if span is not None:
            self.dateline.update(t.i for t in self.tokens if span[0] <= t.start < span[1])
        sents = self.doc.sentences
        if len(sents) < 2:
            return
        # the first sentence of the second paragraph (after a title) or of the first: "GOP nominee
        # X said" in mid-paragraph is no dateline
        starts = [x for x in sents[:2] if x.index == 0 or sents[x.index - 1].paragraph != x.paragraph]
        if not starts:
            return
        s = starts[-1]
        i = s.first
        while i < s.last and self.tokens[i].upper and self.tokens[i].alpha:
            self.dateline.add(i)
            i += 1
        n = self._place_opening(s) if i == s.first else 0
        if n:
            i = s.first + n      # "Jakarta, Warta Dunia --": a place, then an outlet and a dash
            self.dateline.update(range(s.first, i))
        if self.dateline:
            # an outlet name and a dash may follow: "SINGAPURA, KOMPAS.com --", "X, June 5 (Wire) -"
            j = i
            while j < min(s.last, i + 9) and self.tokens[j].text != "-":
                j += 1
            if j < s.last and self.tokens[j].text == "-":
                self.dateline.update(range(i, j + 1))
                while j + 1 < s.last and self.tokens[j + 1].text == "-":
                    j += 1
                    self.dateline.add(j)

    def _place_opening(self, s):
        """Tokens of a place that opens the sentence and a dash closes within a few tokens
        ("Jakarta (Warta Dunia) -"), else 0."""
        toks = self.tokens
        if not toks[s.first].cap:
            return 0
        hit = self.gaz.match(toks, s.first)
        if hit is not None:
            n = hit[0] if hit[1][0].kind == "Place" else 0
        else:
            n = 1 if fold(toks[s.first].text) in load_cities() else 0
        k = s.first + n
        if not n or k >= s.last or toks[k].text not in (",", "(", "-"):
            return 0
        dash = next((j for j in range(k, min(s.last, k + 7)) if toks[j].text == "-" and toks[j].space_before), None)
        return n if dash is not None else 0

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
            if nxt.text in ("'s", "’s") and after.key not in BODY_WORDS and not self._unnamed_official(m.end + 1):
                m.attributive = True
            elif nxt.text == "-" and not nxt.space_before and after.alpha and not after.cap:
                m.attributive = True
            if m.entity.kind == "State" and (self.lex.is_a(nxt.text, "opponents") or (
                    m.start > 0 and self.lex.is_a(toks[m.start - 1].text, "opponents"))):
                m.attributive = True     # "a Myanmar opposition figure", "tokoh oposisi Myanmar": its opponents

    def _unnamed_official(self, k):
        """"Saudi Arabia's crown prince hosted X": a title after the possessive with no name
        after it; the state acts through its unnamed office holder."""
        toks = self.tokens
        s = self.doc.sentences[next(x.index for x in self.doc.sentences if x.first <= k < x.last)] \
            if k < len(toks) else None
        if s is None or self.lex.lang != "en":
            return False
        hit = self._match_title(k, s.last)
        if hit is None:
            return False
        e = k + hit[0]
        return e < s.last and toks[e].alpha and not toks[e].cap and toks[e].lower not in SPEECH

    def _opposition_bodies(self):
        """"Venezuela's opposition", "the Syrian opposition", "the opposition won": a state's
        opposition acts as a body of its own (not "an opposition figure": a person of it)."""
        toks = self.tokens
        bodies = {w for w, c in self.lex.words.items() if "opposition_body" in c}
        if not bodies:
            return
        for s in self.doc.sentences:
            for i in range(s.first + 1, s.last):
                if toks[i].lower not in bodies or i in self.covered or toks[i].cap:
                    continue
                nxt = toks[i + 1] if i + 1 < s.last else None
                if nxt is not None and self.lex.is_a(nxt.text, "opposition_person"):
                    continue
                prev = self.covered.get(i - 1)
                state = None
                if prev is not None and prev.entity.kind == "State" and prev.how == "demonym":
                    state = prev
                elif toks[i - 1].text in ("'s", "’s") and self.covered.get(i - 2) is not None \
                        and self.covered[i - 2].entity.kind == "State":
                    state = self.covered[i - 2]
                elif not self.lex.is_a(toks[i - 1].text, "determiner") or toks[i - 1].key != "the":
                    continue
                if state is not None:
                    state.attributive = True
                    name = f"{state.entity.label} opposition"
                else:
                    home = self.home_candidates()[1]
                    if not home:
                        continue     # "the opposition" of a story with no one state
                    name = f"{home[0].label} opposition"
                ent = self.entity_for_name(name, "Organisation")
                ent.forms.add(toks[i].text)
                self._add(Mention(i, i + 1, s.index, ent, how="name"))

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
        if k >= 1 and toks[k].key == "of" and self.lex.is_a(toks[k - 1].text, "from"):
            return True          # "out of Budapest": away from the place, no state acting
        return k >= 0 and (self.lex.is_a(toks[k].text, "loc") or self.lex.is_a(toks[k].text, "dest")
                           or self.lex.is_a(toks[k].text, "from"))

    # -- titles -------------------------------------------------------------------------

    def _span_text(self, a, b):
        return self.doc.text[self.tokens[a].start:self.tokens[b - 1].end]

    def _headline(self, s):
        """A title-case headline capitalises every word: no new names can be read off it."""
        if s.index != 0:
            return False
        words = [t for t in self.tokens[s.first:s.last] if t.alpha and len(t.text) > 3]
        return s.index == 0 and len(words) >= 3 and sum(t.cap for t in words) >= 0.7 * len(words)

    def _name_span(self, s, k):
        """A run of capitalised words (with name particles and hyphens) starting at k."""
        toks = self.tokens
        if k >= s.last or not toks[k].cap or not toks[k].alpha or k in self.covered or self._headline(s):
            return None
        if self._is_function(toks[k]):
            return None
        if self.lex.is_a(toks[k].text, "honorific") and k + 1 < s.last and toks[k + 1].cap:
            return None          # "Admiral Sun Jianguo": the name starts after the rank
        if len(toks[k].text) == 1 and k + 1 < s.last and toks[k + 1].text == "-":
            return None          # "Sen. John Cornyn, R-Texas": a party and a state, no name
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
            if t.key in PARTICLES and b + 2 < s.last and toks[b + 1].text == "-" and toks[b + 2].cap \
                    and not toks[b + 1].space_before and not toks[b + 2].space_before:
                b += 3           # "Walid al-Moualem", "Abu Bakr al-Baghdadi"
                continue
            if t.key in PARTICLES and b + 1 < s.last and toks[b + 1].cap and not self.lex.is_a(t.text, "loc"):
                b += 1
                continue
            if t.key in PARTICLES and b + 2 < s.last and toks[b + 1].key in PARTICLES and toks[b + 2].cap \
                    and toks[b + 2].alpha and not self.lex.is_a(t.text, "loc"):
                b += 2           # "Humberto de la Calle", "Rob van der Berg"
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
            if t.key in ("of", "for", "on") and b + 2 < s.last and toks[b + 1].key == "the" and toks[b + 2].cap \
                    and toks[b + 2].alpha and b + 2 not in self.covered and not self._is_function(toks[b + 2]) \
                    and any(self.lex.is_a(x.text, "org_keyword") for x in toks[k:b]) \
                    and self._acronym_closes(b + 2, s):
                b += 2           # "National Council for the Safeguard of the Homeland (CNSP)"
                continue
            break
        while b > k + 1 and toks[b - 1].text == "-":
            b -= 1
        if sum(t.alpha and t.key not in PARTICLES for t in toks[k:b]) > 5 and not (
                b + 2 < s.last and toks[b].text == "(" and toks[b + 1].upper and toks[b + 2].text == ")"):
            return None          # words, not tokens ("Sabah Al-Ahmad Al-Jaber Al-Sabah" is four); a long run is no name, unless its acronym follows
        return k, b

    def _bare_acronym(self, i, s):
        """"the regional bloc IGAD", "the M23 rebels": an unknown acronym after a bloc noun or
        before a word for fighters is an organisation (never in a capitalised headline)."""
        toks = self.tokens
        t = toks[i]
        if not (2 <= len(t.text) <= 7 and t.text[1:2].isupper() or t.text[1:2].isdigit()):
            return None          # the common case, cheaply: no acronym
        if not ACRONYM.fullmatch(t.text) or sum(c.isupper() or c.isdigit() for c in t.text) < 2 \
                or t.lower in self.lex.words or t.lower in self.lex.titles or self._headline(s):
            return None
        before = i > s.first and self.lex.is_a(toks[i - 1].text, "bloc_noun")
        after = i + 1 < s.last and self.lex.is_a(toks[i + 1].text, "fighters")
        if not (before or after):
            return None
        ent = self.entity_for_name(t.text, "Organisation")
        self.acronyms.setdefault(t.text, ent)
        return ent

    def _acronym_closes(self, k, s):
        """A bracketed acronym closes the capitalised run from k within a few words."""
        toks = self.tokens
        for j in range(k, min(s.last - 2, k + 8)):
            if toks[j].text == "(":
                return toks[j + 1].upper and toks[j + 2].text == ")"
        return False

    def _is_function(self, tok):
        lex = self.lex
        k = tok.lower
        return (k in lex.months or k in lex.weekdays or k in lex.titles or k in lex.stopwords
                or (k in lex.words and not lex.is_a(tok.text, "honorific")
                    and not lex.is_a(tok.text, "org_keyword")))

    def _name_pass(self):
        toks = self.tokens
        for s in self.doc.sentences:
            i = s.first
            while i < s.last:
                if i in self.covered or i in self.title_tokens or i in self.dateline:
                    i += 1
                    continue
                t = toks[i]
                if t.cap and self.lex.is_a(t.text, "org_keyword") and not self._headline(s):
                    spelt = self._org_before_acronym(s, i)    # "Pasukan Pertahanan Chinland (CDF)"
                    if spelt is not None:
                        i = spelt[1]
                        continue
                if t.lower in self.lex.words and self.lex.is_a(t.text, "pronoun"):
                    ent = (self._previous_subject(s) if self._opens_clause(i, s) else None) or self._last_person(i)
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
                    # "the bloc" names a body for memberships, not (yet) as an event's party
                    self._add(Mention(i, ref[1], s.index, ref[0], how="pronoun",
                                      attributive=ref[0].kind == "Organisation"))
                    i = ref[1]
                    continue
                if t.upper and t.text in self.acronyms:
                    m = self._add(Mention(i, i + 1, s.index, self.acronyms[t.text], how="name"))
                    self._acronym_title(m, s)
                    i += 1
                    continue
                bare = self._bare_acronym(i, s)
                if bare is not None:
                    self._add(Mention(i, i + 1, s.index, bare, how="name"))
                    i += 1
                    continue
                span = self._name_span(s, i)
                if span is None:
                    i += 1
                    continue
                a, b = span
                ent = self._resolve_name(a, b, s)
                if ent is None:
                    ent = self._place_after_locative(a, b, s) or self._big_city(a, b, s)
                if ent is not None and ent.kind == "Organisation" and ent.entry is None:
                    ent, a = self._state_in_org_name(a, b, s, ent)
                    ent, b = self._org_of_state(a, b, s, ent)
                if ent is not None:
                    self._add(Mention(a, b, s.index, ent, how="name"))
                    self._acronym_after(b, s, ent)
                    if ent.kind == "Person":
                        self._counterpart(a, s, ent)
                i = b
        # "his Japanese counterpart Shinzo Abe": registry names take the post too
        for m in list(self.mentions):
            if m.entity.kind == "Person" and m.how == "registry":
                self._counterpart(m.start, self.doc.sentences[m.sent], m.entity)
        # apposition roles: "Zeev Elkin, an Israeli cabinet minister", "Mark Rutte, Sekjen NATO"
        for m in list(self.mentions):
            if m.entity.kind == "Person" and m.how in ("name", "registry"):
                self._apposition(m)
            if m.entity.kind == "Person" and m.how == "registry":
                # "mitranya dari Jepang, Yoko Kamikawa": a known name is a counterpart as well
                self._counterpart(m.start, self.doc.sentences[m.sent], m.entity)

    def _big_city(self, a, b, s):
        """"Sydney will host the summit": an unknown name that is a big city, unless it speaks
        or another capitalised word follows (a person: "Sydney Smith", "Santiago said")."""
        toks = self.tokens
        if b < s.last and (toks[b].cap and toks[b].alpha or toks[b].lower in SPEECH):
            return None
        if fold(self._span_text(a, b)) not in load_big_cities():
            return None
        return self._place_after_locative(a, b, s, locative=False)

    def _place_after_locative(self, a, b, s, locative=True):
        """"to Baltimore", "in Phoenix", "di Gianyar": an unknown name after a locative that the
        city list knows is a place (a city's name elsewhere may still be a person's)."""
        toks = self.tokens
        if locative and (a <= s.first or not (self.lex.is_a(toks[a - 1].text, "loc")
                                              or self.lex.is_a(toks[a - 1].text, "dest")
                                              or self.lex.is_a(toks[a - 1].text, "from"))):
            return None
        if b < s.last and toks[b].text in ("'s", "’s"):
            return None
        hit = load_cities().get(fold(self._span_text(a, b)))
        if hit is None:
            return None
        iri = place_iri(hit[0])
        ent = self.entities.get(iri)
        if ent is None:
            ent = Entity(iri, "Place", hit[0], None, types=("Place",))
            self.entities[iri] = ent
        return ent

    def _state_in_org_name(self, a, b, s, ent):
        """"the Kenya African National Union": a state's name that opens an organisation's name
        is part of it, not an actor of its own."""
        prev = self.covered.get(a - 1)
        if prev is None or prev.end != a or prev.entity.kind != "State" or prev.how != "registry" \
                or not self.tokens[a].space_before or (prev.start - 1 >= s.first
                                                       and self.tokens[prev.start - 1].text in ("'s", "’s")):
            return ent, a
        self.mentions.remove(prev)
        name = self._span_text(prev.start, b)
        return self.entity_for_name(name, "Organisation"), prev.start

    def _described_anaphor(self, i, s):
        """The end of "negara <up to three plain words> itu": a described state named before."""
        toks = self.tokens
        k = i + 1
        while k < s.last and k - i <= 3 and toks[k].alpha and not toks[k].cap and k not in self.covered \
                and toks[k].lower not in self.lex.words and toks[k].lower not in self.lex.stopwords:
            k += 1
        if k > i + 1 and k < s.last and self.lex.is_a(toks[k].text, "demonstrative"):
            return k + 1
        return None

    def _acronym_title(self, m, s):
        """"FARC commander Timoleon Jimenez": an acronym spelt out earlier, right before a
        leader's title and its holder, is the body the holder leads (the title pass ran before
        the acronym was known)."""
        hit = self._match_title(m.end, s.last)
        if hit is None or hit[1][0] not in ("leaderOf", "memberOf") or m.end not in self.title_tokens:
            return
        k = m.end + hit[0]
        holder = self.covered.get(k)
        if holder is None or holder.start != k or holder.entity.kind != "Person":
            return
        m.attributive = True
        self._record_role(holder.entity, hit[1][0], m.entity, False, s.index, hit[1][1])

    def _org_of_state(self, a, b, s, ent):
        """"Revolutionary Armed Forces of Colombia (FARC)": a state's name between "of" and the
        acronym in brackets is part of the organisation's name."""
        toks = self.tokens
        m = self.covered.get(b + 1)
        if b + 1 >= s.last or toks[b].key != "of" or m is None or m.start != b + 1 \
                or m.entity.kind != "State" or m.end + 2 >= s.last:
            return ent, b
        e = m.end
        if not (toks[e].text == "(" and toks[e + 1].upper and toks[e + 1].alpha and toks[e + 2].text == ")"):
            return ent, b
        self.mentions.remove(m)
        for k in range(m.start, m.end):
            del self.covered[k]
        if not any(x.entity is ent for x in self.mentions):
            self.entities.pop(ent.iri, None)     # the short name was never an actor of its own
        return self.entity_for_name(self._span_text(a, e), "Organisation"), e

    def _state_anaphor(self, i, s):
        """"the country", "negara itu": the state named last, like a pronoun for states."""
        toks = self.tokens
        t = toks[i]
        classes = self.lex.words.get(t.lower)
        if not classes or not ("state_noun" in classes or "bloc_noun" in classes):
            return None
        bloc = "bloc_noun" in classes
        if i > s.first and toks[i - 1].key == "the" and self.lex.lang == "en":
            end = i + 1
        elif i + 1 < s.last and toks[i + 1].key in ("itu", "tersebut") and self.lex.lang == "id":
            end = i + 2
        elif self.lex.lang == "id" and not bloc and self._described_anaphor(i, s):
            end = self._described_anaphor(i, s)    # "negara kecil kaya gas itu"
        else:
            return None
        if bloc:
            # "the bloc's members", "aliansi itu": the international body named last
            last = max((m for m in self.mentions if m.start < i and m.entity.kind == "Organisation"
                        and "InternationalOrganisation" in m.entity.types), key=lambda m: m.start, default=None)
            return (last.entity, end) if last is not None else None
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

    def _resolve_name(self, a, b, s):
        toks = self.tokens
        words = [t for t in toks[a:b] if t.alpha]
        keys = [t.key for t in words]
        if len(keys) == 1 or all(k in self.surnames for k in keys[-1:]) and len(keys) == 1:
            known = self.surnames.get(keys[0])
            if known is None and len(words) == 1 and self.lex.is_a(words[0].text, "chamber") \
                    and a > s.first and toks[a - 1].key == "the":
                return self.entity_for_name(words[0].text, "Organisation")   # "speaker of the Senate"
            return known
        if keys and keys[-1] in self.surnames and len(keys) == 2 and keys[0] in self.surnames:
            return self.surnames[keys[-1]]
        name = self._span_text(a, b)
        if any(self.lex.is_a(t.text, "org_keyword") for t in words):
            if a == s.first and len(words) < 2:
                return None
            if self.lex.lang == "id" and not self.lex.is_a(words[0].text, "org_keyword"):
                return None      # Indonesian names open with their head noun: "Komitmen Pemerintah" is none
            return self.entity_for_name(name, "Organisation")
        if len(words) >= 2 and (a != s.first and self._looks_like_person(a, b, s)
                                or self._apposition_title_after(b, s) or self._after_counterpart(a, s)):
            return self.entity_for_name(name)
        return None

    def _after_counterpart(self, a, s):
        toks = self.tokens
        back = [t.key for t in toks[max(s.first, a - 5):a]]
        return len(back) >= 2 and back[-1] == "," and any(self.lex.is_a(k, "counterpart") for k in back)

    def _looks_like_person(self, a, b, s):
        """An unknown capitalised pair is a person only next to a speech or person cue."""
        toks = self.tokens
        before = toks[a - 1].key if a > s.first else ""
        after = toks[b].key if b < s.last else ""
        if a > s.first and self.lex.is_a(toks[a - 1].text, "honorific"):
            return True          # "Chinese Admiral Sun Jianguo"
        if a - 2 >= s.first and self.lex.is_a(toks[a - 1].text, "by") and self.lex.is_a(toks[a - 2].text, "lead"):
            return True          # "the delegation is headed by Adil Nour"
        st = self.covered.get(a - 2) if before in ("'s", "’s") else None
        if st is not None and st.entity.kind == "State" and st.start > s.first:
            prev = self.covered.get(st.start - 2)
            if (toks[st.start - 1].text == "," or self.lex.is_a(toks[st.start - 1].text, "conj")) \
                    and prev is not None and prev.entity.kind == "Person":
                return True      # "Minoru Kihara and South Korea's Shin Won-sik": one of a list of people
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

    def _opens_clause(self, i, s):
        """A subject pronoun with no person of its own sentence before it: at the start, or after
        a description that speaks ("The top American diplomat said he ...")."""
        if i == s.first:
            return True
        toks = self.tokens
        k = i - 1
        if k > s.first and toks[k].key in ("that", "bahwa"):
            k -= 1
        if toks[k].lower not in SPEECH:
            return False
        return not any(m.sent == s.index and m.start < i and m.entity.kind == "Person" and not m.attributive
                       for m in self.mentions)

    def _previous_subject(self, s):
        """"X met Y on Monday. He said ...": a pronoun opening a sentence continues the previous
        sentence's subject (a person named at its start), not the last person named."""
        if s.index == 0:
            return None
        prev = self.doc.sentences[s.index - 1]
        first = min((m for m in self.mentions if m.sent == prev.index and m.entity.kind == "Person"
                     and not m.attributive and m.start not in self.quoted),
                    key=lambda m: m.start, default=None)
        if first is None or first.start - prev.first > SUBJECT_REACH:
            return None
        return first.entity

    def _last_person(self, i):
        outside = i not in self.quoted
        best = None
        for m in self.mentions:
            if m.start < i and m.entity.kind == "Person" and not m.attributive \
                    and not (outside and m.start in self.quoted) and (best is None or m.start > best.start):
                best = m
        return best.entity if best is not None else None
