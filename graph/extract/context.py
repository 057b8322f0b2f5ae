"""What a title leaves unsaid, read from the article: the state a bare title belongs to, whether
a role is over, and which organisation a title heads when the registry does not know it.

A mixin of ``MentionFinder`` (graph/mentions.py), like ``RoleRules`` (graph/roles.py).
"""

from collections import Counter
from datetime import date

from actorgraph.graph.extract.entities import Mention
from actorgraph.graph.extract.text import name_tokens
from actorgraph.ontology import ID_NS

# Roles a bare title ("Foreign Minister X", "Menteri Perdagangan X") holds in the story's state.
HOME_RELATIONS = {"ministerOf", "headOfState", "headOfGovernment"}
# The state an Indonesian-language outlet writes from when nothing says otherwise.
LANGUAGE_HOME = {"id": ID_NS + "state/id"}
_ROLES_BY_HOLDER = {}


class RoleContext:
    """Home state, former roles and unknown organisations for the title rules."""

    _home = None

    def roles_of(self, iri, day=None):
        """The registry's roles of a person (active on ``day``), oldest first: indexed once per
        registry, since the registry scans every role on each call."""
        index = _ROLES_BY_HOLDER.get(id(self.registry))
        if index is None or index[0] is not self.registry:
            table = {}
            for r in sorted(self.registry.roles(), key=lambda r: r.start or date.min):
                table.setdefault(r.holder, []).append(r)
            index = _ROLES_BY_HOLDER[id(self.registry)] = (self.registry, table)
        return [r for r in index[1].get(str(iri), ()) if r.active_on(day)]

    # -- the story's state -----------------------------------------------------------------

    def home_candidates(self):
        """(states a bare minister's title may belong to, best first: the dateline's, the
        language's home (Indonesian outlets), the dominant state; the dominant state alone, for a
        bare head's title, since presidents in the news are often foreign)."""
        if self._home is not None:
            return self._home
        cands = []
        counts = Counter(m.entity for m in self.mentions if m.entity is not None
                         and m.entity.kind == "State" and m.how != "pronoun")
        state = self._dateline_state()
        home = LANGUAGE_HOME.get(self.lex.lang)
        entry = self.registry.get(home) if home else None
        if entry is not None and state is not None and state.entry is not entry \
                and counts[self.entity_for_entry(entry)] >= counts[state]:
            state = None         # "TOKYO - Menteri Perdagangan X" in a story as much about Indonesia
        elif state is not None:
            cands.append(state)
        if entry is not None and (state is None or state.entry is entry):
            cands.append(self.entity_for_entry(entry))
        ranked = counts.most_common(2)
        dominant = []
        if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            dominant = [ranked[0][0]]
        self._home = (list(dict.fromkeys(cands + dominant)), dominant)
        return self._home

    def _dateline_state(self):
        if not self.dateline:
            return None
        hit = self.gaz.match(self.tokens, min(self.dateline))
        if hit is None:
            return None
        entry = hit[1][0]
        if entry.kind == "Place":
            entry = self.registry.get(entry.part_of) if entry.part_of else None
        if entry is None or entry.kind != "State":
            return None
        return self.entity_for_entry(entry)

    def home_state(self, relation, post):
        """The first home candidate that has such a post (Indonesia has no prime minister)."""
        if relation not in HOME_RELATIONS:
            return None
        ministers, heads = self.home_candidates()
        for state in (ministers if relation == "ministerOf" else heads):
            if self._has_post(state, relation, post):
                return state
        return None

    def _has_post(self, state, relation, post):
        if relation == "ministerOf" or state.entry is None:
            return True
        known = self.registry.holders(relation, state.iri)
        return not known or bool(self.registry.holders(relation, state.iri, post=post))

    # -- former roles ----------------------------------------------------------------------

    def ended_role(self, holder, relation, of):
        """Whether the registry says the holder's role ended before the article's date."""
        day = self.doc.date
        if holder.entry is None or of is None or day is None:
            return False
        roles = [r for r in self.roles_of(holder.iri) if r.of == of.iri
                 and r.role_type in (relation, "headOfState", "headOfGovernment")
                 and (relation in ("headOfState", "headOfGovernment") or r.role_type == relation)]
        return bool(roles) and not any(r.active_on(day) for r in roles) \
            and all(r.end is not None and r.end <= day for r in roles)

    # -- organisations the registry does not know ------------------------------------------

    def org_after_title(self, s, j):
        """"Ketua Dewan Ekonomi Nasional (DEN) Luhut", "chairman of the National Defense
        Commission", "leader of the right-wing Radical Party": a new organisation right after a
        leader's title; returns (mention, next token) or None."""
        toks = self.tokens
        k = j
        if k < s.last and toks[k].key == "of":
            k += 1
            if k < s.last and toks[k].key == "the":
                k += 1
            while k < s.last and not toks[k].cap and (toks[k].alpha or toks[k].text == "-") \
                    and k - j < 6 and (toks[k].key not in self.lex.words or self.lex.is_a(toks[k].text, "bloc_noun")):
                k += 1           # "the right-wing Radical Party", "the regional bloc IGAD"
        m = self.covered.get(k)
        if m is not None and m.start == k and self._hyphen_qualifier(m) and m.end + 2 < s.last:
            k = m.end + 2        # "director of the Tokyo-based Institute for ...": past the qualifier
            m = self.covered.get(k)
        if m is not None and m.start == k and m.entity.kind == "Organisation" and k > j:
            return m, self._skip_paren(m.end, s.last)
        if k >= s.last or k in self.covered or not toks[k].cap or not toks[k].alpha:
            return None
        spelt = self._org_before_acronym(s, k)
        if spelt is not None:
            return spelt
        b = k
        while b < s.last and b not in self.covered and toks[b].cap and toks[b].alpha and b - k < 6 \
                and (b == k or not self._match_title(b, s.last)):
            b += 1
        words = toks[k:b]
        keyword = [n for n, t in enumerate(words) if self.lex.is_a(t.text, "org_keyword")]
        if self.lex.lang == "en":
            # English names end in their head noun: "National Defense Commission"
            if not keyword:
                return None
            b = k + keyword[-1] + 1
        else:
            if not keyword or keyword[0] != 0:
                known = self._known_org_prefix(k, b)
                if known is None and not (b - k >= 2 and b + 1 < s.last and toks[b].text == ","
                                          and toks[b + 1].cap):
                    return None      # "Kepala Intelijen Nasional, Tulsi Gabbard": the office, then its head
                b = known or b
            elif not (b >= s.last or toks[b].text in ("(", ",") or b in self.covered):
                known = self._known_org_prefix(k, b)
                if known is None:
                    return None      # where the organisation ends and the name begins is unclear
                b = known
        if b - k < 2 and not (k + 1 < s.last and toks[k + 1].text == "("):
            return None
        ent = self.entity_for_name(self._span_text(k, b), "Organisation")
        m = self._add(Mention(k, b, s.index, ent, how="name"))
        self._acronym_after(b, s, ent)
        return m, self._skip_paren(b, s.last)

    def _org_before_acronym(self, s, k):
        """"Perhimpunan Pelajar Indonesia (PPI) Iran", "Paguyuban Pekerja Indonesia di Qatar
        (PPIQ)": a name spelt out before its acronym runs to the bracket, across the places it
        names; a place right after the bracket is the branch ("PPI Iran"). Returns (mention, next
        token) or None."""
        toks = self.tokens
        b = k
        while b < s.last and b - k < 9 and toks[b].text != "(":
            m = self.covered.get(b)
            if m is not None and m.entity.kind in ("State", "Place") and b > k:
                b = m.end
            elif b not in self.covered and toks[b].alpha and (
                    toks[b].cap or (self.lex.is_a(toks[b].text, "loc") and b > k)):
                b += 1
            else:
                return None
        short = b + 2 < s.last and (toks[b + 1].upper or toks[b + 1].cap and toks[b + 1].alpha
                                    and len(toks[b + 1].text) <= 10)     # "(PPI)", "(Gapensa)"
        if not (short and toks[b].text == "(" and toks[b + 2].text == ")") \
                or b - k < 2 or not self.lex.is_a(toks[k].text, "org_keyword") \
                or self._match_title(b - 1, s.last):
            return None
        end = b + 3
        place = self.covered.get(end)
        if place is not None and place.start == end and place.entity.kind in ("State", "Place") \
                and place.end < s.last and toks[place.end].text == ",":
            end = place.end      # "(PPI) Iran, Fadli": the branch in Iran
        inner = {id(x) for x in (self.covered.get(i) for i in range(k, end)) if x is not None}
        self.mentions = [x for x in self.mentions if id(x) not in inner]
        for i in range(k, end):
            self.covered.pop(i, None)
        label = self._span_text(k, end) if end > b + 3 else self._span_text(k, b)
        ent = self.entity_for_name(label, "Organisation")
        m = self._add(Mention(k, end, s.index, ent, how="name"))
        self.acronyms[toks[b + 1].text] = ent
        ent.forms.add(toks[b + 1].text)
        return m, end

    def _body_before(self, s, k):
        """The organisation a list opened by "including" / "termasuk" at k belongs to."""
        before = [m for m in self.mentions if m.sent == s.index and m.end <= k and k - m.end <= 3
                  and m.entity.kind == "Organisation"]
        return max(before, key=lambda m: m.start) if before else None

    def _coordinated_possessives(self):
        """"US Secretary of Defense X, Japan's Minister of Defense Y and South Korea's Z": the last
        of a list of office holders holds the same office for the state before the name."""
        toks = self.tokens
        for m in list(self.mentions):
            if m.entity.kind != "Person" or m.how not in ("name", "registry") or m.start < 3:
                continue
            st = self.covered.get(m.start - 2)
            if toks[m.start - 1].text not in ("'s", "’s") or st is None or st.entity.kind != "State":
                continue
            k = st.start - 1
            if k < 1 or not (toks[k].text == "," or self.lex.is_a(toks[k].text, "conj")):
                continue
            prev = self.covered.get(k - 1)
            if prev is None or prev.entity.kind != "Person" or prev.sent != m.sent:
                continue
            if any(r.holder is m.entity for r in self.roles):
                continue
            roles = [r for r in self.roles if r.holder is prev.entity and r.sent == m.sent
                     and r.of.kind == "State" and r.of is not st.entity]
            if roles:
                r = roles[-1]
                st.attributive = True
                self._record_role(m.entity, r.relation, st.entity, False, m.sent, r.post, confidence=0.6)

    def _party_adjective(self, s, left):
        """"Republican Senator X", "Labour MP Y": a capitalised word before the title that, with
        "Party" after it, is a party the registry knows."""
        toks = self.tokens
        k = left - 1
        if left < s.last and toks[left].cap and left not in self.covered and left not in self.title_tokens:
            k = left             # the left context stops at the capitalised adjective itself
        if k < s.first or k in self.covered or not toks[k].cap or not toks[k].alpha:
            return None
        word = toks[k].text
        for form in (f"{word} Party", f"Partai {word}"):
            hits = [e for e in self.registry.lookup(form) if "PoliticalParty" in e.types]
            if len(hits) == 1:
                return self._add(Mention(k, k + 1, s.index, self.entity_for_entry(hits[0]), how="name",
                                         attributive=True))
        return None

    def _known_org_prefix(self, k, b):
        """The end of an organisation this article already named, read at the start of [k, b)."""
        toks = self.tokens
        for ent in self.entities.values():
            if ent.kind != "Organisation" or ent.entry is not None:
                continue
            keys = [t.key for t in name_tokens(ent.label)]
            n = len(keys)
            if 0 < n < b - k + 1 and [t.key for t in toks[k:k + n]] == keys:
                return k + n
        return None

    # -- holders named away from the title ------------------------------------------------

    def _skip_honorifics(self, s, k):
        """"Col. Moammar Gadhafi", "Bapak Luhut": courtesy words before a name."""
        toks = self.tokens
        while k < s.last and k not in self.covered and self.lex.is_a(toks[k].text, "honorific"):
            k += 1
            if k < s.last and toks[k].text == "." and not toks[k].space_before:
                k += 1
        return k

    def _chained_holder(self, s, j):
        """"Wakil Ketua DPR sekaligus Ketua Harian Partai Gerindra Sufmi Dasco Ahmad", "chairman
        and chief executive X": a second title joined to the first names the holder of both."""
        toks = self.tokens
        if j + 1 >= s.last or not self.lex.is_a(toks[j].text, "chain"):
            return None, j
        hit = self._match_title(j + 1, s.last)
        if hit is None:
            return None, j
        n2, (rel2, post2) = hit
        self.title_tokens.update(range(j + 1, j + 1 + n2))
        before = len(self.mentions)
        end = max(self._bind_title(s, j + 1, j + 1 + n2, rel2, post2), j + 1 + n2)
        people = [x for x in self.mentions[before:] if x.entity.kind == "Person"]
        return (people[0], end) if people else (None, j)

    def _branch_place(self, s, org_m, j):
        """"Ketua PSI Bali X": a party's branch in a region is an organisation of its own."""
        m = self.covered.get(j)
        if self.lex.lang != "id" or m is None or m.start != j or m.entity.kind != "Place" \
                or org_m.end != j:
            return None
        branch = self.entity_for_name(self._span_text(org_m.start, m.end), "Organisation")
        branch.part_of = org_m.entity
        m.entity, m.how, m.attributive = branch, "name", True
        org_m.attributive = True
        return m, m.end

    def _ministry_before(self, s, ts):
        """"Foreign Ministry spokesman": a ministry with no state named just before the title."""
        toks = self.tokens
        k = ts - 1
        if k >= s.first and k not in self.covered and not toks[k].cap and self.lex.is_a(toks[k].text, "ministry"):
            # "..., ministry spokesman X", "the ministry spokesman": the ministry already named
            return k == s.first or not toks[k - 1].alpha or self.lex.is_a(toks[k - 1].text, "determiner")
        while k >= s.first and k not in self.covered and toks[k].cap and (
                self.lex.is_a(toks[k].text, "portfolio") or self.lex.is_a(toks[k].text, "ministry")):
            if self.lex.is_a(toks[k].text, "ministry"):
                return k == ts - 1 and (k == s.first or (k - 1) not in self.covered)
            k -= 1
        return False

    def _relative_holders(self):
        """"Yoga yang juga pengurus DPP PSI", "X, who is also a member of": the person before the
        relative clause holds the post the title names."""
        toks = self.tokens
        for s, left, relation, of, former, post in self.open_titles:
            k = left - 1
            while k > s.first and (self.lex.is_a(toks[k].text, "copula") or self._then_at(k)):
                k -= 2 if self._then_at(k) else 1
            m = self.covered.get(k)
            if k < left - 1 and m is not None and m.entity.kind == "Person" and m.end == k + 1 \
                    and (m.how == "pronoun" or not self.lex.is_a(toks[k + 1].text, "relative")):
                # "while she was Secretary of State", "Kini Prabowo menjabat Presiden"
                self._record_role(m.entity, relation, of, former, s.index, post, confidence=0.6)
                continue
            if k <= s.first or not self.lex.is_a(toks[k].text, "relative"):
                continue
            k -= 1
            if k >= s.first and toks[k].text == ",":
                k -= 1
            m = self.covered.get(k)
            if m is not None and m.entity.kind == "Person" and m.end == k + 1:
                self._record_role(m.entity, relation, of, former, s.index, post, confidence=0.7)

    def _names_of_states(self, s, holder_m, end, plural):
        """[(person mention, state mention)] for "X of Panama (, and Y of the Dominican Republic)"."""
        toks = self.tokens
        pairs = []
        while True:
            k = end
            if k + 1 >= s.last or toks[k].key != "of":
                break
            k += 2 if toks[k + 1].key == "the" else 1
            m = self.covered.get(k)
            if m is None or m.start != k or m.entity.kind != "State":
                break
            m.attributive = True
            pairs.append((holder_m, m))
            end = m.end
            if not plural or end + 1 >= s.last or not (toks[end].text == "," or self.lex.is_a(toks[end].text, "conj")):
                break
            nxt = end + 1
            if nxt < s.last and self.lex.is_a(toks[nxt].text, "conj"):
                nxt += 1
            holder_m, end = self._holder_at(s, nxt)
            if holder_m is None:
                break
        return pairs

    def _counterpart(self, a, s, ent):
        """"his Chinese counterpart, Zhong Shan": the same post as the person before, in the
        state the demonym (or "dari Kamboja") names."""
        toks = self.tokens
        k = a - 1
        if k >= s.first and toks[k].text != "," and self.lex.is_a(toks[k].text, "counterpart"):
            k += 1               # "his Japanese counterpart Shinzo Abe": no comma
        elif k < s.first or toks[k].text != ",":
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

    # -- predecessors ------------------------------------------------------------------------

    def _predecessors(self):
        """"pendahulunya, Barack Obama", "his predecessor Barack Obama": the person held, before,
        the post the person named just before holds."""
        toks = self.tokens
        people = [m for m in self.mentions if m.entity.kind == "Person"]
        for m in people:
            if m.how not in ("name", "registry"):
                continue
            s = self.doc.sentences[m.sent]
            k = m.start - 1
            if k > s.first and toks[k].text == ",":
                k -= 1
            owner = self.covered.get(k)
            if owner is not None and owner.entity.kind == "Person" and owner.start - 1 >= s.first \
                    and self.lex.is_a(toks[owner.start - 1].text, "predecessor"):
                before, k = [owner], owner.start - 1     # "pendahulu Albanese, Scott Morrison"
            elif k < s.first or not self.lex.is_a(toks[k].text, "predecessor"):
                continue
            elif m.end + 1 < s.last and toks[m.end].text == "," and self.covered.get(m.end + 1) is not None \
                    and self.covered[m.end + 1].entity.kind == "Person":
                continue         # "pendahulu Albanese, Scott Morrison": Albanese is whose predecessor
            else:
                before = [x for x in people if x.sent == m.sent and x.end <= k and x.entity is not m.entity]
            if not before:
                continue
            prev = max(before, key=lambda x: x.start).entity
            posts = [(r.relation, r.of, r.post) for r in self.roles if r.holder is prev and not r.former
                     and r.relation in ("headOfState", "headOfGovernment", "ministerOf", "leaderOf")]
            if not posts and prev.entry is not None:
                # the post the registry gives the named successor on the article's date
                for r in self.roles_of(prev.iri, self.doc.date):
                    of = self.registry.get(r.of)
                    if of is not None and r.role_type in ("headOfState", "headOfGovernment"):
                        posts.append((r.role_type, self.entity_for_entry(of), r.post or ""))
            if posts:
                relation, of, post = posts[0]
                self._record_role(m.entity, relation, of, True, m.sent, post, confidence=0.6)
