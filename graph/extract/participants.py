"""Who takes part in an event: subjects, partners, visitors and destinations, agents and targets.

A mixin of ``EventFinder`` (graph/extract/events.py): groups of coordinated mentions left and right of a
trigger, read with the prepositions of the language's words.tsv.
"""

from actorgraph.ontology import ID_NS

ACTORS = ("Person", "State", "Organisation")
LEFT_GAP = 7
STATE_PREFIX = ID_NS + "state/"
RELATIVES = {"who", "yang", "which", "whom"}
VENUE_WORDS = {"ktt", "summit", "summits", "sidelines", "forum", "konferensi", "conference", "sela",
               "sidang", "session", "rapat", "tinggi"}


class ParticipantRules:
    """Participant rules of the event finder."""

    def _group(self, ms, start_idx, direction):
        """Mentions coordinated with ms[start_idx] ("A, B dan C"), walking left or right."""
        toks = self.tokens
        group = [ms[start_idx]]
        idx = start_idx
        while True:
            nxt = idx + direction
            if nxt < 0 or nxt >= len(ms):
                break
            cur, other = ms[idx], ms[nxt]
            lo, hi = (cur.end, other.start) if direction > 0 else (other.end, cur.start)
            between = toks[lo:hi]
            if all(t.text in (",", "-", "(", ")") or self.lex.is_a(t.text, "conj")
                   or self.lex.is_a(t.text, "determiner") or t.i in self.finder.title_tokens
                   or self.lex.is_a(t.text, "honorific") for t in between) and len(between) <= 4:
                group.append(other)
                idx = nxt
            else:
                break
        # "Menurut Johan, Jokowi ...": a bare comma joins a list only if "dan"/"and" ends it
        if len(group) > 1:
            gaps = []
            for x, y in zip(group, group[1:]):
                lo, hi = (x.end, y.start) if direction > 0 else (y.end, x.start)
                gaps.append(toks[lo:hi])
            has_conj = any(any(self.lex.is_a(t.text, "conj") for t in g) for g in gaps)
            if not has_conj:
                cut = next((n for n, g in enumerate(gaps) if any(t.text == "," for t in g)), None)
                if cut is not None:
                    group = group[:cut + 1]
        return group if direction > 0 else group[::-1]

    def _venue(self, m):
        """"KTT G20", "the ASEAN summit": the forum a meeting happens at, not a party to it."""
        toks = self.tokens
        k = m.start - 1
        before = toks[k].key if k >= 0 else ""
        after = toks[m.end].key if m.end < len(toks) else ""
        return before in VENUE_WORDS or after in VENUE_WORDS or (before == ")" and k > 0 and toks[k - 1].key in VENUE_WORDS)

    def _locative(self, m):
        k = m.start - 1
        while k >= 0 and (self.tokens[k].key in ("the", "kota", "city") or self.lex.is_a(self.tokens[k].text, "capital")):
            k -= 1
        return k >= 0 and self.lex.is_a(self.tokens[k].text, "loc")

    def _actors(self, group, kinds=ACTORS, locative_states=True):
        out = []
        for m in group:
            if m.attributive or m.entity is None or m.entity.kind not in kinds:
                continue
            if m.entity.kind in ("Organisation", "Place") and self._locative(m):
                continue
            if m.entity.kind == "State" and not locative_states and self._locative(m):
                continue
            if m.entity.kind == "Organisation" and self._venue(m):
                continue
            if m.entity not in out:
                out.append(m.entity)
        return out

    def _right(self, ms, b, hi):
        idx = next((n for n, m in enumerate(ms) if m.start >= b and m.start < hi and not m.attributive), None)
        if idx is None:
            return [], None
        gap = self.tokens[b:ms[idx].start]
        filler = [t for t in gap if t.i not in self.finder.covered and t.i not in self.finder.title_tokens
                  and not self.lex.is_a(t.text, "honorific") and t.text not in ("'s", "’s")]
        if len(filler) > 5 or any(t.text in (";", ":", "(", '"', "“", "”") or self.lex.is_a(t.text, "clause_break")
                                  for t in filler):
            return [], None
        if any(t.text == "," for t in filler) and not any(self.finder.covered.get(t.i) for t in gap):
            return [], None
        group = self._group(ms, idx, 1)
        end = group[-1].end
        if any(t.text == "," for t in filler) and end < len(self.tokens) \
                and self.lex.is_a(self.tokens[end].text, "speech"):
            return [], None    # "Putin held talks on Friday, spokesman Dmitry Peskov said": the reporter
        # "talks with Netanyahu in Jerusalem and Palestinian President Mahmoud Abbas in the West
        # Bank": the list goes on after each partner's place
        while True:
            last = ms.index(group[-1])
            nxt = last + 1
            if nxt + 1 >= len(ms) or ms[nxt].entity.kind != "Place" or ms[nxt].start >= hi:
                break
            between = self.tokens[group[-1].end:ms[nxt].start]
            after = self.tokens[ms[nxt].end:ms[nxt + 1].start]
            if not (between and all(self.lex.is_a(t.text, "loc") or self.lex.is_a(t.text, "determiner")
                                    for t in between)
                    and after and self.lex.is_a(after[0].text, "conj")
                    and all(t.i in self.finder.title_tokens or self.lex.is_a(t.text, "conj")
                            or self.lex.is_a(t.text, "determiner") or t.i in self.finder.covered
                            for t in after)):
                break
            group += self._group(ms, nxt + 1, 1)
        return group, gap

    def _left_across(self, ms, a, s):
        before = [n for n, m in enumerate(ms) if m.end <= a and not m.attributive and m.entity.kind in ACTORS]
        return self._group(ms, before[-1], -1) if before else []

    def _left(self, ms, a, lo, kinds=ACTORS, max_gap=None):
        idx = None
        for n, m in enumerate(ms):
            if m.end <= a and m.start >= lo and not m.attributive and m.entity.kind in kinds \
                    and not (m.entity.kind != "Person" and self._locative(m)):
                idx = n
        if idx is None:
            return []
        idx = self._outside_relative(ms, idx, a, lo)
        if idx is None:
            return []
        gap = self.tokens[ms[idx].end:a]
        relative = len(gap) > 2 and gap[0].text == "," and gap[1].key in RELATIVES
        if relative:
            gap = gap[2:]        # "Kerry and Zarif, who spent hours negotiating": the antecedent
        if any(t.text in ('"', "“", "”", ";", ":") or self.lex.is_a(t.text, "clause_break") for t in gap):
            return []
        if any(x.text == "," and self.lex.is_a(y.text, "conj") for x, y in zip(gap, gap[1:])):
            return []          # "X will not meet Y, and the talks will ...": a new clause
        if len(gap) > (max_gap or LEFT_GAP):
            return []          # too far: the object of another verb, not this event's subject
        return self._group(ms, idx, -1)

    def _outside_relative(self, ms, idx, a, lo):
        """"Sugiono, yang mendampingi Prabowo, mengatakan pembicaraan ...": a name inside a
        relative clause that has closed before the trigger is not its subject; the clause's
        antecedent is. Returns the index of the mention to use, or None."""
        toks = self.tokens
        m = ms[idx]
        rel = None
        for t in reversed(toks[lo:m.start]):
            if t.text in (",", ";", ":"):
                break
            if t.key in RELATIVES:
                rel = t.i
                break
        if rel is None or not any(t.text == "," for t in toks[m.end:a]):
            return idx
        ante = [n for n, x in enumerate(ms) if x.end <= rel and rel - x.end <= 1 and not x.attributive]
        return ante[-1] if ante else None

    def _possessor(self, a):
        """"pertemuannya", "his talks": the last person before the trigger."""
        t = self.tokens[a]
        prev = self.tokens[a - 1] if a > 0 else None
        if (t.lower.endswith("nya") and self.lex.lang == "id") or (prev is not None and prev.key in ("his", "her")):
            return self.finder._last_person(a if not (prev and prev.key in ("his", "her")) else a - 1)
        return None

    def _fallback_subject(self, ms, s, exclude, after=None, has_subject=False):
        """No actor next to the trigger: the sentence's subject ("Biden, whose ..., arrives for
        talks") or one that follows it ("…, Netanyahu said")."""
        for m in ms:
            if m.entity.kind == "Person" and not m.attributive and m.entity not in exclude \
                    and (after is None or (m.start >= after and not self._new_clause(after, m.start)
                                           and not (has_subject and self._reporter(m, after)))
                         or self._opens(m, s)):
                return m.entity
        return None

    def _reporter(self, m, after):
        """"Putin held talks on Friday, Kremlin spokesman Dmitry Peskov said": who reports the
        event after a comma, when the event has its subject already."""
        toks = self.tokens
        return m.end < len(toks) and self.lex.is_a(toks[m.end].text, "speech") \
            and any(t.text == "," for t in toks[after:m.start])

    def _new_clause(self, k, end):
        """A relative or contrastive clause starts between k and end ("... yang diduga dilakukan
        Obama", "..., but lost her post when Groysman ..."): a name there is not the subject."""
        return any(self.lex.is_a(t.text, "clause_break") for t in self.tokens[k:end])

    def _and_verb(self, a, s):
        """"and held talks", "dan mengadakan pertemuan": a second verb of the sentence's subject."""
        back = [t for t in self.tokens[max(s.first, a - 3):a] if t.alpha]
        if len(back) >= 2 and self.lex.is_a(back[-2].text, "conj") and self.lex.is_a(back[-1].text, "determiner"):
            return False       # ", and the talks will be held by ...": a new subject, not a second verb
        return any(self.lex.is_a(t.text, "conj") for t in back[:-1] or back) and \
            not any(t.i in self.finder.covered for t in self.tokens[max(s.first, a - 3):a])

    def _opens(self, m, s):
        """The mention is the sentence's subject: only a dateline, titles and their states come
        before it."""
        cov = self.finder.covered
        return all(t.i in self.finder.title_tokens or t.i in self.finder.dateline
                   or (t.i in cov and cov[t.i] is not m and cov[t.i].attributive)
                   or self.lex.is_a(t.text, "determiner") or self.lex.is_a(t.text, "honorific")
                   or not t.alpha for t in self.tokens[s.first:m.start])

    def _opening_group(self, ms, s, kinds=ACTORS):
        """The actors the sentence opens with, coordinated ("Scholz and Macron travelled ...")."""
        first = next((n for n, m in enumerate(ms) if not m.attributive and m.entity.kind in kinds
                      and self._opens(m, s)), None)
        return self._actors(self._group(ms, first, 1), kinds) if first is not None else []

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
        if k is None or k - s.first > 4:
            return []
        rest = toks[k + 1:first.start] if first is not None else []
        if first is not None and len(rest) <= 2 and all(
                self.lex.is_a(t.text, "from") or self.lex.is_a(t.text, "of") or self.lex.is_a(t.text, "determiner")
                or t.i in self.finder.title_tokens for t in rest):
            group = []
            for m in self._group(ms, 0, 1):
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
                     or self.lex.is_a(t.text, "group_noun") or self.lex.is_a(t.text, "delegate")), None)
        if head is None:
            return []
        if not self.lex.is_a(head.text, "plural_pronoun") and self._count(window) is None and a - head.i > 2:
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
        pronoun = any((self.lex.is_a(t.text, "plural_pronoun") and not self.lex.is_a(t.text, "count2"))
                      or (self.lex.is_a(t.text, "delegate") and not self.lex.is_a(t.text, "group_noun"))
                      for t in words)    # "they", "the two presidents" may be persons
        if n is not None and states_only:
            group = self._recent_group(n, at, s)   # "Japan, Australia and the Philippines ... the three countries"
            if group:
                return group
        for ev in reversed(self.events):
            if ev.cls in ("Meeting", "PhoneCall") and ev.sent >= s.index - 3 and len(ev.core) >= 2 \
                    and (n is None or len(ev.core) == n) \
                    and (pronoun or all(e.kind != "Person" for e in ev.core)):
                self.antecedent = ev
                return list(ev.core)   # "sides", "delegations", "countries" are not two persons
        if n is not None and pronoun and not states_only:
            group = self._recent_group(n, at, s, kind="Person")   # "A and B signed ... The two presidents met"
            if group:
                return group
        if n is None or not states_only:
            return []
        seen = []
        for m in sorted(self.finder.mentions, key=lambda m: -m.start):
            if m.start >= at or m.sent < s.index - 3:
                continue
            if m.entity.kind == "State" and not self._locative(m) and m.entity not in seen:
                seen.append(m.entity)
            if len(seen) == n:
                return seen[::-1]
        return []

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
        end = min(hi, b + 8)
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

    def _place(self, ms, a, hi, s, trigger_start=None):
        toks = self.tokens
        ordered = sorted(ms, key=lambda m: (m.start < (trigger_start or a), m.start))
        for m in ordered:
            if m.start < a or m.start >= hi or m.entity.kind != "Place":
                continue
            back = toks[max(s.first, m.start - 5):m.start]
            if any(self.lex.is_a(t.text, "loc") for t in back) and not any(
                    t.text in (";", '"') or self.lex.is_a(t.text, "clause_break") for t in back):
                return m.entity
        return None

    def _visit(self, ms, a, b, lo, hi, s, left, owner):
        toks = self.tokens
        visitor = dest = None
        self._more_dests = []
        self._more_visitors = []
        after = [m for m in ms if b <= m.start < hi]
        for m in after:
            k = m.start - 1
            while k >= b and (toks[k].key in ("the",) or self.lex.is_a(toks[k].text, "capital")):
                k -= 1       # "tiba di ibu kota China", "to the capital of Oman"
            if k >= b and self.lex.is_a(toks[k].text, "of") and k - 1 >= b and self.lex.is_a(toks[k - 1].text, "capital"):
                k -= 2
                while k >= b and toks[k].key in ("the",):
                    k -= 1
            if m.how == "demonym" and m.end < hi and self.lex.is_a(toks[m.end].text, "capital"):
                pass         # "held talks in the Omani capital": the demonym's state
            elif m.attributive:
                continue
            # the preposition may end the trigger itself ("travelled to", "tiba di")
            prep = toks[k].key if k >= b or k == b - 1 else None
            if prep is not None and (self.lex.is_a(prep, "dest") or self.lex.is_a(prep, "loc")) \
                    and m.entity.kind in ("State", "Place") and dest is None:
                dest = m.entity
                # "travelled to Athens and Ankara": every place of the list
                grp = self._group(ms, ms.index(m), 1)
                self._more_dests = [x.entity for x in grp[1:] if x.entity.kind in ("State", "Place")]
            elif m.entity.kind == "Person" and visitor is None and not m.attributive and any(
                    self.lex.is_a(t.text, "by") for t in toks[max(b, m.start - 6):m.start]):
                visitor = m.entity           # "a visit to Tehran by Chinese President Xi Jinping"
            elif m.entity.kind == "Person" and not m.attributive and visitor is None and all(
                    t.i in self.finder.title_tokens or self.finder.covered.get(t.i) is not None and
                    self.finder.covered[t.i].attributive or (
                        t.alpha and not t.cap and not self.lex.is_a(t.text, "dest")
                        and not self.lex.is_a(t.text, "loc") and t.key not in self.lex.words)
                    for t in toks[b:m.start]) and sum(
                        1 for t in toks[b:m.start] if t.i not in self.finder.title_tokens
                        and t.i not in self.finder.covered) <= 2:
                visitor = m.entity           # "kunjungan (kenegaraan) (Presiden) Macron ke Singapura"
            elif k < b and m.entity.kind in ("State", "Place") and dest is None and toks[a].lower in (
                    "visited", "mengunjungi", "visiting", "visit", "dikunjungi"):
                dest = m.entity              # "visited Tehran"
        if visitor is None:
            prev = toks[a - 1] if a > 0 else None
            if prev is not None and prev.text in ("'s", "’s"):
                m = next((m for m in ms if m.end == a - 1), None)
                if m is not None and m.entity.kind == "Person":
                    visitor = m.entity
        if visitor is None:
            visitor = owner
        if visitor is None:
            people = [e for e in left if e.kind == "Person"]
            visitor = people[-1] if people else None
            self._more_visitors = people[:-1]
        if visitor is None and a > s.first and self.lex.is_a(toks[a - 1].text, "infinitive"):
            # "Obama will make history as the first sitting president to visit Hiroshima"
            people = [m for m in ms if m.end <= a and not m.attributive and m.entity.kind == "Person"]
            visitor = people[-1].entity if people else None
        if visitor is None and toks[a].lower not in ("kunjungan", "visit", "lawatan", "trip"):
            # a verb of travel: its subject opens the sentence ("Maas, whose ..., travelled to")
            first = next((m for m in ms if m.end <= a and not m.attributive), None)
            if first is not None and first.entity.kind == "Person":
                visitor = first.entity
        return visitor, dest

    def _sanction_sides(self, ms, a, b, lo, hi, s, left, right, prev_agents):
        toks = self.tokens
        agents, targets = [], []
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
        # adjectival agents right before the noun: "U.N., U.S., and European Union sanctions"
        pre = [m for m in ms if m.end <= a and m.end >= a - 1 and not m.attributive]
        if not pre and a >= 2 and toks[a - 1].text in ("'s", "’s"):
            pre = [m for m in ms if m.end == a - 1 and m.entity.kind in ("State", "Organisation")]
        if pre and not agents:
            grp = self._group(ms, ms.index(pre[-1]), -1)
            agents = self._actors(grp, ("State", "Organisation"))
        if not targets:
            targets = self._measure_object(ms, a, b, hi)
        nxt = next((m for m in ms if m.start >= b and m.start - b <= 2 and m.how == "demonym"), None)
        if nxt is not None and all(self.lex.is_a(t.text, "against") or self.lex.is_a(t.text, "determiner")
                                   for t in toks[b:nxt.start]):
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
            if not m.attributive and m.entity.kind in ("State", "Organisation", "Person"):
                k = m.start - 1
                if k >= b and self.lex.is_a(toks[k].text, "against"):
                    grp = self._group(ms, ms.index(m), 1)
                    targets = self._actors(grp, ("State", "Organisation", "Person"))
                    break
        if not agents:
            # Indonesian genitive: "sanksi AS terhadap Iran"
            first = next((m for m in ms if m.start == b and not m.attributive), None)
            if first is not None and self.lex.lang == "id" and first.entity.kind in ("State", "Organisation"):
                agents = [first.entity]
        if not agents and left and self._imposing_verb_before(ms, a, left):
            agents = [e for e in left if e.kind in ("State", "Organisation", "Person")][-2:]
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
        if not targets and agents:
            topic = self._topic_state(a, exclude=agents[0], minimum=3)
            if topic is not None and not any(self._affiliated(topic, x) for x in agents):
                targets = [topic]
        targets = [t for t in targets if not any(self._part_of(x, t) or self._part_of(t, x) for x in agents)]
        agents = [e for e in agents if e not in targets and (e.kind != "Person" or self._leads(e))]
        return agents, targets

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
            ok = all(t.i in self.finder.title_tokens or self.lex.is_a(t.text, "determiner")
                     or self.lex.is_a(t.text, "of") or self.lex.is_a(t.text, "beneficiary")
                     or self.lex.is_a(t.text, "against") or self.lex.is_a(t.text, "import")
                     or (imports and self.lex.is_a(t.text, "from"))
                     or (exports and self.lex.is_a(t.text, "dest")) for t in gap)
            if not ok or (not gap and not self.lex.is_a(toks[a].text, "ban")):
                return []
            return self._actors_any(self._group(ms, n, 1))
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
        return any(self.lex.is_a(t.text, "impose") for t in toks) or self.lex.is_a(self.tokens[a].text, "impose") \
            or self.lex.is_a(self.tokens[a].text, "ban") \
            or any(self.lex.is_a(t.text, "ban") for t in toks)  # "Australia barred X", "France suspended its aid"

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
                if any(self.lex.is_a(t.text, "against") for t in gap) and self._locative(m):
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
                if b <= m.start < hi and not m.attributive and m.entity.kind == "State" and m.entity not in parts \
                        and self._after_word(m, ("against", "loc", "dest")) \
                        and not any(t.text in (";", ":") or self.lex.is_a(t.text, "clause_break")
                                    for t in self.tokens[b:m.start]):
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

    def _after_word(self, m, classes):
        k = m.start - 1
        while k >= 0 and (self.tokens[k].key in ("the",) or k in self.finder.title_tokens):
            k -= 1
        return k >= 0 and any(self.lex.is_a(self.tokens[k].text, c) for c in classes)

    def _affiliated(self, state, person):
        """A state does not meet its own leader or minister: such a pair is a misreading."""
        if state.kind not in ("State", "Organisation") or person.kind != "Person":
            return False
        key = (state.iri, person.iri, len(self.finder.roles))
        if key not in self.affiliation_cache:
            self.affiliation_cache[key] = self._affiliated_now(state, person)
        return self.affiliation_cache[key]

    def _affiliated_now(self, state, person):
        if any(r.holder is person and r.of is state for r in self.finder.roles):
            return True
        reg = self.finder.registry
        for r in reg.roles_of(person.iri, self.doc.date):
            if r.of == state.iri:
                return True
            body = reg.get(r.of)
            if body is not None and body.part_of == state.iri:
                return True      # Borrell leads the EEAS, a part of the EU
        return False

    def _affiliated_elsewhere(self, person, host):
        if any(r.holder is person and r.of is not host and r.of.kind == "State" for r in self.finder.roles):
            return True
        reg = self.finder.registry
        return any(r.of != host.iri and r.of.startswith(STATE_PREFIX)
                   for r in reg.roles_of(person.iri, self.doc.date))

    def _host_state(self, ev):
        """The state a meeting took place in: its place's state, or a state named after "in"."""
        reg = self.finder.registry
        gaz = self.finder.gaz
        place = ev.place
        seen = 0
        while place is not None and place.kind == "Place" and seen < 3:
            seen += 1
            if place.iri in gaz.capital_of:
                return self.finder.entity_for_entry(gaz.capital_of[place.iri])
            part = place.entry.part_of if place.entry is not None else None
            entry = reg.get(part) if part else None
            if entry is None:
                return None
            place = self.finder.entity_for_entry(entry)
        if place is not None and place.kind == "State":
            return place
        return ev.location_state
