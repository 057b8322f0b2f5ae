"""Titles, posts and appositions: who holds which role, and whom a title alone refers to.

A mixin of ``MentionFinder`` (graph/extract/mentions.py): it reads and writes the finder's mentions,
covered tokens and entity table.
"""

from actorgraph.graph.extract.entities import Entity, Mention, RoleFact
from actorgraph.graph.extract.scope import TITLE_MODIFIERS, TitleScope
from actorgraph.graph.extract.text import fold

# Posts one person holds at a time: a title alone ("Presiden Rusia") can name its holder.
UNIQUE_POSTS = {"headOfState", "headOfGovernment", "leaderOf"}
# Posts many hold at once: a title alone ("an Israeli minister") names nobody in particular.
GENERIC_POSTS = {"minister", "envoy", "ambassador", "official", "spokesperson", "representative",
                 "head", "director", "chair", "member", "commander", "executive secretary", "senator", "deputy chair", "executive chair",
                 "board member", "party member"}
# Posts that head an organisation only ("RSF commander X"), never a state.
BODY_ONLY_POSTS = {"commander", "executive secretary"}
SPEECH = {"said", "says", "told", "added", "kata", "ujar", "ucap", "tutur", "tegas", "jelas",
          "menurut", "according"}
# States where "the leader" is the head of government (parliamentary systems); loaded from data.
PARLIAMENTARY = set()


_TITLE_STARTS = {}


def _title_starts(lex):
    """First words of the lexicon's titles ("vice-president" starts with "vice")."""
    key = id(lex)
    if key not in _TITLE_STARTS:
        _TITLE_STARTS[key] = {t.replace("-", " - ").split()[0] for t in lex.titles}
    return _TITLE_STARTS[key]


class RoleRules(TitleScope):
    """Title and role rules of the mention finder."""

    def _match_title(self, i, last):
        toks = self.tokens
        first = toks[i].lower
        if first not in self.title_starts and not (
                self.lex.lang == "en" and first.endswith("s") and first[:-1] in self.title_starts):
            return None                  # "presidents", "Ministers" start titles too
        for n in range(min(6, last - i), 0, -1):
            phrase = " ".join(t.lower for t in toks[i:i + n])
            phrase = phrase.replace(" - ", "-")
            if phrase in self.lex.titles:
                return n, self.lex.titles[phrase]
            if phrase.endswith("s") and phrase[:-1] in self.lex.titles and self.lex.lang == "en":
                return n, self.lex.titles[phrase[:-1]]        # "foreign ministers"
        return None

    def _hyphen_qualifier(self, m):
        """"the Tokyo-based institute", "a Russian-backed group": the name only qualifies a noun."""
        toks = self.tokens
        return m.end + 1 < len(toks) and toks[m.end].text == "-" and not toks[m.end].space_before \
            and toks[m.end + 1].alpha and not toks[m.end + 1].cap

    def _verb_after_relative(self, i, n, s):
        """A one-word title in -s right after "who" (an adverb between at most) is a verb."""
        toks = self.tokens
        if n != 1 or self.lex.lang != "en" or not toks[i].lower.endswith("s") or toks[i].lower in self.lex.titles:
            return False
        back = [t for t in toks[max(s.first, i - 2):i]]
        return any(self.lex.is_a(t.text, "relative") for t in back)

    def _plural_title(self, ts, te):
        toks = self.tokens
        return (ts > 0 and toks[ts - 1].key == "para") or toks[ts].key == "para" or (
            self.lex.lang == "en" and toks[te - 1].key.endswith("s") and toks[te - 1].key[:-1] in
            {w for t in self.lex.titles for w in t.split()})

    def _state_through_officials(self, s, of_m, holder_m, ts, te, j):
        """"after meeting Saudi officials", "para menteri luar negeri Uni Eropa": a state's or a
        body's unnamed officials (a plural title, nobody named) act for it, unless they only
        report ("U.S. officials said")."""
        if holder_m is not None or of_m.entity.kind not in ("State", "Organisation") or not self._plural_title(ts, te):
            return False
        return not (j < s.last and self.tokens[j].lower in SPEECH)

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
                if self._verb_after_relative(i, n, s):
                    i += 1       # "who heads Sudan's ruling council", "who now chairs": a verb
                    continue
                nxt = toks[i + n] if i + n < s.last else None
                if n == 1 and post in GENERIC_POSTS and nxt is not None and nxt.alpha and not nxt.cap \
                        and nxt.key not in self.lex.words and nxt.lower not in SPEECH \
                        and not (nxt.key == "for" and relation in ("spokespersonOf", "envoyOf")):
                    i += 1       # "head coach", "chief economist": a word before a noun, no title
                    continue     # ("a spokesman for X" still speaks for X)
                self.title_tokens.update(range(i, i + n))
                if i + n + 1 < s.last and toks[i + n].text == "-" and self.lex.is_a(toks[i + n + 1].text, "elect"):
                    self.title_tokens.update((i + n, i + n + 1))
                    i += n + 2   # "President-elect X": not in office yet, and nobody else's post
                    continue
                if self.lex.is_a(toks[i + n - 1].text, "deputy") and self._match_title(i + n, s.last):
                    i += n       # "Deputy Secretary of State X": the next title, as a deputy's
                    continue
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
                    and (t.key not in self.lex.words or self.lex.is_a(t.text, "portfolio")
                         or self.lex.is_a(t.text, "ministry")) \
                    and k - 1 >= s.first and (k - 1 in self.covered or not toks[k - 1].cap) and self.lex.lang == "en":
                skipped += 1     # "White House national security spokesman John Kirby"
                k -= 1
                continue
            if m is not None and of is None and m.entity.kind in ("State", "Organisation", "Person"):
                if k + 2 < ts and toks[k + 1].text == "-" and toks[k + 2].alpha and not toks[k + 2].cap:
                    break        # "U.S.-born Finance Minister", "Russian-backed": no post of that state
                if skipped and m.entity.kind == "Person":
                    break        # "met former President X": the verb's subject is no post's body
                if m.how == "demonym" or (k + 1 < ts and toks[k + 1].text in ("'s", "’s")) or k + 1 == ts \
                        or (k + 1 < ts and toks[k + 1].text == "-") or skipped:
                    of = m
                    k = m.start - 1
                    continue
                break
            if t.text in ("'s", "’s", "-") or self.lex.is_a(t.text, "determiner") or t.key in TITLE_MODIFIERS:
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

    def _bind_title(self, s, ts, te, relation, post, comma_ok=True):
        """Title at [ts, te): find what it is a post of and who holds it; returns the end token."""
        toks = self.tokens
        of_m, former, left = self._left_context(s, ts)
        deleg = self._delegation_before(s, left) if of_m is None else None
        chamber = self._chamber_before(s, left) if of_m is None and deleg is None and relation == "leaderOf" else None
        if chamber is not None:
            of_m = chamber       # "parlemen Irak yang dipimpin Ketua Parlemen X": X leads it
            if te < s.last and self.lex.is_a(toks[te].text, "chamber"):
                te += 1          # the title names the chamber again
        if of_m is None and (relation in ("memberOf", "leaderOf") or post == "candidate"):
            of_m = self._party_adjective(s, left)
        if of_m is not None and post == "candidate" and "PoliticalParty" in of_m.entity.types:
            relation = "memberOf"        # "the Republican nominee X", "GOP nominee Y" runs for the party
        if of_m is None and relation != "-" and left > s.first and self.lex.is_a(toks[left - 1].text, "namely"):
            of_m = self._body_before(s, left - 1)   # "pemimpin senior Hizbullah, termasuk pemimpin tertinggi X"
        if ts > s.first and self.lex.is_a(toks[ts - 1].text, "deputy"):
            relation = "-"       # "Deputy Defense Minister X", "Wakil Menteri": no minister
        ministry = of_m is None and self._ministry_before(s, ts)
        j0 = self._skip_paren(te, s.last)
        j = self._skip_portfolio(j0, s.last)
        j = self._modifier_before_state(j, s)
        # "juru bicara Kementerian Luar Negeri X": a ministry after the title, with no state named
        ministry = ministry or any(self.lex.is_a(t.text, "ministry") for t in toks[j0:j])
        if j + 2 < s.last and toks[j].key == "ke" and toks[j + 1].text == "-" and toks[j + 2].text[0].isdigit():
            j += 3                   # "Presiden ke-7 RI": which holder; the registry dates it
        # "Secretary-General of NATO", "Duta Besar Israel untuk Berlin", "Presiden RI ke-8"
        if j < s.last and toks[j].key in ("of", "the") and relation != "-":
            j2 = j + 1 if toks[j].key == "of" else j
            if j2 < s.last and toks[j2].key == "the":
                j2 += 1
            m = self.covered.get(j2)
            if m is not None and m.entity.kind in ("State", "Organisation") and m.start == j2 \
                    and not self._hyphen_qualifier(m):
                of_m, j = m, m.end
        j = self._skip_republic(j, s.last)
        if of_m is None and j + 1 < s.last and toks[j].upper and toks[j].alpha and j not in self.covered \
                and self.covered.get(j + 1) is not None and self.covered[j + 1].start == j + 1 \
                and self.covered[j + 1].entity.kind in ("Place", "State"):
            j += 1               # "Gubernur DKI Jakarta": the region's prefix, then the place
        if of_m is None and relation in ("leaderOf", "memberOf") and j + 1 < s.last and toks[j].upper \
                and j not in self.covered and self.covered.get(j + 1) is not None \
                and self.covered[j + 1].entity.kind == "Organisation":
            j += 1               # "pengurus DPP PSI": the party's central board, of the party
        if of_m is None and j < s.last and toks[j].upper and toks[j].text in self.acronyms:
            # "Ketua DEN": an acronym the article has already spelt out
            of_m = self._add(Mention(j, j + 1, s.index, self.acronyms[toks[j].text], how="name"))
            j += 1
        elif of_m is None and relation in ("leaderOf", "memberOf", "spokespersonOf") and j + 1 < s.last \
                and j not in self.covered and toks[j].upper and toks[j].alpha and 2 <= len(toks[j].text) <= 6 \
                and toks[j + 1].cap and toks[j + 1].alpha and j + 1 not in self.covered \
                and not self._match_title(j + 1, s.last):
            # "Ketua MPR Ahmad Muzani": an acronym between the title and a name is the body
            ent = self.entity_for_name(toks[j].text, "Organisation")
            of_m = self._add(Mention(j, j + 1, s.index, ent, how="name"))
            j += 1
        if of_m is None and relation in ("leaderOf", "memberOf") and left == ts:
            of_m = self._org_before_title(s, ts)
        if of_m is None and relation in ("leaderOf", "memberOf", "spokespersonOf"):
            found = self._opposition_body(s, j) or self._body_named_before(s, j) or self.org_after_title(s, j)
            if found is not None:
                of_m, j = found
                parent = self.covered.get(j)
                if parent is not None and parent.start == j and parent.entity.kind == "Organisation" \
                        and of_m.entity.entry is None:
                    of_m.entity.part_of = parent.entity    # "Anggota Komisi I DPR X": a body of the DPR
                    parent.attributive = True
                    j = parent.end
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
        if of_m is not None and of_m.entity.kind == "State" and of_m.start >= te and self._rival_government(j, s):
            of_m.attributive = True      # "foreign minister of Myanmar's shadow government": not the state's
            of_m, relation = None, "-"
        elif of_m is not None and of_m.entity.kind == "State" and of_m.start >= te and j < s.last \
                and toks[j].text in ("'s", "’s"):
            # "a spokesman for Myanmar's military government, X": the state's own organ speaks for it
            k2 = j + 1
            while k2 < min(s.last, j + 4) and toks[k2].alpha and not toks[k2].cap and k2 not in self.covered:
                k2 += 1
            if k2 > j + 1 and k2 < s.last and toks[k2].text == ",":
                j = k2
        if of_m is not None and of_m.entity.kind == "Organisation" and j < s.last:
            place = self._branch_place(s, of_m, j)
            if place is not None:
                of_m, j = place
        if j < s.last and toks[j].key in ("untuk", "for", "to", "on") and relation == "envoyOf":
            # "Duta Besar Israel untuk Berlin", "special envoy for North Korea": the posting or topic
            k2 = self._skip_republic(j + 1, s.last)
            if k2 < s.last and toks[k2].key == "the":
                k2 += 1
            m2 = self.covered.get(k2)
            if m2 is not None and m2.start == k2 and m2.entity.kind in ("State", "Organisation", "Place"):
                m2.attributive = True
                j = self._skip_paren(m2.end, s.last)
            else:
                j = self._envoy_topic(j, k2, s)
        if j + 2 < s.last and toks[j].key == "ke" and toks[j + 1].text == "-":
            j += 3
        if of_m is not None and relation in ("envoyOf", "spokespersonOf") and j + 1 < s.last \
                and self.lex.is_a(toks[j].text, "loc"):
            m2 = self.covered.get(j + 1)
            if m2 is not None and m2.start == j + 1 and m2.entity.kind in ("Place", "State"):
                m2.attributive = True
                j = m2.end           # "Kedutaan Besar Jepang di Jakarta, Haruka Morimoto"
        principal = principal_state = None
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
                inner_start = j + n2
                # "Juru bicara Presiden, Johan Budi": the name after the comma is the spokesperson
                j = max(self._bind_title(s, j, j + n2, rel2, post2, comma_ok=False), j + n2)
                people = [x for x in self.mentions[before:] if x.entity.kind == "Person"]
                if not people:
                    # a principal the registry pass already found ("Menteri Pertahanan Prabowo")
                    people = [x for x in self.mentions if x.entity.kind == "Person"
                              and inner_start <= x.start and x.end <= j]
                if people:
                    principal = people[0]
                elif rel2 in ("headOfState", "headOfGovernment"):
                    # "Utusan Khusus Presiden untuk ...": the story's president's envoy, the state's
                    principal_state = self.home_state("ministerOf", "")
                j = self._skip_posting(j, s)
        # "the conference of French ambassadors in Paris, Macron said": no holder after a plural's comma
        while j < s.last and j not in self.covered and self.lex.is_a(toks[j].text, "title_modifier"):
            j += 1               # "mantan perdana menteri berpengaruh Thaksin"
        if relation == "spokespersonOf" and of_m is None and j + 3 < s.last and toks[j].key == "for" \
                and self.lex.is_a(toks[j + 1].text, "pronoun") and self.lex.is_a(toks[j + 2].text, "ministry"):
            j += 3               # "a spokeswoman for his ministry, X": whose ministry, _possessive_principal
        comma = comma_ok and j < s.last and toks[j].text == "," and not self._plural_title(ts, te)
        k = j + 1 if comma else j
        k = self._skip_honorifics(s, k)
        holder_m, end = self._holder_at(s, k)
        if holder_m is None and not comma:
            holder_m, end = self._chained_holder(s, j)
        if of_m is not None and not self._state_through_officials(s, of_m, holder_m, ts, te, j) \
                and not (holder_m is None and relation == "-" and of_m.end <= ts and self._unnamed_official(ts)):
            of_m.attributive = True      # ("Saudi Arabia's crown prince hosted X": the state acts)
        if principal is not None:
            principal.attributive = True
            of_m = principal
        if holder_m is None:
            return self._title_only(s, ts, te, relation, post, of_m, former)
        if of_m is None and relation != "-":
            # "former presidents Martin Torrijos of Panama and Leonel Fernandez of the Dominican
            # Republic": each name with its own state after it
            pairs = self._names_of_states(s, holder_m, end, self._plural_title(ts, te))
            if pairs:
                for person, state_m in pairs:
                    self._record_role(person.entity, relation, state_m.entity, former, s.index, post)
                return pairs[-1][1].end
        of = of_m.entity if of_m else principal_state
        if deleg is not None:
            # "Delegasi Malaysia yang dipimpin Menteri Perdagangan X": X speaks for Malaysia
            self._record_role(holder_m.entity, "envoyOf", deleg.entity, False, s.index, "delegation head")
            if of is None and relation in ("ministerOf", "headOfState", "headOfGovernment"):
                of = deleg.entity
        if of is None and relation != "-" and not ministry:
            of = self._opening_capital(s, ts) or self._companion_state(s, left) or self._subject_state(s, ts, relation)
        if of is None and relation == "spokespersonOf":
            of = self._possessive_principal(s, ts, te)
        if ministry and of is None:
            of = self.home_state("ministerOf", "")   # "Foreign Ministry spokesman X": the story's state
        self._record_role(holder_m.entity, relation, of, former, s.index, post)
        return end

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
        if span is not None and any(self.lex.is_a(t.text, "org_keyword") for t in toks[span[0]:span[1]]):
            return None, k           # "Leaders of the Kenya African National Union": a body, no person
        if span is None and k + 1 < s.last and toks[k].cap and toks[k].alpha and toks[k + 1].cap \
                and toks[k + 1].alpha and k + 1 not in self.covered and k + 1 not in self.dateline \
                and (self._match_title(k, s.last) or (0, ("-",)))[1][0] != "-":
            # "Menteri Kehutanan Raja Juli": a name that starts like a title (and ends like a month)
            span = self._name_span(s, k + 1) or (k + 1, k + 2)
            span = (k, span[1])
        if span is None:
            return None, k
        a, b = span
        tail = self.covered.get(b)
        if tail is not None and tail.start == b and tail.entity.kind == "Person" and tail.how == "registry":
            full = self._span_text(a, tail.end)
            known = {fold(w) for n in (tail.entity.label, *tail.entity.entry.aliases) for w in n.split()} \
                if tail.entity.entry is not None else set()
            if all(t.key in known for t in toks[a:b] if t.alpha):
                # "Recep Tayyip" + registry "Erdogan": the full name, one mention
                tail.start = a
                for x in range(a, b):
                    self.covered[x] = tail
                tail.entity.forms.add(full)
                return tail, tail.end
            # "Agus Harimurti" + registry "Yudhoyono": another person of the same family
            self.mentions.remove(tail)
            ent = self.entity_for_name(full)
            return self._add(Mention(a, tail.end, s.index, ent, how="name")), tail.end
        name = self._span_text(a, b)
        hits = [e for e in self.registry.lookup(name) if e.kind == "Person"]
        if hits:
            ent = self.entity_for_entry(hits[0])
        elif b - a == 1 and toks[a].key in self.surnames:
            ent = self.surnames[toks[a].key]
        elif b - a == 1 and toks[a].upper and len(toks[a].text) <= 5:
            return None, k       # "Gubernur DKI Jakarta": an unknown acronym names a body or place, no one
        else:
            ent = self.entity_for_name(name)
        ent.forms.add(name)
        return self._add(Mention(a, b, s.index, ent, how="name")), b

    def _title_only(self, s, ts, te, relation, post, of_m, former):
        """"Presiden Rusia", "the Chinese president": resolve through the article, then the registry."""
        if relation == "-":
            return te
        of = of_m.entity if of_m else None
        holder = None
        left = self._left_context(s, ts)[2]
        toks = self.tokens
        if of_m is not None and relation in ("memberOf", "leaderOf") and of_m.end < s.last \
                and self.lex.is_a(toks[of_m.end].text, "demonstrative") and left == s.first:
            # "Politikus PDI Perjuangan itu mengingatkan ...": the person just named, described again
            last = max((m for m in self.mentions if m.entity.kind == "Person" and m.end <= ts
                        and m.sent >= s.index - 1), key=lambda m: m.start, default=None)
            if last is not None:
                self._add(Mention(ts, of_m.end + 1, s.index, last.entity, how="pronoun"))
                self._record_role(last.entity, relation, of, former, s.index, post, confidence=0.6)
                return of_m.end + 1
        named = self.covered.get(left - 2) if left - 2 >= s.first and self.lex.is_a(toks[left - 1].text, "copula") else None
        if named is not None and named.end == left - 1 and named.entity.kind in ("State", "Organisation") \
                and of is not None and of.kind == "Organisation":
            return te            # "Malaysia selaku Ketua ASEAN": a state chairs the bloc
        if relation in ("memberOf", "leaderOf") and of is not None:
            self.open_titles.append((s, left, relation, of, former, post))
        elif self._after_relative_copula(s, left):
            then = self._after_relative_copula(s, left) == "then"
            self.open_titles.append((s, left, relation, of, former or then, post))
            return te            # "Erywan, yang juga menjabat Menteri Luar Negeri Brunei": Erywan
        elif left - 2 >= s.first and self.lex.is_a(toks[left - 1].text, "copula") \
                and self.lex.is_a(toks[left - 2].text, "pronoun"):
            self.open_titles.append((s, left, relation, of, former, post))
            return te            # "while she was Secretary of State": she, once the pronoun is read
        elif left - 2 >= s.first and self.lex.is_a(toks[left - 1].text, "copula") \
                and self.covered.get(left - 2) is not None and self.covered[left - 2].end == left - 1:
            if self.covered[left - 2].entity.kind == "Person":
                self.open_titles.append((s, left, relation, of, former, post))
                return te        # "Kini Prabowo menjabat Presiden": Prabowo holds the post
        if left < ts and self.lex.is_a(self.tokens[left].text, "indefinite"):
            return te            # "Yulia Tymoshenko, a former prime minister": nobody named before
        if left - 2 >= s.first and toks[left - 1].text == "," and self.covered.get(left - 2) is not None \
                and self.covered[left - 2].entity.kind == "Person" and holder is None \
                and te + 2 < s.last and toks[te].key == "ke" and toks[te + 1].text == "-":
            return te            # "Joko Widodo, Presiden ke-7 RI,": the apposition names its holder
        if former:
            # "Former British Prime Minister ...": never the current holder; only one this
            # article has already named as a former holder
            done = [r for r in self.roles if r.former and r.relation == relation and (of is None or r.of is of)]
            if not done:
                return te
            holder = done[-1].holder
        for rel, of_e, h in reversed(self.local_roles):
            if holder is not None:
                break
            if of is None and post in GENERIC_POSTS:
                break            # "Kepala" alone: the head of what is not said
            if rel == relation and (of is None or of_e is of):
                holder = h
                break
        plural = self._plural_title(ts, te)
        if plural and of_m is None:
            return te            # "the two presidents met": a group (groups.py), not one holder
        if plural and relation == "leaderOf" and of is not None and of.kind == "Organisation":
            return te            # "para pemimpin ASEAN": the members' leaders, not the bloc's head
        if holder is None and left > s.first and left - 1 == s.first and self.lex.is_a(toks[left - 1].text, "copula") \
                and of is not None and of.kind == "Organisation":
            return te            # "Sebagai ketua ASEAN tahun ini, Indonesia ...": whoever follows chairs it
        if plural and relation != "leaderOf":
            # "para menteri luar negeri Malaysia, Thailand dan Filipina": each state's holder
            self._coordinated_holders(s, of_m.start, relation, post)
            return te
        if holder is None and of is not None and (relation in UNIQUE_POSTS or post not in GENERIC_POSTS):
            candidates = self._registry_candidates(relation, of, post)
            if relation not in UNIQUE_POSTS:
                # "Menteri luar negeri Filipina" with no name anywhere: a generic reference; a
                # minister is read off the registry only when the article names them somewhere
                candidates = [c for c in candidates if self._named_in_article(c)]
            if len(candidates) == 1:
                holder = self.entity_for_entry(candidates[0])
            elif candidates and relation != "leaderOf":
                # "utusan khusus Trump": several envoys fit; a later name among them settles it
                m = self._add(Mention(ts, te, s.index, Entity("", "Pending", ""), how="title"))
                self.pending.append((m, relation, of, former, post, {c.iri for c in candidates}))
                return te
        if holder is None:
            if relation == "leaderOf" and of_m is not None and of.kind == "Organisation" and not plural \
                    and of.entry is not None and "InternationalOrganisation" not in of.types:
                of_m.attributive = False   # "bertemu pemimpin Hamas": unnamed, the group's leader acts for it
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
            if relation not in UNIQUE_POSTS:
                # "para menteri luar negeri Malaysia, Thailand dan Filipina": a minister the
                # article never names stays the state's (as in _title_only)
                hits = [c for c in hits if self._named_in_article(c)]
            if len(hits) == 1:
                m.entity, m.how = self.entity_for_entry(hits[0]), "title"
            j = m.end

    def _named_in_article(self, entry):
        folded = getattr(self, "_folded_text", None)
        if folded is None:
            folded = self._folded_text = fold(self.doc.text)
        names = (entry.label, *entry.aliases, *entry.labels.values())
        return any(fold(n) in folded or (len(n.split()[-1]) > 2 and fold(n.split()[-1]) in folded)
                   for n in names if n)

    def _registry_candidates(self, relation, of, post):
        """The registry's holders of the post on the article's date (envoys of a leader: of the
        leader's state too)."""
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
        if holder.kind != "Person":
            return
        if of is not None and of.kind == "Organisation" and relation == "spokespersonOf":
            of = self._ministry_state(of)
        if of is not None and of.kind == "Organisation":
            if relation in ("headOfState", "headOfGovernment"):
                relation = "leaderOf"        # "European Council President X" heads a body
        if relation == "-" or relation == "memberOf" and (of is None or of.kind != "Organisation"):
            return                           # "Wakil Ketua DPR X" is a member; "U.S. Senator X" no role
        if relation == "leaderOf" and post in BODY_ONLY_POSTS | {"head", "director"} and of is not None \
                and of.kind == "State":
            return                           # "an Israeli commander", "Egyptian intelligence chief X": no head of state
        if relation == "leaderOf" and post in BODY_ONLY_POSTS and of is None:
            return
        if relation == "leaderOf" and of is not None and of.kind == "State":
            # "pemimpin Korea Utara Kim Jong Un": head of state or of government, as the registry
            # says, else as the state's system says (leaders.tsv)
            known = [r.role_type for r in self.roles_of(holder.iri)
                     if r.of == of.iri and r.role_type in ("headOfState", "headOfGovernment")]
            if known:
                relation = known[-1]
            elif holder.entry is None:
                parliamentary = of.iri.rsplit("/", 1)[-1] in PARLIAMENTARY
                relation = "headOfGovernment" if parliamentary else "headOfState"
            else:
                return
            confidence = min(confidence, 0.7)
        if of is None:
            of, relation, was = self._registry_role_of(holder, relation, post, former)
            former = former or was
            confidence = 0.75
            if of is None:
                of = self.home_state(relation, post)
                confidence = 0.6
        elif not former:
            former = self.ended_role(holder, relation, of)
        of = self._speaks_for(of)
        if of is None or of is holder:
            self.local_roles.append((relation, None, holder))
            return
        self.local_roles.append((relation, of, holder))
        self.roles.append(RoleFact(holder, relation, of, former, sent, post, confidence))
        parent = getattr(of, "part_of", None)
        if relation in ("leaderOf", "memberOf") and parent is not None and not former:
            # the head of a party's branch, the member of a parliament's commission, belong to it
            self.roles.append(RoleFact(holder, "memberOf", parent, False, sent, "", 0.6))

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
        """(state or body, relation, ended) the registry gives for a bare title on the article's
        date, else at any time (then the role is over: "President Clinton" in 2016)."""
        if holder.entry is None:
            return None, relation, False
        wanted = (relation,) if relation != "leaderOf" else ("leaderOf", "headOfState", "headOfGovernment")
        for day in ((None,) if former else (self.doc.date, None)):
            roles = self.roles_of(holder.iri, day)
            hits = [r for r in roles if r.role_type in wanted]
            if not hits and post:
                # "President Hassan Rouhani": the registry files Iran's president as head of
                # government; the text's title still says which state he is president of
                hits = [r for r in roles if r.post and fold(r.post) == fold(post)]
            ofs = {r.of for r in hits}
            if len(ofs) != 1:
                if ofs:
                    return None, relation, False
                continue
            entry = self.registry.get(ofs.pop())
            if entry is None:
                return None, relation, False
            ended = day is None and self.doc.date is not None and all(
                r.end is not None and r.end <= self.doc.date for r in hits)
            rel = relation if relation != "leaderOf" or entry.kind != "State" else hits[-1].role_type
            return self.entity_for_entry(entry), rel, ended
        return None, relation, False

    # -- names, surnames and pronouns ------------------------------------------------------

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
        while k < s.last and toks[k].key in TITLE_MODIFIERS:
            k += 1
        hit = self._match_title(k, s.last) if k < s.last else None
        if hit is None:
            return
        n, (relation, post) = hit
        after = self._skip_portfolio(k + n, s.last)
        if after < s.last and (after in self.covered and self.covered[after].entity.kind == "Person"
                               or self._name_span(s, after) is not None and toks[after].key not in ("of", "the")):
            return     # "Lloyd Austin, Japan's Minister of Defense Minoru Kihara": the title is Kihara's
        other = self.covered.get(k)
        if other is not None and other.entity.kind == "Person" and other.entity is not m.entity:
            return     # "Dihadapan Macron, PM Singapura: ...": the title names someone else
        e = k + n
        if of_m is None:
            e2 = e + 1 if e < s.last and toks[e].key in ("of", "at", "for") else e
            if e2 < s.last and toks[e2].key == "the":
                e2 += 1
            mm = self.covered.get(e2)
            if mm is not None and mm.start == e2 and mm.entity.kind in ("State", "Organisation") \
                    and not self._hyphen_qualifier(mm):
                of_m = mm
                nxt = self.covered.get(mm.end)
                if mm.entity.entry is None and nxt is not None and nxt.start == mm.end \
                        and nxt.entity.kind == "State":
                    of_m = nxt   # "juru bicara Angkatan Darat Thailand": the state's army speaks for it
            elif relation in ("leaderOf", "memberOf"):
                found = self.org_after_title(s, e)     # "Oleh Lyashko, leader of the Radical Party"
                of_m = found[0] if found else None
            if of_m is not None and of_m.entity.kind == "State" and self._rival_government(of_m.end, s):
                of_m.attributive = True   # "X, foreign minister of Myanmar's shadow government"
                return
        if of_m is not None:
            of_m.attributive = True
        self._record_role(m.entity, relation, of_m.entity if of_m else None, former, m.sent, post)


def _load_parliamentary():
    from actorgraph.graph.extract.lexicon import LEXICON_ROOT, _rows

    path = LEXICON_ROOT.joinpath("leaders.tsv")
    for _n, r in _rows(path, ("state", "leader")):
        if r["leader"] == "headOfGovernment":
            PARLIAMENTARY.add(r["state"].lower())


_load_parliamentary()
