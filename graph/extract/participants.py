"""Who takes part in an event: subjects, partners, visitors and destinations, agents and targets.

A mixin of ``EventFinder`` (graph/extract/events.py): groups of coordinated mentions left and right of a
trigger, read with the prepositions of the language's words.tsv.
"""

from actorgraph.ontology import ID_NS
from actorgraph.graph.extract.scope import TITLE_MODIFIERS

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
        return before in VENUE_WORDS or after in VENUE_WORDS or (before == ")" and k > 0 and toks[k - 1].key in VENUE_WORDS) \
            or self._named_meeting_before(m)

    def _named_meeting_before(self, m):
        """"Pertemuan Musim Semi IMF dan Bank Dunia", "Pertemuan Tahunan IMF": an organisation
        closing a meeting's capitalised name holds the meeting; it is no party to it."""
        toks, covered = self.tokens, self.finder.covered
        k = m.start - 1
        if k > 0 and self.lex.is_a(toks[k].text, "conj"):
            prev = covered.get(k - 1)
            if prev is None or prev.entity is None or prev.entity.kind != "Organisation":
                return False
            k = prev.start - 1           # "... IMF dan Bank Dunia": the second host of the same meeting
        n = 0
        while k >= 0 and n < 3 and k not in covered and toks[k].cap and toks[k].alpha:
            low = toks[k].lower
            hit = self.lex.triggers.get(low) or self.lex.triggers.get(self._stem(low) if self.lex.lang == "id" else low)
            if low in VENUE_WORDS or (hit is not None and hit[0] == "Meeting"):
                return True
            k -= 1
            n += 1
        return False

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
        self.separate_places = False
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
                    and after and (self.lex.is_a(after[0].text, "conj") or after[0].text == ",")
                    and all(t.i in self.finder.title_tokens or self.lex.is_a(t.text, "conj")
                            or self.lex.is_a(t.text, "determiner") or t.i in self.finder.covered
                            or t.text == "," or self.lex.is_a(t.text, "former") or _adverb(t)
                            for t in after)):
                break
            group += self._group(ms, nxt + 1, 1)
            self.separate_places = True   # each partner met the subject at their own place
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
        toks = self.tokens
        for m in ms:
            if after is not None and m.start >= after and m.end < len(toks) and toks[m.end].text in ("'s", "’s"):
                continue         # "... to protest Orban's stance": a possessor, no subject
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
        start = self._after_opening_phrase(s, m.start)
        return all(t.i in self.finder.title_tokens or t.i in self.finder.dateline
                   or (t.i in cov and cov[t.i] is not m and cov[t.i].attributive)
                   or self.lex.is_a(t.text, "determiner") or self.lex.is_a(t.text, "honorific")
                   or self._title_link(t, cov) or not t.alpha for t in self.tokens[start:m.start])

    def _after_opening_phrase(self, s, end):
        """"Hundreds of kilometres to the southwest, Kishida ...": an opening phrase that names
        no actor and ends in a comma comes before the subject; where the clause starts."""
        toks = self.tokens
        comma = next((k for k in range(end - 1, s.first, -1) if toks[k].text == ","), None)
        if comma is None or comma - s.first > 10 or any(
                k in self.finder.covered and k not in self.finder.dateline for k in range(s.first, comma)) \
                or any(toks[k].key in ('"', "“", "”") or toks[k].lower in self.lex.triggers for k in range(s.first, comma)):
            return s.first
        return comma + 1

    def _title_link(self, t, cov):
        """"envoy for Yemen", "Secretary of State": the word joining a title to its state."""
        if t.key in TITLE_MODIFIERS:
            return True          # "The United Nations special envoy"
        if not (self.lex.is_a(t.text, "of") or self.lex.is_a(t.text, "beneficiary")) \
                or t.i - 1 not in self.finder.title_tokens:
            return False
        nxt = cov.get(t.i + 1)
        return nxt is not None and nxt.attributive

    def _opening_group(self, ms, s, kinds=ACTORS):
        """The actors the sentence opens with, coordinated ("Scholz and Macron travelled ...")."""
        first = next((n for n, m in enumerate(ms) if not m.attributive and m.entity.kind in kinds
                      and self._opens(m, s)), None)
        return self._actors(self._group(ms, first, 1), kinds) if first is not None else []

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

    def _attended(self, a, s):
        """"Moon attended the Group of 20 summit in Osaka": an `attend` verb shortly before the
        meeting noun, in the same clause."""
        toks = self.tokens
        back = toks[max(s.first, a - 7):a]
        k = next((t.i for t in reversed(back) if self.lex.is_a(t.text, "attend")), None)
        return k is not None and not any(t.text in (",", ";", ":") or self.lex.is_a(t.text, "clause_break")
                                         for t in toks[k:a])

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


def _adverb(t):
    """"and most recently", "and then": a list's connecting adverbs, no new clause."""
    return t.alpha and not t.cap and (t.key.endswith("ly") or t.key in ("most", "then", "later"))
