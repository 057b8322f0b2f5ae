"""Modality: whether an event happened, is planned, possible, wanted, threatened or denied.

A mixin of ``EventFinder`` (graph/extract/events.py). Cues come from the language's cues.tsv; the
strongest status in the window around a trigger wins.
"""

from functools import lru_cache

STATUS_ORDER = ("Denied", "Cancelled", "Postponed", "Threatened", "Requested", "Possible", "Intended",
                "Planned", "Lifted", "Occurred")
NOT_OCCURRED = {"Planned", "Possible", "Intended", "Requested", "Threatened", "Postponed"}
CUE_WINDOW = 6
AFTER_WINDOW = 6
NEGATION_WINDOW = 3
CLAUSE_WINDOW = 10
TEMPORAL_REACH = 15     # words from "when" back to the hope or plan its clause hangs on
OPENERS = {"the", "a", "an", "sementara", "itu", "namun", "however", "meanwhile", "but", "adapun",
           "sebelumnya", "earlier"}


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


class ModalityRules:
    """The status of each trigger, from the cues around it."""

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
        cue_span = set()     # "expected to meet": the "to" belongs to a plan cue, no mere intention
        while k < a:
            hit = self._cue_at(k, a)
            if hit:
                n, (st, scope) = hit
                if scope in ("before", "around") and not (st == "Denied" and a - k > NEGATION_WINDOW
                                                          and not self._negates_verb(k + n, a)):
                    found.append(st)
                    if st == "Planned":
                        cue_span.update(range(k, k + n))
                    if st == "Lifted" and cls == "Sanctioning" and a - (k + n) <= 1:
                        # "mempertimbangkan pencabutan pembatasan": the plan or threat is the
                        # lifting's; the measures themselves are in force
                        found = [f for f in found if f not in NOT_OCCURRED]
                    k += n
                else:
                    k += 1     # "are expected" (after) hides no "expected to" (before) inside it
            else:
                k += 1
        found += self._clause_modal(start, lo, s)
        found += self._temporal_frame(a, s)
        # a trigger opening its sentence is its subject: what the sentence says after it says of
        # it ("Sementara itu, pertemuan Ishiba dengan Gibran, yang semula dijadwalkan ..., batal")
        opening = all(not t.alpha or self.lex.is_a(t.text, "clause_break") or t.key in OPENERS
                      for t in toks[s.first:a])
        k = b
        names = sum(1 for t in toks[b:min(hi, b + 2 * AFTER_WINDOW)] if t.i in self.finder.covered)
        limit = s.last if opening else min(hi, b + AFTER_WINDOW + names)
        base = b
        while k < limit:
            resume = self._after_interruption(k, s) if not opening else None
            if resume is not None:
                # "a meeting between A and B, floated by mediators in July, has not taken place"
                k = base = resume
                limit = min(s.last, resume + AFTER_WINDOW)
                continue
            listed = k - 1 in self.finder.covered and k + 1 in self.finder.covered
            if not opening and (toks[k].text in (";", ":") or self.lex.is_a(toks[k].text, "clause_break")
                                or ((toks[k].text == "," or self.lex.is_a(toks[k].text, "conj")) and not listed)):
                break      # "met Putin, and will meet Xi": a new clause, its own modality
            if self.lex.is_a(toks[k].text, "negation") and not opening and k - base <= AFTER_WINDOW:
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
        if j in cue_span:
            pass
        elif j >= lo and self.lex.is_a(toks[j].text, "infinitive") and toks[j].key not in ("agar",):
            found.append("Intended")
        elif j >= lo and toks[j].key == "for" and cls in ("Meeting", "PhoneCall", "Visit"):
            found.append("Planned")      # "arrives for talks"
        elif j - 1 >= lo and self.lex.is_a(toks[j - 1].text, "infinitive") and toks[j].alpha \
                and not toks[j].cap and toks[j].key not in self.lex.words and cls in ("Meeting", "PhoneCall", "Visit"):
            found.append("Intended")     # "to revive peace talks", "untuk menggelar pertemuan"
        elif j - 2 >= lo and self.lex.is_a(toks[j - 2].text, "infinitive") and cls in ("Meeting", "PhoneCall", "Visit") \
                and all(t.alpha and not t.cap and t.key not in self.lex.words for t in toks[j - 1:j + 1]):
            found.append("Intended")     # "to resume bilateral talks", "untuk menggelar perundingan damai"
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

    def _after_interruption(self, k, s):
        """At a comma that opens a participle or relative phrase closed by another comma right
        before a verb ("X, proposed by Y in May, has not ..."): where the main clause resumes."""
        toks = self.tokens
        if toks[k].text != "," or k + 1 >= s.last:
            return None
        opener = toks[k + 1]
        if not (opener.alpha and not opener.cap and (opener.key.endswith("ed")
                                                     or self.lex.is_a(opener.text, "relative"))):
            return None
        for j in range(k + 2, min(s.last - 1, k + 14)):
            t = toks[j]
            if t.text in (";", ":") or self.lex.is_a(t.text, "clause_break"):
                return None
            if t.text == ",":
                nxt = toks[j + 1]
                if nxt.alpha and not nxt.cap and j + 1 not in self.finder.covered \
                        and (self.lex.is_a(nxt.text, "copula") or nxt.key in ("has", "have", "had", "did", "does")
                             or self.lex.is_a(nxt.text, "negation")):
                    return j + 1
                return None
        return None

    def _negates_verb(self, k, a):
        """"should not hold unconditional bilateral talks": a negated verb whose object is the
        trigger, plain words only between them."""
        words = self.tokens[k:a]
        if words and words[0].key in ("only", "hanya", "just"):
            return False       # "not only held talks but ..."
        return len(words) <= CLAUSE_WINDOW // 2 and all(
            t.alpha and not t.cap and t.i not in self.finder.covered and t.key not in self.lex.words
            for t in words)

    def _clause_modal(self, k, lo, s):
        """"Obama will make history as the first sitting president to visit Hiroshima": a modal
        auxiliary of the clause (will, akan, dijadwalkan) beyond the cue window, when nothing
        but the clause's own words stands between it and the trigger."""
        toks = self.tokens
        stop = max(lo, s.first, k - CLAUSE_WINDOW)
        j = k - 1
        while j >= stop:
            t = toks[j]
            if t.text in (",", ";", ":", '"', "“", "”", "(", ")") or self.lex.is_a(t.text, "clause_break") \
                    or t.key in ("where", "when", "ketika", "saat") \
                    or self.lex.is_a(t.text, "conj") or self.lex.is_a(t.text, "after") \
                    or self.lex.is_a(t.text, "past"):
                return []
            v = self.lex.cues.get(t.lower)
            if v is not None and v == ("Planned", "around") and j not in self.finder.covered:
                return ["Planned"]
            j -= 1
        return []

    def _temporal_frame(self, a, s):
        """"we hope the text is ready when the leaders meet", "berharap ... saat para pemimpin
        bertemu": a trigger in a when-clause takes the hope, plan or future of the clause it
        is attached to (cue words before the subordinator, the same sentence part)."""
        toks = self.tokens
        j = a - 1
        while j >= s.first and a - j <= CUE_WINDOW:
            t = toks[j]
            if t.text in (",", ";", ":") or self.lex.is_a(t.text, "clause_break"):
                return []
            if self.lex.is_a(t.text, "temporal"):
                break
            j -= 1
        else:
            return []
        if j < s.first or a - j > CUE_WINDOW or any(
                self.lex.is_a(t.text, "past") for t in toks[j:min(s.last, a + 4)]):
            return []          # "when they last met", "saat keduanya bertemu tahun lalu"
        k, seen = j - 1, 0
        while k >= s.first and seen < TEMPORAL_REACH:
            t = toks[k]
            if t.text in (";", ":", '"', "“", "”"):
                return []
            v = self.lex.cues.get(t.lower)
            if v is not None and k not in self.finder.covered and v[0] in ("Intended", "Planned") \
                    and v[1] in ("before", "around"):
                return [v[0]]
            if t.text == ",":
                return []
            seen += t.alpha
            k -= 1
        return []

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

    def _coordinated(self, lo, a):
        """Two triggers joined by "and", "lalu", "then" with no new subject between them."""
        plain = [t for t in self.tokens[lo:a] if t.i not in self.finder.covered and t.alpha]
        return bool(plain) and (self.lex.is_a(plain[-1].text, "conj")
                                or plain[-1].key in ("lalu", "kemudian", "then", "later"))
