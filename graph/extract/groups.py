"""Groups: whom a plural phrase, a delegation or a list of counterparts stands for.

A mixin of ``EventFinder`` (graph/extract/events.py): "negotiators from A and B", "the two
delegations", "the three countries", "they last met", "kedua pemimpin", "his German and Italian
counterparts", mediators and indirect talks, "during a meeting".
"""

from actorgraph.graph.extract.participants import ACTORS


# A state's organs that act for it ("Colombia's government").
BODY_NOUNS = {"government", "army", "military", "authorities", "pemerintah"}


class GroupRules:
    """Plural and group references of the event finder."""

    def _count(self, toks):
        """The number a plural phrase gives ("the two sides", "ketiga negara"), or None."""
        for t in toks:
            for n, cls in ((2, "count2"), (3, "count3"), (4, "count4")):
                if self.lex.is_a(t.text, cls):
                    return n
        return None

    def _delegation_group(self, ms, s, a=None):
        """"Negotiators from Armenia and Azerbaijan", "defence chiefs of the three countries",
        "delegasi Indonesia dan Malaysia": the states a sentence-opening group of envoys stands for."""
        toks = self.tokens
        first = ms[0] if ms else None     # "Perunding dari Armenia": attributive, still the group
        head = toks[s.first:first.start if first is not None else s.last]
        k = next((t.i for t in head if self.lex.is_a(t.text, "delegate") or self.lex.is_a(t.text, "group_noun")), None)
        start = s.first
        while start < s.last and start in self.finder.dateline:
            start += 1           # "HAVANA (World Desk) - Negotiators for ...": after the dateline
        if k is None or k - start > 4:
            return []
        rest = toks[k + 1:first.start] if first is not None else []
        if first is not None and len(rest) <= 2 and all(
                self.lex.is_a(t.text, "from") or self.lex.is_a(t.text, "of") or self.lex.is_a(t.text, "determiner")
                or self.lex.is_a(t.text, "beneficiary") or t.i in self.finder.title_tokens for t in rest):
            group = []
            for m in self._group(ms, 0, 1) + self._body_sides(ms):
                if m.entity.kind in ("State", "Organisation") and m.entity not in group:
                    group.append(m.entity)
            if len(group) >= 2:
                return group
        if self._count(head) is None:
            return []          # "Menurut seorang pejabat ...": one official, no group
        if a is not None and (a - k > 6 or any(
                t.text in (",", ";", ":") or self.lex.is_a(t.text, "clause_break") for t in toks[k:a])):
            return []          # "The two sides failed to agree on a date for further talks"
        return self._plural_antecedent(toks[s.first:k + 1], s.first, s)

    def _bare_count(self, t):
        """"The two are expected to meet": a number after "the" with no noun after it stands
        for the parties, like a pronoun."""
        toks = self.tokens
        if self._count([t]) is None or t.i == 0 or t.i + 1 >= len(toks):
            return False
        nxt = toks[t.i + 1]
        return self.lex.is_a(toks[t.i - 1].text, "determiner") and not (
            self.lex.is_a(nxt.text, "group_noun") or self.lex.is_a(nxt.text, "delegate")
            or (nxt.alpha and not nxt.cap and nxt.key not in self.lex.words and nxt.key not in self.lex.cues
                and not self.lex.is_a(nxt.text, "copula") and nxt.lower not in self.lex.triggers))

    def _plural_before(self, a, s):
        """"the two delegations met", "they last met", "kedua pihak bertemu": the plural subject
        right before a trigger, with no name between them, resolved to its actors."""
        toks = self.tokens
        lo = max(s.first, a - 5)
        window = toks[lo:a]
        if any(t.i in self.finder.covered for t in window):
            window = toks[max(t.i for t in window if t.i in self.finder.covered) + 1:a]
        if any(t.text in (",", ";", ":") or self.lex.is_a(t.text, "clause_break") for t in window):
            return []
        head = next((t for t in window if self.lex.is_a(t.text, "plural_pronoun")
                     or self.lex.is_a(t.text, "group_noun") or self.lex.is_a(t.text, "delegate")
                     or self._bare_count(t)), None)
        if head is None:
            return []
        if not self.lex.is_a(head.text, "plural_pronoun") and not self._bare_count(head) \
                and self._count(window) is None and a - head.i > 2:
            return []          # "Diplomats say that meeting will ...": no subject of the meeting
        return self._plural_antecedent(window, a, s)

    def _plural_after(self, b, s):
        """"a summit between the three countries", "antara kedua negara": after a between-word."""
        toks = self.tokens
        window = toks[b:min(s.last, b + 5)]
        if not window or any(t.i in self.finder.covered for t in window):
            return []
        if self.lex.is_a(window[0].text, "between"):
            if not any(self.lex.is_a(t.text, "group_noun") or self.lex.is_a(t.text, "plural_pronoun")
                       for t in window):
                return []
            return self._plural_antecedent(window, b, s)
        # "a meeting of the two leaders", "pertemuan kedua pemimpin": a genitive with a count
        k = 1 if self.lex.is_a(window[0].text, "of") else 0
        while k < len(window) and self.lex.is_a(window[k].text, "determiner"):
            k += 1
        if k < len(window) - 1 and self._count(window[k:k + 1]) is not None and (
                self.lex.is_a(window[k + 1].text, "group_noun") or self.lex.is_a(window[k + 1].text, "delegate")):
            return self._plural_antecedent(window[k:k + 2], b, s)
        return []

    def _plural_antecedent(self, words, at, s):
        """Who a plural phrase stands for: the sentence's own opening group ("A and B said they
        met"), the last meeting's parties, or, with a count of states, the last states named."""
        n = self._count(words)
        states_only = any(self.lex.is_a(t.text, "group_noun") and self.lex.is_a(t.text, "member")
                          or t.key in ("countries", "nations", "states") for t in words)
        ms = [m for m in self.by_sent.get(s.index, []) if m.entity is not None]
        opening = [e for e in self._opening_group(ms, s) if e.kind in ACTORS]
        if len(opening) >= 2 and (n is None or len(opening) == n) and all(
                m.end <= at for m in ms if m.entity in opening):
            return opening
        pronoun = any(self.lex.is_a(t.text, "plural_pronoun") and not self.lex.is_a(t.text, "count2")
                      or self._bare_count(t) for t in words)    # "they", "keduanya", "the two": anyone
        persons = any(self.lex.is_a(t.text, "delegate") and not self.lex.is_a(t.text, "group_noun")
                      for t in words)    # "the two presidents": persons only
        leaders = any(self.lex.is_a(t.text, "leader") or self.lex.is_a(t.text, "leaders")
                      for t in words)    # "the leaders", "kedua pemimpin": heads, never their ministers
        if n is not None and states_only:
            group = self._recent_group(n, at, s)   # "Japan, Australia and the Philippines ... the three countries"
            if group:
                return group
        if pronoun and n == 2:
            # "Moon raised the matter with Trump when the two met": the clause's two persons
            people = []
            for m in ms:
                if m.end <= at and m.entity.kind == "Person" and not m.attributive and m.entity not in people:
                    people.append(m.entity)
            if len(people) == 2:
                return people
        for ev in reversed(self.events):
            if ev.cls in ("Meeting", "PhoneCall") and ev.sent >= s.index - 3 and len(ev.core) >= 2 \
                    and (n is None or len(ev.core) == n) \
                    and (pronoun or (all(e.kind == "Person" for e in ev.core) if persons
                                     else all(e.kind != "Person" for e in ev.core))) \
                    and (not leaders or all(self._is_head(e) for e in ev.core)):
                self.antecedent = ev
                return list(ev.core)   # "sides", "delegations", "countries" are not two persons
        if n is not None and (pronoun or persons) and not states_only:
            group = self._recent_group(n, at, s, kind="Person")   # "A and B signed ... The two presidents met"
            if group and (not leaders or all(self._is_head(e) for e in group)):
                return group
        if n is None or not states_only:
            return []
        seen = []
        for m in sorted(self.finder.mentions, key=lambda m: -m.start):
            if m.start >= at or m.sent < s.index - 3:
                continue
            state = m.entity if m.entity.kind == "State" and not self._locative(m) else self._head_state(m.entity)
            if state is not None and state not in seen:
                seen.append(state)   # "Moon ... Trump ... the three countries": leaders stand for states
            if len(seen) == n:
                return seen[::-1]
        return []

    def _body_sides(self, ms):
        """"Negotiators for Colombia's government and the FARC": a state's body, then "and" and
        the other side."""
        toks = self.tokens
        first = ms[0]
        k = first.end
        if k + 1 < len(toks) and toks[k].text in ("'s", "’s"):
            k += 1               # "Colombia's government"
        elif first.how != "demonym":
            return []            # "the Ethiopian government"
        if k + 1 >= len(toks) or toks[k].key not in BODY_NOUNS:
            return []
        k += 1
        if k >= len(toks) or not self.lex.is_a(toks[k].text, "conj"):
            return []
        k += 1
        while k < len(toks) and self.lex.is_a(toks[k].text, "determiner"):
            k += 1
        nxt = next((m for m in ms if m.start == k), None)
        return [nxt] if nxt is not None else []

    def _count_subject(self, a, s):
        """A bare count ("the two") right before the trigger is its subject."""
        toks = self.tokens
        return a - 2 >= s.first and self._count([toks[a - 1]]) is not None \
            and self.lex.is_a(toks[a - 2].text, "determiner")

    def _head_state(self, ent):
        """The state a person heads (by the article's roles), else None."""
        if ent.kind != "Person":
            return None
        heads = {r.of for r in self.finder.roles if r.holder is ent and not r.former
                 and r.relation in ("headOfState", "headOfGovernment") and r.of.kind == "State"}
        if not heads and ent.entry is not None:
            iris = {r.of for r in self.finder.registry.roles_of(ent.iri, self.doc.date)
                    if r.role_type in ("headOfState", "headOfGovernment")}
            entries = [self.finder.registry.get(i) for i in iris]
            heads = {self.finder.entity_for_entry(e) for e in entries if e is not None and e.kind == "State"}
        return heads.pop() if len(heads) == 1 else None

    def _is_head(self, ent):
        """Whether "the leaders" may stand for this actor: not a minister, spokesperson or envoy
        (by the article or the registry on its date) unless also a head of state or government."""
        if ent.kind != "Person":
            return True
        held = {r.relation for r in self.finder.roles if r.holder is ent}
        if ent.iri:
            held |= {r.role_type for r in self.finder.registry.roles_of(ent.iri, self.doc.date)}
        return bool(held & {"headOfState", "headOfGovernment"}) or not (
            held & {"ministerOf", "spokespersonOf", "envoyOf"})

    def _recent_group(self, n, at, s, kind="State"):
        """The last n states (or persons) named together ("A, B and C") in this or the three
        sentences before."""
        for sent in range(s.index, max(-1, s.index - 4), -1):
            ms = sorted((m for m in self.by_sent.get(sent, []) if m.entity is not None and m.start < at),
                        key=lambda m: m.start)
            idx = len(ms) - 1
            while idx >= 0:
                grp = self._group(ms, idx, -1)
                states = []
                for m in grp:
                    if m.entity.kind == kind and not m.attributive and m.entity not in states:
                        states.append(m.entity)
                if len(states) == n:
                    return states
                idx -= len(grp)
        return []

    def _counterparts(self, group, subject):
        """"his British, German and U.S. counterparts": each is the person holding the subject's
        post in that state (from the registry on the article's date), else the state itself.
        None when the group is not such a list."""
        if not group or subject is None or subject.kind != "Person":
            return None
        end = group[-1].end
        if end >= len(self.tokens) or not self.lex.is_a(self.tokens[end].text, "counterpart"):
            return None
        reg = self.finder.registry
        roles = [(r.relation, r.post) for r in self.finder.roles if r.holder is subject]
        roles += [(r.role_type, r.post) for r in reg.roles_of(subject.iri, self.doc.date)]
        out = []
        for m in group:
            ent = m.entity
            if ent is None or ent.kind not in ("State", "Organisation") or ent is subject:
                continue
            person = None
            for relation, post in roles:
                if post and relation in ("ministerOf", "headOfState", "headOfGovernment"):
                    held = reg.holders(relation, ent.iri, self.doc.date, post=post)
                    named = [e for e in self.finder.entities.values() if e.iri == held[0].iri] if len(held) == 1 else []
                    if named:
                        person = named[0]     # "his U.S. counterpart", when the article names him
                        break
            out.append(person or ent)
        return out or None

    def _indirect(self, a, b, hi, s):
        """"indirect talks", "met separately", "secara terpisah": the sides did not meet."""
        toks = self.tokens
        end = min(hi, b + 16)        # "bertemu Menteri X dan Perwakilan Dagang AS Y secara terpisah"
        for t in toks[max(s.first, a - 2):end]:
            if t.i >= b and (t.text in (";", ":") or self.lex.is_a(t.text, "clause_break")):
                break
            if self.lex.is_a(t.text, "indirect"):
                return True
        return False

    def _mediators(self, ms, b, hi):
        """"talks mediated by Qatar", "yang dimediasi Qatar": the mediator takes part."""
        toks = self.tokens
        k = next((t.i for t in toks[b:hi] if self.lex.is_a(t.text, "mediate")), None)
        if k is None:
            return []
        nxt = next((n for n, m in enumerate(ms) if m.start > k and m.start - k <= 3), None)
        if nxt is None or not all(self.lex.is_a(t.text, "by") or self.lex.is_a(t.text, "determiner")
                                  or t.i in self.finder.title_tokens for t in toks[k + 1:ms[nxt].start]):
            return []
        return self._actors(self._group(ms, nxt, 1), locative_states=False)

    def _sides_not_mediators(self, core, ms, b, hi, s):
        """"(they met ...) in talks mediated by Saudi Arabia and the United States": when only the
        mediators are left as parties, the sides are those of the talks just before (or none);
        mediators do not meet each other."""
        mediators = self._mediators(ms, b, hi)
        if not mediators:
            return core
        own = [e for e in core if e not in mediators]
        same = next((list(ev.core) for ev in reversed(self.events) if ev.sent == s.index
                     and ev.cls in ("Meeting", "PhoneCall") and len(ev.core) >= 2), None)
        if own and same and all(e in same for e in own):
            return [e for e in same if e not in mediators]   # "A and B met, in talks mediated by C"
        if len(mediators) < 2 or own:
            return core
        return [e for e in self._earlier_talks(s) if e not in mediators]

    def _circumstance(self, a, s):
        """"during a meeting in Tokyo", "selama pertemuan": the meeting belongs to the subject of
        the clause it is a circumstance of, not to the nearest name before it."""
        toks = self.tokens
        k = a - 1
        while k > s.first and (self.lex.is_a(toks[k].text, "determiner") or (
                toks[k].alpha and not toks[k].cap and k not in self.finder.covered and a - k <= 2
                and not self.lex.is_a(toks[k].text, "circumstance"))):
            k -= 1
        return k >= s.first and self.lex.is_a(toks[k].text, "circumstance")
