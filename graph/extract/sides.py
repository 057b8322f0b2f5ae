"""Sides: who imposes sanctions on whom, and who fights whom.

A mixin of ``EventFinder`` (graph/extract/events.py): agents and targets of sanctions and the
measures that are sanctions (travel bans, asset freezes, import and export stops, aid cuts), and
the parties of a conflict (not trade wars, quoted labels, allies or victims).
"""

from actorgraph.graph.extract.participants import ACTORS, RELATIVES, STATE_PREFIX


class SideRules:
    """Sanction and conflict sides of the event finder."""

    def _sanction_sides(self, ms, a, b, lo, hi, s, left, right, prev_agents):
        toks = self.tokens
        agents, targets = self._threatened_with(ms, a, s)
        # passive: "sanctions imposed by the United States and the EU", "sanksi yang dijatuhkan oleh AS"
        by = next((t.i for t in toks[b:hi] if self.lex.is_a(t.text, "by")
                   and (t.i - b <= 3 or self.lex.is_a(toks[t.i - 1].text, "impose"))), None)
        if by is not None:
            nxt = next((n for n, m in enumerate(ms) if m.start > by and m.start - by <= 2 and not m.attributive), None)
            if nxt is not None:
                agents = self._actors(self._group(ms, nxt, 1), ("State", "Organisation", "Person"))
        if not agents and b + 1 < hi and toks[b].key in RELATIVES | {"that"}:
            # "the sanctions that the EU imposed on Russia": the relative clause's subject
            nxt = next((n for n, m in enumerate(ms) if b < m.start <= b + 2 and not m.attributive), None)
            if nxt is not None:
                grp = self._group(ms, nxt, 1)
                after = toks[grp[-1].end:min(hi, grp[-1].end + 3)]
                if any(self.lex.is_a(t.text, "impose") or self.lex.is_a(t.text, "ban") for t in after):
                    agents = self._actors(grp, ("State", "Organisation", "Person"))
        # "barang Indonesia dikenai tarif": who undergoes the measure stands before a passive verb
        victim = self._undergoes(ms, a, s)
        if victim is not None:
            targets = [victim]
        # adjectival agents right before the noun: "U.N., U.S., and European Union sanctions"
        pre = [m for m in ms if m.end <= a and m.end >= a - 1 and not m.attributive and victim is None
               and not (m.end == a - 1 and self.lex.is_a(toks[a - 1].text, "conj"))
               # "China mengecam sanksi AS": who condemns the measure does not impose it
               and not (m.end == a - 1 and self.lex.is_a(toks[a - 1].text, "oppose"))]
        if not pre and a >= 2 and toks[a - 1].text in ("'s", "’s"):
            pre = [m for m in ms if m.end == a - 1 and m.entity.kind in ("State", "Organisation")]
        if pre and not agents:
            grp = self._group(ms, ms.index(pre[-1]), -1)
            agents = self._actors(grp, ("State", "Organisation"))
        if not targets:
            targets = self._measure_object(ms, a, b, hi)
        if not targets:
            targets = self._officials_of(ms, b, hi)
        if not targets:
            targets = self._body_of_officials(ms, b, hi)
        rate = b
        if b + 3 < hi and self.lex.is_a(toks[b].text, "of") and toks[b + 1].text[0].isdigit():
            rate = b + 3 if toks[b + 2].alpha or toks[b + 2].text == "%" else b + 2   # "tariffs of 80 percent on"
        nxt = next((m for m in ms if m.start >= rate and m.start - rate <= 3 and m.how == "demonym"), None)
        if nxt is not None and all(self.lex.is_a(t.text, "against") or self.lex.is_a(t.text, "determiner")
                                   or self._count([t]) is not None or t.text.isdigit() or self.lex.is_a(t.text, "quantity")
                                   for t in toks[rate:nxt.start]):   # "on three Russian oligarchs"
            targets = [nxt.entity]      # "sanctions (on) Iranian officers": whom they hit
            k = nxt.end
            while k < hi and k in self.finder.title_tokens:
                k += 1
            person = self.finder.covered.get(k)
            if k > nxt.end and person is not None and person.entity is not None \
                    and person.entity.kind == "Person" and not person.attributive:
                targets = [person.entity]   # "sanctions on North Korean leader Kim Jong Un": the leader
        for m in ms:
            if targets:
                break
            if m.start < b or self._owned_by_other(b, m.start - 1):
                continue
            if (not m.attributive or self._linked_to(m)) and m.entity.kind in ("State", "Organisation", "Person"):
                k = m.start - 1
                if k >= b and self.lex.is_a(toks[k].text, "against"):
                    grp = self._group(ms, ms.index(m), 1)
                    targets = self._actors(grp, ("State", "Organisation", "Person"))
                    if not targets and m.attributive:
                        targets = [m.entity]
                    break
        if not agents:
            # Indonesian genitive: "sanksi AS terhadap Iran"
            first = next((m for m in ms if m.start == b and not m.attributive), None)
            if first is not None and self.lex.lang == "id" and first.entity.kind in ("State", "Organisation"):
                agents = [first.entity]
        if not agents and self._second_measure(a, s):
            # "A, B dan C memutus hubungan dengan X, sekaligus menutup akses ...": the
            # sentence's subjects take the second measure too
            agents = [e for e in self._opening_group(ms, s) if e.kind in ("State", "Organisation")]
        if not agents and left and self._imposing_verb_before(ms, a, left):
            # "Peru, Panama and Argentina imposed ...": the whole list; else the last two named
            agents = self._subject_list(ms, a, left) or \
                [e for e in left if e.kind in ("State", "Organisation", "Person")][-2:]
        if not agents:
            agents = self._it_subject(ms, a, s)
        if not agents:
            agents = list(prev_agents)
        if not targets:
            for m in ms:
                if b <= m.start < hi and not m.attributive and m.entity.kind in ("State", "Organisation") \
                        and m.entity not in agents and not self._after_word(m, ("from", "by")):
                    targets = [m.entity]
                    break
        if not targets:
            # "its influence over North Korea ... sanctions": an against-word earlier in the
            # sentence, the nearest one ("called on China to use its influence over North Korea")
            for m in reversed(ms):
                if m.end <= a and not m.attributive and m.entity.kind == "State" and m.entity not in agents \
                        and self._after_word(m, ("against",)):
                    targets = [m.entity]
                    break
        if not targets:
            for m in ms:
                if m.end <= a and not m.attributive and m.entity.kind in ("State",) and m.entity not in agents:
                    targets = [m.entity]
                    break
        if victim is not None and not [e for e in agents if e is not victim]:
            # nobody named imposes it here: the state the story is about, if any
            topic = self._topic_state(a, exclude=victim, minimum=3)
            agents = [topic] if topic is not None and not self._affiliated(topic, victim) else []
        if not targets and agents:
            topic = self._topic_state(a, exclude=agents[0], minimum=3)
            if topic is not None and not any(self._affiliated(topic, x) for x in agents):
                targets = [topic]
        targets = [t for t in targets if not any(self._part_of(x, t) or self._part_of(t, x) for x in agents)]
        agents = [e for e in agents if e not in targets and (e.kind != "Person" or self._leads(e))]
        if targets and not agents:
            agents = self._same_imposer(targets, s)
        return agents, targets

    def _same_imposer(self, targets, s):
        """A measure against a target with no imposer named: whoever imposed measures on that
        target in the last few sentences ("Japan tightened curbs on South Korea. His ministry also
        plans to remove South Korea from a white list")."""
        for ev in reversed(self.events):
            if ev.cls in ("Sanctioning", "Threat") and s.index - 3 <= ev.sent <= s.index \
                    and ev.targets and all(t in ev.targets for t in targets):
                return [a for a in ev.agents if a not in targets]
        return []

    def _measure_object(self, ms, a, b, hi):
        """Whom a measure hits, named right after it: "barred X from", "froze the assets of X",
        "larangan masuk bagi X", "imports from X", "exports to X"."""
        toks = self.tokens
        words = toks[a:b]
        near = toks[a:min(hi, b + 3)]      # "tariffs on imports from China"
        imports = any(self.lex.is_a(t.text, "import") for t in near)
        exports = any(self.lex.is_a(t.text, "export") or self.lex.is_a(t.text, "aid") for t in near)
        if not (imports or exports or any(self.lex.is_a(t.text, "ban") for t in words)
                or any(t.key in ("assets", "aset") for t in words) or len(words) > 1):
            return []
        for n, m in enumerate(ms):
            if m.start < b or m.start - b > 4 or m.start >= hi:
                continue
            gap = toks[b:m.start]
            origin = bool(gap) and ((imports and self.lex.is_a(gap[-1].text, "from"))
                                    or (exports and self.lex.is_a(gap[-1].text, "dest")))
            ok = all(t.i in self.finder.title_tokens or self.lex.is_a(t.text, "determiner")
                     or self.lex.is_a(t.text, "of") or self.lex.is_a(t.text, "beneficiary")
                     or self.lex.is_a(t.text, "against") or self.lex.is_a(t.text, "import")
                     or (imports and self.lex.is_a(t.text, "from"))
                     or (exports and self.lex.is_a(t.text, "dest"))
                     # "tariffs on steel from China": the goods may stand before where they come from
                     or (origin and t.alpha and not t.cap and t.key not in self.lex.words) for t in gap)
            if not ok or (not gap and not self.lex.is_a(toks[a].text, "ban")):
                return []
            return self._actors_any(self._group(ms, n, 1))
        return []

    def _threatened_with(self, ms, a, s):
        """"The EU has threatened Hungary with sanctions", "hit Russia with tariffs": the verb's
        object is the target, its subject the agent; ([], []) when the sentence is not so."""
        toks = self.tokens
        k = a - 1
        while k > s.first and (self.lex.is_a(toks[k].text, "determiner") or (toks[k].alpha and not toks[k].cap
                                                                              and toks[k].key not in self.lex.words)
                               and a - k <= 2):
            k -= 1               # "with fresh sanctions", "with new tariffs"
        warn = k > s.first and self.lex.is_a(toks[k].text, "of")      # "warns Cambodia of sanctions"
        if k <= s.first or not (self.lex.is_a(toks[k].text, "with") or warn):
            return [], []
        obj = next((m for m in ms if m.end == k and not m.attributive), None)
        if obj is None or obj.start - 1 < s.first:
            return [], []
        verb = toks[obj.start - 1]
        if not (self.lex.is_a(verb.text, "impose") and not warn
                or warn and self.lex.cues.get(verb.lower, ("",))[0] == "Threatened"):
            return [], []
        j = obj.start - 1
        while j > s.first and (j - 1) not in self.finder.covered and obj.start - j < 4:
            j -= 1               # "has threatened", "has already hit"
        subj = next((m for m in ms if m.end == j and (not m.attributive or m.start == s.first)), None)
        if subj is None:
            return [], []
        return [subj.entity], [obj.entity]

    def _linked_to(self, m):
        """"sanctions on RSF-linked companies": measures on an actor's fronts aim at the actor."""
        toks = self.tokens
        return m.end + 1 < len(toks) and toks[m.end].text == "-" and not toks[m.end].space_before \
            and self.lex.is_a(toks[m.end + 1].text, "affiliate")

    def _it_subject(self, ms, a, s):
        """"Washington held off, but warned it would slap sanctions on X": a `state_pronoun`
        subject of the imposing verb is the state or body that opens the sentence."""
        toks = self.tokens
        k = next((t.i for t in toks[max(s.first, a - 8):a] if self.lex.is_a(t.text, "state_pronoun")), None)
        if k is None or not (any(self.lex.is_a(t.text, "impose") or self.lex.is_a(t.text, "delist")
                                 for t in toks[k + 1:a + 1])
                             or (k > s.first and self.lex.is_a(toks[k - 1].text, "ban"))):
            return []            # "... suspended its development aid to Niger": its own aid
        first = next((m for m in ms if m.end <= k and not m.attributive and m.entity is not None), None)
        if first is None or first.entity.kind not in ("State", "Organisation") or first.start - s.first > 3:
            return []
        return [first.entity]

    def _body_of_officials(self, ms, b, hi):
        """"sanctions on Hamas leaders", "curbs on Russian officials": the body or state whose
        unnamed office holders (a plural title) the measure hits."""
        toks = self.tokens
        k = b
        while k < hi and k - b < 3 and (self.lex.is_a(toks[k].text, "against") or self.lex.is_a(toks[k].text, "determiner")):
            k += 1
        m = self.finder.covered.get(k)
        if k == b or m is None or m.start != k or m.entity is None or m.entity.kind not in ("State", "Organisation"):
            return []
        return [m.entity] if m.end in self.finder.title_tokens and self.finder._plural_title(m.end, m.end + 1) else []

    def _officials_of(self, ms, b, hi):
        """"travel bans on senior officials of Maduro's government", "sanctions on officials of
        Myanmar": the state whose officials a measure hits (a leader's government is his state)."""
        toks = self.tokens
        k = b
        while k < hi and toks[k].key != "of" and k - b <= 8 and toks[k].text not in (",", ";") \
                and k not in self.finder.covered:
            if self.lex.is_a(toks[k].text, "person_keyword") and k + 1 < hi and toks[k + 1].key == "of":
                break
            k += 1
        if k >= hi or not self.lex.is_a(toks[k].text, "person_keyword"):
            return []
        k += 2
        while k < hi and (self.lex.is_a(toks[k].text, "determiner") or k in self.finder.title_tokens):
            k += 1
        m = self.finder.covered.get(k)
        if m is None or m.start != k or m.entity is None:
            return []
        if m.entity.kind in ("State", "Organisation"):
            return [m.entity]
        if m.entity.kind == "Person" and m.end + 1 < hi and toks[m.end].text in ("'s", "’s") \
                and toks[m.end + 1].key in ("government", "regime", "administration", "pemerintah"):
            heads = [r.of for r in self.finder.roles if r.holder is m.entity and not r.former
                     and r.relation in ("headOfState", "headOfGovernment")]
            return heads[:1]
        return []

    def _actors_any(self, group):
        """Actors of a group, possessives included ("the assets of Belarus's central bank")."""
        out = []
        for m in group:
            if m.entity is not None and m.entity.kind in ACTORS and m.entity not in out and (
                    not m.attributive or (m.end < len(self.tokens) and self.tokens[m.end].text in ("'s", "’s"))):
                out.append(m.entity)
        return out

    def _part_of(self, body, whole):
        """"the Treasury Department" is a part of the United States: it does not sanction it."""
        entry = getattr(body, "entry", None)
        return entry is not None and entry.part_of is not None and entry.part_of == whole.iri

    def _imposing_verb_before(self, ms, a, left):
        """"Uni Eropa menjatuhkan sanksi", "Washington imposed its own sanctions": the subject of a
        verb that takes sanctions, not any actor before the word ("program nuklir Iran ... sanksi")."""
        last = max((m.end for m in ms if m.entity in left and m.end <= a), default=None)
        if last is None:
            return False
        toks = self.tokens[last:a]
        if any(t.text in (",", ";", ":") or self.lex.is_a(t.text, "clause_break") for t in toks) \
                and not any(self.lex.is_a(t.text, "impose") or self.lex.is_a(t.text, "ban") for t in toks):
            return False         # "A and B sign a pledge at C, sanctions stay": no subject across the comma
        return any(self.lex.is_a(t.text, "impose") for t in toks) or self.lex.is_a(self.tokens[a].text, "impose") \
            or self.lex.is_a(self.tokens[a].text, "ban") or self.lex.is_a(self.tokens[a].text, "delist") \
            or any(self.lex.is_a(t.text, "ban") for t in toks)  # "Australia barred X", "France suspended its aid"

    def _undergoes(self, ms, a, s):
        """The actor right before a passive measure verb ("Indonesia dikenai tarif", "X dijatuhi
        sanksi"), or None."""
        if a - 1 < s.first or not self.lex.is_a(self.tokens[a - 1].text, "undergo"):
            return None
        m = next((m for m in ms if m.end == a - 1 and m.entity.kind in ("State", "Organisation", "Person")), None)
        return m.entity if m is not None else None

    def _second_measure(self, a, s):
        """A sanction verb right after "sekaligus" / ", dan": a second verb of the subject."""
        toks = self.tokens
        return a - 1 >= s.first and (self.lex.is_a(toks[a - 1].text, "chain") or (
            a - 2 >= s.first and toks[a - 2].text == "," and self.lex.is_a(toks[a - 1].text, "conj")))

    def _subject_list(self, ms, a, left):
        """"A, B dan C menjatuhkan sanksi": every actor of the list that ends nearest before the
        verb (three or more), not only its last two."""
        near = [n for n, m in enumerate(ms) if m.entity in left and m.end <= a and not m.attributive]
        if not near:
            return []
        grp = self._group(ms, near[-1], -1)
        out = [m.entity for m in grp if m.entity.kind in ("State", "Organisation", "Person")]
        return list(dict.fromkeys(out)) if len(out) >= 3 else []

    def _leads(self, person):
        """Only a head of state or government imposes sanctions in person; others announce them."""
        if any(r.holder is person and r.relation in ("headOfState", "headOfGovernment") for r in self.finder.roles):
            return True
        return any(r.role_type in ("headOfState", "headOfGovernment")
                   for r in self.finder.registry.roles_of(person.iri, self.doc.date))

    def _owned_by_other(self, b, k):
        """"sanksi terhadap China": an against-word right after another sanctions trigger is its own."""
        return any(t[2] == "Sanctioning" and b <= t[0] and 0 <= k - t[1] <= 2 for t in self._sent_triggers)

    def _not_war(self, a, b, s):
        """"trade war", "perang dagang": an economic quarrel; "the 'party of war'": a label in quotes."""
        toks = self.tokens
        if a - 2 >= s.first and toks[a - 1].text == "-" and self.lex.is_a(toks[a - 2].text, "stance"):
            return True        # "a pro-war policy", "anti-war protests"
        if (a > s.first and self.lex.is_a(toks[a - 1].text, "economic")) or (
                b < s.last and self.lex.is_a(toks[b].text, "economic")):
            return True
        quotes = ("'", "‘", "’", '"', "“", "”")
        before = next((t.i for t in reversed(toks[max(s.first, a - 4):a]) if t.text in quotes), None)
        after = next((t.i for t in toks[b:min(s.last, b + 4)] if t.text in quotes), None)
        return before is not None and after is not None and toks[before].text not in ("’",) \
            and not any(t.i in self.finder.covered for t in toks[before:after])

    def _conflict_sides(self, ms, a, b, hi, s, left, right):
        kinds = ("State", "Organisation")
        parts = [e for e in left if e.kind in kinds][-1:]
        for m in ms:
            if b <= m.start < hi and not m.attributive and m.entity.kind == "Place" \
                    and m.entity.iri in self.finder.gaz.capital_of and self._after_word(m, ("against", "dest")) \
                    and m.start - b <= 3:
                # "serangan rudal ke Kyiv", "strikes on Kyiv": the capital stands for its state
                capital_state = self.finder.entity_for_entry(self.finder.gaz.capital_of[m.entity.iri])
                if capital_state is not None and capital_state not in parts:
                    parts.append(capital_state)
                break
            if b <= m.start < hi and not m.attributive and m.entity.kind in kinds:
                gap = self.tokens[b:m.start]
                if any(self.lex.is_a(t.text, "against") for t in gap) and (self._locative(m) or any(
                        self.lex.is_a(t.text, "loc") for t in self.tokens[max(b, m.start - 3):m.start])):
                    break          # "operasi militer terhadap YPG di timur laut Suriah": where, not whom
                paired = any(self.lex.is_a(t.text, "between") for t in gap[:3])
                if any(t.text in (",", ";", ":") or (self.lex.is_a(t.text, "conj") and not paired)
                       or self.lex.is_a(t.text, "clause_break") for t in gap):
                    break          # "halt its airstrikes and the Damascus government ends ...": another clause
                if any(self.lex.is_a(t.text, "support") for t in self.tokens[max(b, m.start - 3):m.start]):
                    break          # "strikes supporting the Damascus government": an ally, not a foe
                grp = self._group(ms, ms.index(m), 1)
                parts += [e for e in self._actors(grp, kinds) if e not in parts]
                break
        if len(parts) == 1 and parts[0].kind == "State":
            # "the war Russia started in 2022 against Ukraine": the other side after a preposition
            for m in ms:
                gap = self.tokens[b:m.start]
                if b <= m.start < hi and not m.attributive and m.entity.kind == "State" and m.entity not in parts \
                        and self._after_word(m, ("against", "loc", "dest")) \
                        and not any(t.text in (";", ":", ",") or self.lex.is_a(t.text, "clause_break")
                                    for t in gap):
                    if self._after_word(m, ("loc",)) and any(self.lex.is_a(t.text, "against") for t in gap):
                        break      # "operasi terhadap YPG di timur laut Suriah": where, not whom
                    parts.append(m.entity)
                    break
        if len(parts) == 1 and any(self.lex.is_a(t.text, "between") for t in self.tokens[max(s.first, b - 1):b + 1]):
            # "the war between the Houthis and a coalition led by Saudi Arabia"
            for m in ms:
                if b <= m.start < hi and m.entity.kind in kinds and m.entity not in parts \
                        and self._after_word(m, ("by",)) and not any(
                            t.text in (";", ":") or self.lex.is_a(t.text, "clause_break")
                            for t in self.tokens[b:m.start]) and m.start - b <= 12:
                    parts.append(m.entity)
                    break
        if len(parts) == 1:
            # "drone attacks on Russian oil refineries": the demonym names the side hit
            nxt = next((m for m in ms if b <= m.start <= b + 2 and m.how == "demonym"), None)
            if nxt is not None and nxt.entity not in parts and all(
                    self.lex.is_a(t.text, "against") or self.lex.is_a(t.text, "determiner")
                    or self.lex.is_a(t.text, "dest") for t in self.tokens[b:nxt.start]):
                parts.append(nxt.entity)
        both = [e for e in left if e.kind in kinds]
        if len(parts) < 2 and len(both) >= 2 and any(self.lex.is_a(t.text, "reciprocal") for t in self.tokens[a:b]):
            parts = both       # "Pasukan Thailand dan Kamboja terlibat baku tembak": each other
        parts = [self._state_of(e) for e in parts]
        parts = [e for n, e in enumerate(parts) if e not in parts[:n]]
        victim = left and any(self.lex.is_a(t.text, "loc") for t in self.tokens[max(s.first, a - 2):a])
        if len(parts) == 1 and parts[0].kind == "Organisation" and not victim:
            # ("X killed in an attack" names the victim, not a side that fights the topic state)
            topic = self._topic_state(a, exclude=parts[0])
            if topic is not None:
                parts.append(topic)
        return parts

    def _state_of(self, e):
        """An army or ministry fights for its state ("Militer Israel", "Israel Defense Forces")."""
        entry = getattr(e, "entry", None)
        if e.kind != "Organisation" or entry is None or not entry.part_of \
                or not entry.part_of.startswith(STATE_PREFIX):
            return e
        whole = self.finder.registry.get(entry.part_of)
        return self.finder.entity_for_entry(whole) if whole is not None else e

    def _topic_state(self, a, exclude, minimum=2):
        """The state the article is about so far: the one named most often before token a."""
        counts = {}
        for m in self.finder.mentions:
            if m.start < a and m.entity.kind == "State" and m.entity is not exclude and not self._locative(m):
                counts[m.entity] = counts.get(m.entity, 0) + 1
        if not counts:
            return None
        best = max(counts.items(), key=lambda kv: kv[1])
        return best[0] if best[1] >= minimum else None
