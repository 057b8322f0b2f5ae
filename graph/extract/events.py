"""Events: triggers, their modality, participants, place and date, and the shortcut edges.

Modality decides the edge: a meeting that happened gives ``metWith``, one that is planned,
possible or wanted gives ``plansToMeet``; imposed sanctions give ``sanctions``, threatened or
prepared ones ``threatensSanctions``; denied or cancelled events give no edge at all.
"""

from dataclasses import dataclass, field

from actorgraph.graph.extract.dates import find_dates
from actorgraph.graph.extract.groups import GroupRules
from actorgraph.graph.extract.modality import NOT_OCCURRED, STATUS_ORDER, ModalityRules, _by_first_word
from actorgraph.graph.extract.participants import ACTORS, ParticipantRules
from actorgraph.graph.extract.sides import SideRules
from actorgraph.graph.extract.triggers import TriggerRules

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


class EventFinder(TriggerRules, ModalityRules, ParticipantRules, GroupRules, SideRules):
    """Finds the events of one article from its mentions (the mixins: triggers.py, modality.py,
    participants.py, groups.py, sides.py)."""

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
        self.antecedent = None        # the earlier event a plural phrase was read from
        self.affiliation_cache = {}   # (state, person, roles known) -> affiliated
        self.guests = set()           # honoured at a dinner or hosted: came from elsewhere
        self.phrases = _by_first_word((k, v) for k, v in lex.triggers.items() if v[1] == "phrase")
        self.cue_phrases = _by_first_word(lex.cues.items())

    # -- triggers -------------------------------------------------------------------------

    def find(self):
        for s in self.doc.sentences:
            trig = self.triggers(s)
            # "expected to meet at the ASEAN ministers' meeting in Vientiane": where, not another meeting
            trig = [t for n, t in enumerate(trig) if not (
                n and t[2] == "Meeting" and trig[n - 1][2] == "Meeting" and self._venue_of_previous(t[0], trig[n - 1][1]))]
            self._sent_triggers = trig
            ms = [m for m in self.by_sent.get(s.index, []) if m.entity is not None]
            prev_agents, prev_cls, prev_status = [], None, None
            for n, (a, b, cls) in enumerate(trig):
                lo = trig[n - 1][1] if n else s.first
                hi = trig[n + 1][0] if n + 1 < len(trig) else s.last
                status = self.status(cls, a, b, lo, hi, s)
                if self.lex.is_a(self.tokens[a].text, "invite") and status not in ("Denied", "Cancelled"):
                    status = "Intended"        # an invitation is a meeting wanted, not held
                if status == "Occurred" and prev_cls == cls and prev_status not in (None, "Occurred") \
                        and self._coordinated(lo, a):
                    status = prev_status   # "dijadwalkan bertemu A di X, lalu bertemu B di Y"
                prev_status = status
                same = prev_agents if prev_cls == cls else []
                ev = self._build(cls, status, a, b, lo, hi, s, ms, same)
                if ev is not None:
                    prev_agents, prev_cls = ev.agents or prev_agents, cls
                    if ev.status in ("Denied", "Cancelled"):
                        prev_agents = []   # "X will not meet Y, and the talks will be held by
                        #                    delegations": a denied event lends its subject to no other
                    self.events.append(ev)
                    if ev.cls == "Visit":
                        self._purpose_meeting(ev, ms, b, s.last, s)
        self.events += self._implied_visits()
        return self._merge()

    def _resumed_trip(self, a, s):
        """The sentence's earlier trip (or meeting, whose first party travels on) that a
        "melanjutkan (perjalanan|lawatan)" continues."""
        if not (self.lex.is_a(self.tokens[a].text, "resume") or (
                a - 1 >= s.first and self.lex.is_a(self.tokens[a - 1].text, "resume"))):
            return None
        here = [ev for ev in reversed(self.events) if ev.sent == s.index]
        return next((ev for ev in here if ev.cls == "Visit" and ev.agents), None) or \
            next((ev for ev in here if ev.cls in ("Meeting", "PhoneCall") and ev.core), None)

    def _purpose_meeting(self, visit, ms, b, hi, s):
        """"X dijadwalkan terbang ke Washington untuk membahas hasil KTT dengan Trump": a planned
        trip whose purpose clause does something with a person is a planned meeting with them
        (unless an event of the sentence already pairs them)."""
        toks = self.tokens
        if visit.status in ("Denied", "Cancelled", "Occurred") or not visit.agents:
            return               # a trip that took place: whether they met, the text says elsewhere
        k = next((t.i for t in toks[b:hi] if self.lex.is_a(t.text, "infinitive")), None)
        if k is None or any(t[0] == k + 1 for t in self._sent_triggers):
            return               # "untuk bertemu Xi": the purpose is a trigger of its own
        for t in toks[k + 1:hi]:
            if t.text in (",", ";") or self.lex.is_a(t.text, "clause_break") or self.lex.is_a(t.text, "relative"):
                return
            if not self.lex.is_a(t.text, "with"):
                continue
            j = t.i + 1
            while j < hi and j in self.finder.title_tokens:
                j += 1
            nxt = next((m for m in ms if m.start >= t.i + 1 and m.start <= j and not m.attributive), None)
            if nxt is None or nxt.entity.kind != "Person":
                return
            side = visit.agents[0]
            if nxt.entity is side or self._affiliated(nxt.entity, side) or any(
                    e.sent == s.index and e.cls in ("Meeting", "PhoneCall") and side in e.core
                    and nxt.entity in e.core for e in self.events):
                return
            self.events.append(Event("Meeting", visit.status, s.index, visit.trigger,
                                     participants=[side, nxt.entity], core=[side, nxt.entity],
                                     agents=[side], place=visit.place, date=visit.date, confidence=0.6))
            return

    def _venue_of_previous(self, a, lo):
        """A meeting noun after "at" ("at the ASEAN foreign ministers' meeting"), with only its own
        modifiers between: the place of the meeting before it in the sentence."""
        toks = self.tokens
        k = a - 1
        while k > lo and a - k <= 7 and (toks[k].text in ("'", "’", "'s", "’s") or toks[k].cap
                                         or self.lex.is_a(toks[k].text, "determiner")
                                         or self.lex.is_a(toks[k].text, "portfolio")
                                         or self.lex.is_a(toks[k].text, "leaders")
                                         or (toks[k].alpha and toks[k].key not in self.lex.words)):
            k -= 1
        return k >= lo and k < a - 1 and toks[k].key in ("at", "di")

    def _implied_visits(self):
        """A foreign leader or minister at a meeting held in a state visited that state."""
        out = []
        for ev in self.events:
            if ev.cls != "Meeting" or ev.status != "Occurred":
                continue
            host = self._host_state(ev)
            if host is None:
                continue
            heads = {r.holder for r in self.finder.roles if r.post == "delegation head" and r.of is not host}
            for p in ev.core:
                # a delegation's head abroad travelled there, as a traveller or a guest did
                if p.kind != "Person" or p not in self.travellers | self.guests | heads or self._affiliated(host, p):
                    continue
                if p not in self.guests and not self._affiliated_elsewhere(p, host):
                    continue
                v = Event("Visit", "Occurred", ev.sent, ev.trigger, participants=[p], core=[p, host],
                          agents=[p], targets=[host], place=ev.place, date=ev.date, confidence=0.6)
                out.append(v)
        return out

    def _attendance_visits(self, left, a, b, s, place, status):
        """A foreign attendee of a meeting held in a place visited it ("Moon attended the Group
        of 20 summit in Osaka")."""
        host = self._host_state(Event("Visit", status, s.index, (a, b), place=place))
        for person in left:
            if person.kind != "Person" or (host is not None and self._affiliated(host, person)):
                continue
            self.travellers.add(person)
            self.events.append(Event("Visit", status, s.index, (a, b), participants=[person],
                                     core=[person, place], agents=[person], targets=[place], place=place))

    def _build(self, cls, status, a, b, lo, hi, s, ms, prev_agents):
        toks = self.tokens
        right_group, gap = self._right(ms, b, hi)
        separate = self.separate_places
        # "meetings ... to protest Orban's stance", "talks with Putin's envoy": the possessed
        # noun, not the possessor, is what the trigger reaches
        right_group = [m for m in right_group if not (m.end < s.last and toks[m.end].text in ("'s", "’s"))]
        if self.lex.is_a(toks[a].text, "topic") and not (b < s.last and self.lex.is_a(toks[b].text, "with")):
            right_group, gap = [], None    # "A and B will discuss North Korea": a topic, no partner
        right = self._actors(right_group, locative_states=cls not in ("Meeting", "PhoneCall"))
        gap_keys = [t.key for t in gap] if gap else []
        between = any(self.lex.is_a(k, "between") for k in gap_keys)
        if not right and cls in ("Meeting", "PhoneCall"):
            self.antecedent = None
            plural = self._plural_after(b, s)     # "a summit between the three countries"
            if len(plural) >= 2:
                right, between = plural, True
                old = self.antecedent
                if old is not None and old.cls == "PhoneCall" and cls == "Meeting" and status == "Occurred":
                    right, between = [], False
        if not right and any(self.lex.is_a(t.text, "between") for t in toks[b:min(hi, b + 3)]):
            return None          # "negotiations between us and them": nobody we can name
        left_group = [] if between else self._left(ms, a, s.first)
        if left_group and lo > s.first and prev_agents and 0 <= left_group[0].start - lo <= 3 \
                and a - left_group[-1].end > 2:
            left_group = []    # the previous trigger's object, not this one's subject
        if left_group and lo > s.first and prev_agents and a > lo and self.lex.is_a(toks[a - 1].text, "conj") \
                and left_group[0].start >= lo:
            left_group = []    # "Australia menjatuhkan sanksi kepada pejabat Myanmar dan membekukan aset
            #                    mereka": the second verb's subject is the first one's
        if cls in ("Meeting", "PhoneCall") and left_group and lo > s.first and a > lo \
                and self.lex.is_a(toks[a - 1].text, "conj") and 0 <= left_group[0].start - lo <= 3:
            # "mengunjungi Kamboja pekan lalu dan bertemu X": the first verb's object is no subject
            # of the second; the sentence's opening subjects are
            left_group = [m for m in ms if m.entity in self._opening_group(ms, s)]
        if cls in ("Meeting", "PhoneCall"):
            # "bertolak ke Brasil untuk menghadiri KTT G20": the trip's destination hosts, no party
            left_group = [m for m in left_group if not (
                m.entity.kind == "State" and m.start > s.first and self.lex.is_a(toks[m.start - 1].text, "dest"))]
        left = self._actors(left_group)
        if cls in ("Meeting", "PhoneCall") and not between:
            if self._circumstance(a, s) or (a > s.first and self.lex.is_a(toks[a - 1].text, "after")):
                # "..., a day after meeting Saudi officials": the clause's subject met them
                # "Defence chiefs from A, B and C vowed ... during a meeting in Tokyo"
                left = self._opening_group(ms, s) or self._delegation_group(ms, s) or left
            elif len(left) < 2 and self._possessor(a) is None:
                deleg = self._delegation_group(ms, s, a)
                if left and len(deleg) >= 2 and all(e in deleg for e in left):
                    left = deleg       # "Perunding dari Armenia dan Azerbaijan menggelar perundingan"
                elif not left or self._count_subject(a, s):
                    # "X raised it with Y when the two met": the count, not the name before it
                    self.antecedent = None
                    plural = self._plural_before(a, s) or deleg
                    old = self.antecedent
                    if old is not None and old.cls == "PhoneCall" and cls == "Meeting" and status == "Occurred" \
                            and not (a > s.first and toks[a - 1].key == "last"):
                        plural = []    # "X and Y spoke by phone ... their first meeting since": the call
                        #                ("the two leaders last met in April" is another, earlier meeting)
                    if len(plural) >= 2:
                        left = plural
        if not left and not between and cls in ("Meeting", "PhoneCall") and a > s.first \
                and self.lex.is_a(toks[a - 1].text, "after"):
            # "Obama dan Xi mengumumkan ... seusai pembicaraan": the sentence's subjects talked
            left = self._opening_group(ms, s)
        if not left and not between and status in ("Denied", "Cancelled"):
            # "Moon and Abe attended the summit but did not hold talks": the shared subject
            left = self._actors(self._left_across(ms, a, s))
        owner = self._possessor(a)
        place = self._place(ms, max(lo, a - 4), hi, s, trigger_start=a)
        if cls == "Meeting" and status == "Occurred" and place is not None and self._attended(a, s):
            self._attendance_visits(left, a, b, s, place, status)
        extras = []
        if cls in ("Meeting", "PhoneCall"):
            extra_from = next((t.i for t in toks[b:hi] if t.key in EXTRA_CUES), None)
            if extra_from is not None:
                extras = [e for e in self._actors([m for m in ms if extra_from < m.start < hi])
                          if e not in right]
        if cls in ("Meeting", "PhoneCall") and right and right_group:
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
            sequel = len(core) < 2 and self._sequel(a, s)
            if sequel:
                core = self._earlier_talks(s)
            subjectless = not left and owner is None and not between and not prev_agents and not sequel
            if len(core) < 2 or subjectless:
                # "... travelled to Kyiv and held talks with Zelenskiy": the sentence's subjects
                group = [e for e in self._opening_group(ms, s) if e not in core] if self._and_verb(a, s) else []
                if group:
                    core = group + core
                else:
                    subj = self._fallback_subject(ms, s, exclude=core, after=b, has_subject=bool(left or owner))
                    if subj is not None:
                        core.insert(0, subj)
            core = self._sides_not_mediators(core, ms, b, hi, s)
            mediators = [e for e in self._mediators(ms, b, hi) if e not in core] if core else []
            if self._indirect(a, b, hi, s) and not between:
                # "A and B held indirect talks through Oman", "met separately with the mediator":
                # each side met the go-between, not each other
                sides = [e for e in core if e not in right] or core[:1]
                partners = [e for e in right if e not in sides] + mediators
                for side in sides:
                    for partner in partners:
                        if partner is not side and not (side is sides[0] and partner is partners[0]):
                            self.events.append(Event(cls, status, s.index, (a, b), participants=[side, partner],
                                                     core=[side, partner], agents=[side],
                                                     date=self._date(a, b, lo, hi, s, status)))
                core = [sides[0], partners[0]] if partners else []
                mediators = []
            if len(mediators) >= 2 and len(core) >= 2:
                # "A and B met in talks mediated by C and D": each side met each mediator; the
                # mediators are no pair, and a later round is the sides' again
                for side in core:
                    for med in mediators:
                        self.events.append(Event(cls, status, s.index, (a, b), participants=[side, med],
                                                 core=[side, med], agents=[side],
                                                 date=self._date(a, b, lo, hi, s, status)))
                mediators = []
            core += mediators
            core = [e for e in core if e.kind in ACTORS]
            core = [e for e in core if not any(self._affiliated(e, o) for o in core if o is not e)]
            if len(core) < 2:
                return None
            cps = self._counterparts(right_group, core[0]) if not between and right_group else None
            if cps is None and separate and len(core) > 2:
                cps = core[1:]     # "meeting A in Moscow, B in Beijing": the subject met each
            if cps and len(cps) > 1:
                # "a news conference with his British, German and U.S. counterparts": each met the
                # subject; what they did among themselves the sentence does not say
                for cp in cps[1:]:
                    if cp is not core[0]:
                        self.events.append(Event(cls, status, s.index, (a, b), participants=[core[0], cp],
                                                 core=[core[0], cp], agents=[core[0]],
                                                 date=self._date(a, b, lo, hi, s, status)))
                core = [core[0], cps[0]]
            ev.core = core
            ev.agents = core[:1] if not between else []
            ev.participants = core + [e for e in extras if e not in core]
            if status == "Occurred" and any(self.lex.is_a(t.text, "hospitality") for t in toks[a:min(hi, b + 3)]):
                # "hosted a state dinner for Ramaphosa in Hanoi": the guest came from elsewhere
                self.guests.update(e for e in right if e.kind == "Person")
        elif cls == "Visit":
            visitor, dest = self._visit(ms, a, b, lo, hi, s, left, owner)
            resumed = self._resumed_trip(a, s)
            if resumed is not None and dest is not None:
                # "..., sebelum melanjutkan lawatan ke Beijing": the same traveller, the same plan
                if resumed.cls == "Visit":
                    visitor, status = resumed.agents[0], resumed.status
                    ev.status = status
                else:
                    # "Ia bertemu X di Jeddah dan dijadwalkan melanjutkan perjalanan ke Doha": the
                    # one who met X travels on, so was a traveller there too
                    visitor = resumed.core[0]
                    if resumed.status == "Occurred":
                        self.travellers.add(visitor)
            if visitor is None and dest is None and status == "Occurred":
                # "..., he said at the end of a one-day visit": the sentence's person travelled
                last = [m for m in ms if not m.attributive and m.entity.kind == "Person" and m.end <= a]
                visitor = last[-1].entity if last else None
            if visitor is None and dest is not None and prev_agents and prev_agents[0].kind == "Person":
                # "X tiba di Jakarta setelah menuntaskan kunjungan di Malaysia": the same traveller
                visitor = prev_agents[0]
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
            if self._not_war(a, b, s):
                return None
            k = a - 1
            while k > s.first and a - k <= 3 and toks[k].text not in ("'s", "’s") and (
                    toks[k].text == "-" or (toks[k].alpha and not toks[k].cap and k not in self.finder.covered)):
                k -= 1         # "Russia's full-scale invasion", "Sudan's civil war"
            if not left and k > s.first and toks[k].text in ("'s", "’s"):
                # "Russia's invasion of Ukraine": the possessor wages it
                left = [m.entity for m in ms if m.end == k and m.entity.kind in ("State", "Organisation")]
            if not left and not between and (self.lex.is_a(toks[b - 1].text, "against")
                                             or (b < hi and self.lex.is_a(toks[b].text, "against"))):
                # "convincing Russia to start ... and join the fight against": subjects sit far back
                left = self._actors(self._left(ms, a, s.first, kinds=("State", "Organisation"), max_gap=12))
            parts = self._conflict_sides(ms, a, b, hi, s, left, right)
            if len(parts) < 2:
                return None
            allies = [self._state_of(e) for e in left if e.kind in ("State", "Organisation")]
            allies = [e for e in allies if e not in parts]
            if allies and parts[0] in [self._state_of(e) for e in left]:
                # "The United States and Britain launched strikes on the Houthis": each against
                # the other side, not against each other
                for ally in allies:
                    for foe in parts[1:]:
                        self.events.append(Event(cls, status, s.index, (a, b), core=[ally, foe],
                                                 participants=[ally, foe], date=self._date(a, b, lo, hi, s, status)))
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

    def _date(self, a, b, lo, hi, s, status):
        published = self.doc.date
        forward = status in NOT_OCCURRED
        dates = find_dates(self.tokens, lo, hi, self.lex, published, future_hint=lambda i: forward)
        if not dates:
            return None
        return min(dates, key=lambda d: min(abs(d.start - b), abs(d.end - a)))

    def _headline_status(self):
        """A headline speaks in the present ("Obama's Visit to Hiroshima Sparks Debate"): an
        undated event there is only as certain as the body says, planned if the body never
        reports it as held."""
        def key(ev):
            if ev.cls == "Visit":     # "ke Tokyo" in the headline, "ke Jepang" in the body
                dest = ev.targets[0] if ev.targets else None
                host = self._host_state(Event("Visit", ev.status, 0, ev.trigger, place=dest)) \
                    if dest is not None and dest.kind == "Place" else dest
                return ev.cls, frozenset(ev.agents), host
            return ev.cls, frozenset(ev.core or ev.participants), None

        body = {}
        for ev in self.events:
            if ev.sent > 0:
                body.setdefault(key(ev), set()).add(ev.status)
        for ev in self.events:
            if ev.sent != 0 or ev.status != "Occurred" or ev.date is not None:
                continue
            seen = body.get(key(ev), set())
            later = [st for st in seen if st in NOT_OCCURRED]
            if later and "Occurred" not in seen:
                ev.status = min(later, key=STATUS_ORDER.index)

    def _merge(self):
        self._headline_status()
        denied = {(ev.sent, ev.cls, frozenset(ev.core or ev.participants)) for ev in self.events
                  if ev.status in ("Denied", "Cancelled")}
        # "attended the summit but did not hold talks": being at the same summit is no meeting;
        # "have held many rounds of talks, though no negotiations on the dispute" held talks
        self.events = [ev for ev in self.events if not (
            ev.status == "Occurred" and (ev.sent, ev.cls, frozenset(ev.core or ev.participants)) in denied
            and not any(self.lex.is_a(t.text, "hold") for t in self.tokens[max(0, ev.trigger[0] - 4):ev.trigger[0]]))]
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
