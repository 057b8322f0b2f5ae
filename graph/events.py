"""Events: triggers, their modality, participants, place and date, and the shortcut edges.

Modality decides the edge: a meeting that happened gives ``metWith``, one that is planned,
possible or wanted gives ``plansToMeet``; imposed sanctions give ``sanctions``, threatened or
prepared ones ``threatensSanctions``; denied or cancelled events give no edge at all.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from graph.dates import find_dates
from ontology import ID_NS

# Strongest first: when cues disagree, the first in this list wins.
STATUS_ORDER = ("Denied", "Cancelled", "Threatened", "Requested", "Possible", "Intended",
                "Planned", "Lifted", "Occurred")
NOT_OCCURRED = {"Planned", "Possible", "Intended", "Requested", "Threatened"}
CUE_WINDOW = 6
LEFT_GAP = 7
AFTER_WINDOW = 6
NEGATION_WINDOW = 3
ACTORS = ("Person", "State", "Organisation")
STATE_PREFIX = ID_NS + "state/"
RELATIVES = {"who", "yang"}
OPENERS = {"the", "a", "an", "sementara", "itu", "namun", "however", "meanwhile", "but", "adapun",
           "sebelumnya", "earlier"}
VENUE_WORDS = {"ktt", "summit", "summits", "sidelines", "forum", "konferensi", "conference", "sela"}
EXTRA_CUES = {"melibatkan", "involving", "including", "termasuk", "turut", "attended", "dihadiri"}


@dataclass(eq=False)
class Event:
    cls: str                      # Meeting, PhoneCall, Visit, Sanctioning, Threat, Conflict
    status: str
    sent: int
    trigger: tuple                # token range
    participants: list = field(default_factory=list)   # Entities taking part (all)
    core: list = field(default_factory=list)           # the pair(s) the shortcut edges join
    agents: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    place: object = None
    location_state: object = None  # "in Israel": where it happened, when only a state is named
    date: object = None           # FoundDate
    confidence: float = 0.8
    sentences: list = field(default_factory=list)      # merged evidence: sentence indices

    @property
    def relation(self):
        return shortcut_relation(self.cls, self.status)


@lru_cache(maxsize=64)
def _phrase_index(items):
    index = {}
    for key, value in items:
        words = tuple(key.split())
        index.setdefault(words[0], []).append((words, value))
    for bucket in index.values():
        bucket.sort(key=lambda x: -len(x[0]))
    return index


def _by_first_word(items):
    """Phrases keyed by their first word, longest first: one dict look-up per token."""
    return _phrase_index(tuple(sorted(items)))


def shortcut_relation(cls, status):
    """The binary relation an event yields, or None (denied, cancelled, or not a relation)."""
    if status in ("Denied", "Cancelled"):
        return None
    occurred = status in ("Occurred", "Lifted")
    if cls == "Meeting":
        return "metWith" if occurred else "plansToMeet"
    if cls == "PhoneCall":
        return "spokeWith" if occurred else "plansToMeet"
    if cls == "Visit":
        return "visited" if occurred else None
    if cls in ("Sanctioning", "Threat"):
        if status == "Requested":
            return None      # asking others to impose sanctions threatens nobody
        return "sanctions" if occurred else "threatensSanctions"
    if cls == "Conflict":
        return "inConflictWith" if occurred else None
    return None


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem_id(word):
    return _stemmer().stem(word)


class EventFinder:
    def __init__(self, doc, finder, lex):
        self.doc = doc
        self.tokens = doc.tokens
        self.finder = finder
        self.lex = lex
        self.by_sent = {}
        for m in finder.mentions:
            self.by_sent.setdefault(m.sent, []).append(m)
        self.events = []
        self.travellers = set()
        self.phrases = _by_first_word((k, v) for k, v in lex.triggers.items() if v[1] == "phrase")
        self.cue_phrases = _by_first_word(lex.cues.items())

    # -- triggers -------------------------------------------------------------------------
    def triggers(self, s):
        toks = self.tokens
        out = []
        i = s.first
        covered = self.finder.covered
        while i < s.last:
            if i in covered or i in self.finder.title_tokens:
                i += 1
                continue
            hit = None
            for words, (cls, _m) in self.phrases.get(toks[i].lower, ()):
                n = len(words)
                if i + n <= s.last and all(toks[i + k].lower == words[k] for k in range(1, n)):
                    hit = (n, cls)
                    break
            if hit is None:
                t = toks[i]
                v = self.lex.triggers.get(t.lower)
                if v is not None and v[1] == "word":
                    hit = (1, v[0])
                elif self.lex.lang == "id" and t.alpha and len(t.text) > 4:
                    v = self.lex.triggers.get(stem_id(t.lower))
                    if v is not None and v[1] == "stem":
                        hit = (1, v[0])
            if hit is None and self.lex.is_a(toks[i].text, "receive"):
                # "Retno menerima Sun", "welcomed Macron": a meeting only when a person follows
                k, depth = i + 1, 0
                while k < min(s.last, i + 9) and k not in self.finder.covered and (
                        depth > 0 or k in self.finder.title_tokens or self.lex.is_a(toks[k].text, "by")
                        or self.lex.is_a(toks[k].text, "determiner") or toks[k].key in ("langsung", "personally")
                        or toks[k].text in "()"):
                    depth += toks[k].text == "(" and 1 or (toks[k].text == ")" and -1 or 0)
                    k += 1
                nxt = self.finder.covered.get(k)
                if nxt is not None and nxt.entity.kind == "Person" and not nxt.attributive:
                    hit = (1, "Meeting")
            if hit is None:
                i += 1
                continue
            if not self._on_sidelines(i, s):
                out.append((i, i + hit[0], hit[1]))
            i += hit[0]
        # "konferensi tingkat tinggi (KTT)", "KTT, konferensi tingkat tinggi,": one event, not two
        merged = []
        for t in out:
            if merged and merged[-1][2] == t[2] and all(
                    x.text in "(),-" or self.lex.is_a(x.text, "conj") for x in toks[merged[-1][1]:t[0]]):
                end = t[1] + (1 if t[1] < s.last and toks[t[1]].text in ")," else 0)
                merged[-1] = (merged[-1][0], end, t[2])
            else:
                merged.append(t)
        return merged

    def _on_sidelines(self, i, s):
        """"on the sidelines of the meeting", "di sela-sela KTT": the venue, not an event."""
        back = [t.key for t in self.tokens[max(s.first, i - 4):i]]
        return "sidelines" in back or "sela" in back

    # -- modality -----------------------------------------------------------------------
    def status(self, cls, a, b, lo, hi, s):
        toks = self.tokens
        found = []
        k = s.first
        while k < a:   # "membantah kabar bahwa ...", "denied that ...": the whole rest of the sentence
            hit = self._cue_at(k, a)
            if hit and hit[1][1] == "clause":
                found.append(hit[1][0])
            k += hit[0] if hit else 1
        # the window counts words, not the names in it ("a request from his Iranian
        # counterpart, Hossein Amir-Abdollahian, for a telephone conversation")
        start, seen = a, 0
        while start > lo and seen < CUE_WINDOW:
            start -= 1
            if start not in self.finder.covered and self.tokens[start].alpha:
                seen += 1
        k = start
        while k < a:
            hit = self._cue_at(k, a)
            if hit:
                n, (st, scope) = hit
                if scope in ("before", "around") and not (st == "Denied" and a - k > NEGATION_WINDOW):
                    found.append(st)
                k += n
            else:
                k += 1
        # a trigger opening its sentence is its subject: what the sentence says after it says of
        # it ("Sementara itu, pertemuan Ishiba dengan Gibran, yang semula dijadwalkan ..., batal")
        opening = all(not t.alpha or self.lex.is_a(t.text, "clause_break") or t.key in OPENERS
                      for t in toks[s.first:a])
        k = b
        names = sum(1 for t in toks[b:min(hi, b + 2 * AFTER_WINDOW)] if t.i in self.finder.covered)
        limit = s.last if opening else min(hi, b + AFTER_WINDOW + names)
        while k < limit:
            if not opening and (toks[k].text in (",", ";", ":") or self.lex.is_a(toks[k].text, "conj")
                                or self.lex.is_a(toks[k].text, "clause_break")):
                break      # "met Putin, and will meet Xi": a new clause, its own modality
            if self.lex.is_a(toks[k].text, "negation") and not opening and k - b <= AFTER_WINDOW:
                found.append("Denied")     # "pertemuan Jokowi dengan Obama tidak masuk agenda"
            elif opening and self.lex.is_a(toks[k].text, "negation"):
                found.append("Denied")
            hit = self._cue_at(k, limit)
            if hit:
                n, (st, scope) = hit
                if scope in ("after", "around"):
                    found.append(st)
                k += n
            else:
                k += 1
        # an infinitive right before a verb trigger: "untuk bertemu", "to meet"
        j = a - 1
        while j >= lo and toks[j].key in ("langsung", "directly", "secara", "personally"):
            j -= 1
        if j >= lo and self.lex.is_a(toks[j].text, "infinitive") and toks[j].key not in ("agar",):
            found.append("Intended")
        elif j >= lo and toks[j].key == "for" and cls in ("Meeting", "PhoneCall", "Visit"):
            found.append("Planned")      # "arrives for talks"
        elif j - 1 >= lo and self.lex.is_a(toks[j - 1].text, "infinitive") and toks[j].alpha \
                and not toks[j].cap and toks[j].key not in self.lex.words and cls in ("Meeting", "PhoneCall", "Visit"):
            found.append("Intended")     # "to revive peace talks", "untuk menggelar pertemuan"
        if "Occurred" in found:
            # "sanctions ... would remain in force": in force already, the modal is about staying
            found = [f for f in found if f not in ("Planned", "Intended", "Occurred")]
        if cls == "Conflict":
            found = [f for f in found if f in ("Threatened", "Possible", "Requested", "Intended", "Denied")]
        if cls in ("Sanctioning",):
            found = ["Threatened" if f in ("Planned", "Intended") else f for f in found]
        if not found:
            return "Occurred"
        return min(found, key=STATUS_ORDER.index)

    def _cue_at(self, k, limit):
        toks = self.tokens
        for words, v in self.cue_phrases.get(toks[k].lower, ()):
            n = len(words)
            if k + n <= limit and all(toks[k + x].lower == words[x] for x in range(1, n)):
                if k in self.finder.covered:
                    return None
                return n, v
        return None

    # -- participants -------------------------------------------------------------------
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
        while k >= 0 and self.tokens[k].key in ("the", "kota", "city"):
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
        return self._group(ms, idx, 1), gap

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
        gap = self.tokens[ms[idx].end:a]
        relative = len(gap) > 2 and gap[0].text == "," and gap[1].key in RELATIVES
        if relative:
            gap = gap[2:]        # "Kerry and Zarif, who spent hours negotiating": the antecedent
        if any(t.text in ('"', "“", "”", ";", ":") or self.lex.is_a(t.text, "clause_break") for t in gap):
            return []
        if len(gap) > (max_gap or LEFT_GAP):
            return []          # too far: the object of another verb, not this event's subject
        return self._group(ms, idx, -1)

    def find(self):
        for s in self.doc.sentences:
            trig = self.triggers(s)
            self._sent_triggers = trig
            ms = [m for m in self.by_sent.get(s.index, []) if m.entity is not None]
            prev_agents, prev_cls, prev_status = [], None, None
            for n, (a, b, cls) in enumerate(trig):
                lo = trig[n - 1][1] if n else s.first
                hi = trig[n + 1][0] if n + 1 < len(trig) else s.last
                status = self.status(cls, a, b, lo, hi, s)
                if status == "Occurred" and prev_cls == cls and prev_status not in (None, "Occurred") \
                        and self._coordinated(lo, a):
                    status = prev_status   # "dijadwalkan bertemu A di X, lalu bertemu B di Y"
                prev_status = status
                same = prev_agents if prev_cls == cls else []
                ev = self._build(cls, status, a, b, lo, hi, s, ms, same)
                if ev is not None:
                    prev_agents, prev_cls = ev.agents or prev_agents, cls
                    self.events.append(ev)
        self.events += self._implied_visits()
        return self._merge()

    def _coordinated(self, lo, a):
        """Two triggers joined by "and", "lalu", "then" with no new subject between them."""
        plain = [t for t in self.tokens[lo:a] if t.i not in self.finder.covered and t.alpha]
        return bool(plain) and (self.lex.is_a(plain[-1].text, "conj")
                                or plain[-1].key in ("lalu", "kemudian", "then", "later"))

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

    def _implied_visits(self):
        """A foreign leader or minister at a meeting held in a state visited that state."""
        out = []
        for ev in self.events:
            if ev.cls != "Meeting" or ev.status != "Occurred":
                continue
            host = self._host_state(ev)
            if host is None:
                continue
            for p in ev.core:
                if p.kind != "Person" or p not in self.travellers or self._affiliated(host, p):
                    continue
                if not self._affiliated_elsewhere(p, host):
                    continue
                v = Event("Visit", "Occurred", ev.sent, ev.trigger, participants=[p], core=[p, host],
                          agents=[p], targets=[host], place=ev.place, date=ev.date, confidence=0.6)
                out.append(v)
        return out

    def _affiliated_elsewhere(self, person, host):
        if any(r.holder is person and r.of is not host and r.of.kind == "State" for r in self.finder.roles):
            return True
        reg = self.finder.registry
        return any(r.of != host.iri and r.of.startswith(STATE_PREFIX)
                   for r in reg.roles_of(person.iri, self.doc.date))

    def _possessor(self, a):
        """"pertemuannya", "his talks": the last person before the trigger."""
        t = self.tokens[a]
        prev = self.tokens[a - 1] if a > 0 else None
        if (t.lower.endswith("nya") and self.lex.lang == "id") or (prev is not None and prev.key in ("his", "her")):
            return self.finder._last_person(a if not (prev and prev.key in ("his", "her")) else a - 1)
        return None

    def _build(self, cls, status, a, b, lo, hi, s, ms, prev_agents):
        toks = self.tokens
        right_group, gap = self._right(ms, b, hi)
        right = self._actors(right_group, locative_states=cls not in ("Meeting", "PhoneCall"))
        gap_keys = [t.key for t in gap] if gap else []
        between = any(self.lex.is_a(k, "between") for k in gap_keys)
        if not right and any(self.lex.is_a(t.text, "between") for t in toks[b:min(hi, b + 3)]):
            return None          # "negotiations between us and them": nobody we can name
        left_group = [] if between else self._left(ms, a, s.first)
        if left_group and lo > s.first and prev_agents and 0 <= left_group[0].start - lo <= 3 \
                and a - left_group[-1].end > 2:
            left_group = []    # the previous trigger's object, not this one's subject
        left = self._actors(left_group)
        if not left and not between and cls in ("Meeting", "PhoneCall") and a > s.first \
                and self.lex.is_a(toks[a - 1].text, "after"):
            # "Obama dan Xi mengumumkan ... seusai pembicaraan": the sentence's subjects talked
            left = self._opening_group(ms, s)
        if not left and not between and status in ("Denied", "Cancelled"):
            # "Moon and Abe attended the summit but did not hold talks": the shared subject
            left = self._actors(self._left_across(ms, a, s))
        owner = self._possessor(a)
        place = self._place(ms, max(lo, a - 4), hi, s, trigger_start=a)
        extras = []
        if cls in ("Meeting", "PhoneCall"):
            extra_from = next((t.i for t in toks[b:hi] if t.key in EXTRA_CUES), None)
            if extra_from is not None:
                extras = [e for e in self._actors([m for m in ms if extra_from < m.start < hi])
                          if e not in right]
        if cls in ("Meeting", "PhoneCall") and right:
            # "talks with A in the morning and with B later": every with-phrase of the clause
            for t in toks[b:hi]:
                if self.lex.is_a(t.text, "with") and t.i > right_group[-1].end:
                    nxt = next((m for m in ms if m.start > t.i and m.start - t.i <= 4 and not m.attributive), None)
                    if nxt is not None:
                        right += [e for e in self._actors(self._group(ms, ms.index(nxt), 1),
                                                          locative_states=False) if e not in right]
        ev = Event(cls, status, s.index, (a, b))
        if cls in ("Meeting", "PhoneCall"):
            core = list(right) if between else []
            if not between:
                if owner is not None:
                    core.append(owner)
                elif left:
                    core.extend(left)
                elif prev_agents:
                    core.extend(prev_agents)
                core.extend(e for e in right if e not in core)
            if len(core) < 2 or (not left and owner is None and not between and self._and_verb(a, s)):
                # "... travelled to Kyiv and held talks with Zelenskiy": the sentence's subjects
                group = [e for e in self._opening_group(ms, s) if e not in core] if self._and_verb(a, s) else []
                if group:
                    core = group + core
                else:
                    subj = self._fallback_subject(ms, s, exclude=core, after=b)
                    if subj is not None:
                        core.insert(0, subj)
            core = [e for e in core if e.kind in ACTORS]
            core = [e for e in core if not any(self._affiliated(e, o) for o in core if o is not e)]
            if len(core) < 2:
                return None
            ev.core = core
            ev.agents = core[:1] if not between else []
            ev.participants = core + [e for e in extras if e not in core]
        elif cls == "Visit":
            visitor, dest = self._visit(ms, a, b, lo, hi, s, left, owner)
            if visitor is None and dest is None and status == "Occurred":
                # "..., he said at the end of a one-day visit": the sentence's person travelled
                last = [m for m in ms if not m.attributive and m.entity.kind == "Person" and m.end <= a]
                visitor = last[-1].entity if last else None
            if visitor is not None and status == "Occurred":
                self.travellers.add(visitor)   # where to, a meeting may tell
            if visitor is None or dest is None:
                return None
            host = dest if dest.kind == "State" else self._host_state(Event("Visit", status, 0, (a, b), place=dest))
            if host is not None and self._affiliated(host, visitor):
                return None        # a leader at home is not visiting
            ev.agents, ev.targets = [visitor], [dest]
            ev.participants = [visitor]
            ev.place = dest if dest.kind == "Place" else None
            ev.core = [visitor, dest]
            for extra in self._more_visitors:
                if not (host is not None and self._affiliated(host, extra)):
                    self.events.append(Event("Visit", status, s.index, (a, b), participants=[extra],
                                             core=[extra, dest], agents=[extra], targets=[dest],
                                             place=ev.place))
                    if status == "Occurred":
                        self.travellers.add(extra)
            for other in self._more_dests:
                more = Event("Visit", status, s.index, (a, b), participants=[visitor], core=[visitor, other],
                             agents=[visitor], targets=[other],
                             place=other if other.kind == "Place" else None)
                self.events.append(more)
        elif cls == "Sanctioning":
            agents, targets = self._sanction_sides(ms, a, b, lo, hi, s, left, right, prev_agents)
            if not agents or not targets:
                return None
            if status in NOT_OCCURRED:
                ev.cls = "Threat"
            ev.agents, ev.targets = agents, targets
            ev.participants = agents + [t for t in targets if t not in agents]
        elif cls == "Conflict":
            if not left and not between and (self.lex.is_a(toks[b - 1].text, "against")
                                             or (b < hi and self.lex.is_a(toks[b].text, "against"))):
                # "convincing Russia to start ... and join the fight against": subjects sit far back
                left = self._actors(self._left(ms, a, s.first, kinds=("State", "Organisation"), max_gap=12))
            parts = self._conflict_sides(ms, a, b, hi, s, left, right)
            if len(parts) < 2:
                return None
            ev.core = ev.participants = parts
        if place is not None and ev.place is None:
            ev.place = place
        if cls == "Meeting":
            ev.location_state = next((m.entity for m in ms if a <= m.start < hi and m.entity.kind == "State"
                                      and self._locative(m)), None)
        ev.date = self._date(a, b, lo, hi, s, status)
        if ev.date is not None and ev.status == "Occurred" and cls != "Conflict" and self.doc.date \
                and ev.date.value > self.doc.date and ev.date.precision in ("day", "week"):
            ev.status = "Planned" if cls != "Sanctioning" else "Threatened"
            if cls == "Sanctioning":
                ev.cls = "Threat"
        return ev

    def _affiliated(self, state, person):
        """A state does not meet its own leader or minister: such a pair is a misreading."""
        if state.kind not in ("State", "Organisation") or person.kind != "Person":
            return False
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

    def _fallback_subject(self, ms, s, exclude, after=None):
        """No actor next to the trigger: the sentence's subject ("Biden, whose ..., arrives for
        talks") or one that follows it ("…, Netanyahu said")."""
        for m in ms:
            if m.entity.kind == "Person" and not m.attributive and m.entity not in exclude \
                    and (after is None or m.start >= after or self._opens(m, s)):
                return m.entity
        return None

    def _and_verb(self, a, s):
        """"and held talks", "dan mengadakan pertemuan": a second verb of the sentence's subject."""
        back = [t for t in self.tokens[max(s.first, a - 3):a] if t.alpha]
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
            while k >= b and toks[k].key in ("the",):
                k -= 1
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
                    t.alpha and not t.cap and not self.lex.is_a(t.text, "dest") and not self.lex.is_a(t.text, "loc")
                    and t.key not in self.lex.words for t in toks[b:m.start]) and m.start - b <= 2:
                visitor = m.entity           # "kunjungan (kenegaraan) Macron ke Singapura"
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
        # adjectival agents right before the noun: "U.N., U.S., and European Union sanctions"
        pre = [m for m in ms if m.end <= a and m.end >= a - 1 and not m.attributive]
        if not pre and a >= 2 and toks[a - 1].text in ("'s", "’s"):
            pre = [m for m in ms if m.end == a - 1 and m.entity.kind in ("State", "Organisation")]
        if pre and not agents:
            grp = self._group(ms, ms.index(pre[-1]), -1)
            agents = self._actors(grp, ("State", "Organisation"))
        nxt = next((m for m in ms if m.start >= b and m.start - b <= 2 and m.how == "demonym"), None)
        if nxt is not None and all(self.lex.is_a(t.text, "against") or self.lex.is_a(t.text, "determiner")
                                   for t in toks[b:nxt.start]):
            targets = [nxt.entity]      # "sanctions (on) Iranian officers": whom they hit
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
            # "its influence over North Korea ... sanctions": an against-word earlier in the sentence
            for m in ms:
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
        agents = [e for e in agents if e not in targets and (e.kind != "Person" or self._leads(e))]
        return agents, targets

    def _imposing_verb_before(self, ms, a, left):
        """"Uni Eropa menjatuhkan sanksi", "Washington imposed its own sanctions": the subject of a
        verb that takes sanctions, not any actor before the word ("program nuklir Iran ... sanksi")."""
        last = max((m.end for m in ms if m.entity in left and m.end <= a), default=None)
        if last is None:
            return False
        toks = self.tokens[last:a]
        return any(self.lex.is_a(t.text, "impose") for t in toks) or self.lex.is_a(self.tokens[a].text, "impose")

    def _leads(self, person):
        """Only a head of state or government imposes sanctions in person; others announce them."""
        if any(r.holder is person and r.relation in ("headOfState", "headOfGovernment") for r in self.finder.roles):
            return True
        return any(r.role_type in ("headOfState", "headOfGovernment")
                   for r in self.finder.registry.roles_of(person.iri, self.doc.date))

    def _owned_by_other(self, b, k):
        """"sanksi terhadap China": an against-word right after another sanctions trigger is its own."""
        return any(t[2] == "Sanctioning" and b <= t[0] and 0 <= k - t[1] <= 2 for t in self._sent_triggers)

    def _conflict_sides(self, ms, a, b, hi, s, left, right):
        kinds = ("State", "Organisation")
        parts = [e for e in left if e.kind in kinds][-1:]
        for m in ms:
            if b <= m.start < hi and not m.attributive and m.entity.kind in kinds:
                grp = self._group(ms, ms.index(m), 1)
                parts += [e for e in self._actors(grp, kinds) if e not in parts]
                break
        if len(parts) == 1 and parts[0].kind == "Organisation":
            topic = self._topic_state(a, exclude=parts[0])
            if topic is not None:
                parts.append(topic)
        return parts

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

    def _date(self, a, b, lo, hi, s, status):
        published = self.doc.date
        forward = status in NOT_OCCURRED
        dates = find_dates(self.tokens, lo, hi, self.lex, published, future_hint=lambda i: forward)
        if not dates:
            return None
        return min(dates, key=lambda d: min(abs(d.start - b), abs(d.end - a)))

    def _merge(self):
        denied = {(ev.sent, ev.cls, frozenset(ev.core or ev.participants)) for ev in self.events
                  if ev.status in ("Denied", "Cancelled")}
        self.events = [ev for ev in self.events if not (
            ev.status == "Occurred" and (ev.sent, ev.cls, frozenset(ev.core or ev.participants)) in denied)]
        merged = {}
        for ev in self.events:
            key = (ev.cls, frozenset(ev.core or ev.participants), frozenset(ev.targets), ev.status)
            old = merged.get(key)
            if old is None:
                ev.sentences = [ev.sent]
                merged[key] = ev
            else:
                if ev.sent not in old.sentences:
                    old.sentences.append(ev.sent)
                old.place = old.place or ev.place
                old.date = old.date or ev.date
                for e in ev.participants:
                    if e not in old.participants:
                        old.participants.append(e)
        return list(merged.values())
