"""Triggers: the words of a sentence that name an event, and its class.

A mixin of ``EventFinder`` (graph/extract/events.py): words, phrases and Indonesian stems from the
language's triggers.tsv, plus rules that need context: "menerima X", "barred X from", "a third
round", an aid cut, "spoke ... by phone", a meeting held by phone or video.
"""

from functools import lru_cache

from actorgraph.graph.extract.participants import ACTORS


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem_id(word):
    return _stemmer().stem(word)


class TriggerRules:
    """Trigger rules of the event finder."""

    def _stem(self, word):
        """The Indonesian stem (the other mixins reach the stemmer through here, not an import)."""
        return stem_id(word)

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
            cl = self.lex.classes.get(toks[i].lower, ()) if hit is None else ()
            if "receive" in cl:
                # "Retno menerima Sun", "welcomed Macron": a meeting only when a person follows
                k = self._guest_at(i + 1, s)
                nxt = self.finder.covered.get(k)
                if nxt is not None and nxt.entity.kind == "Person" and not nxt.attributive:
                    hit = (1, "Meeting")
            if hit is None and "aid" in cl and self._aid_cut(i, s):
                hit = (1, "Sanctioning")   # "suspended its development aid to Niger": pressure
            if hit is None and "invite" in cl and self._names_next(i, s):
                hit = (1, "Meeting")       # "Ishiba mengundang Prabowo", "an invitation to visit": wanted
            if hit is None and "bar" in cl and self._barred(i, s):
                hit = (1, "Sanctioning")   # "barred Min Aung Hlaing from entering": a travel ban
            if hit is None and "delist" in cl and self._barred(i, s) and self._from_list(i, s):
                hit = (1, "Sanctioning")   # "remove South Korea from a white list of trusted partners"
            if hit is None and "accompany" in cl and self._foreign_companion(i, s):
                hit = (1, "Meeting")       # "will be accompanied in Hiroshima by Japanese PM Abe"
            if hit is None and "sequel" in cl and self._sequel(i, s):
                hit = (1, "Meeting")       # "a third round is expected": the talks named before
            if hit is None and "speak" in cl and self._by_phone(i + 1, s):
                hit = (1, "PhoneCall")     # "spoke with Kerry on the phone", "berbicara lewat telepon"
            if hit is not None and hit[0] == 1 and self.lex.is_a(toks[i].text, "needs_object") \
                    and not self._names_next(i, s):
                hit = None                 # "will host a summit" hosts an event, meets nobody
            if hit is not None and self._attributive_participle(i, s):
                hit = None                 # "a negotiated solution" names no talks
            if hit is None:
                i += 1
                continue
            if hit[1] == "Meeting" and (self._by_phone(i + hit[0], s) or any(
                    self.lex.is_a(t.text, "phone") and t.key != "call" and t.i not in covered
                    for t in toks[max(s.first, i - 2):i])):
                hit = (hit[0], "PhoneCall")  # "held talks by phone", "in a call": a call, not a meeting
            if not self._on_sidelines(i, s):
                out.append((i, i + hit[0], hit[1]))
            i += hit[0]
        if len(out) > 1:
            out = [t for t in out if not self._sequel(t[0], s)]   # "a second round of talks": the talks
            # "she discussed tariffs during a video call with X": what the call was about
            out = [t for t in out if not self.lex.is_a(toks[t[0]].text, "topic")] or out
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

    def _guest_at(self, k, s):
        """Where the person after "menerima" is named: past titles, "sekaligus" between two
        titles and the state a title names ("menerima Menteri Pertahanan Australia X")."""
        toks, covered = self.tokens, self.finder.covered
        start, depth = k, 0
        while k < min(s.last, start + 12):
            m = covered.get(k)
            if m is not None:
                posting = toks[k - 1].key in ("untuk", "for", "to") and covered.get(k - 2) is not None \
                    and covered[k - 2].attributive       # "Dubes AS untuk Indonesia X": the posting
                if not (m.attributive and (k - 1 in self.finder.title_tokens or posting or self._title_state(k))):
                    break
                k = m.end
                continue
            if toks[k].key in ("untuk", "for", "to") and covered.get(k - 1) is not None and covered[k - 1].attributive \
                    and covered.get(k + 1) is not None and covered[k + 1].attributive:
                k += 1
                continue
            if not (depth > 0 or k in self.finder.title_tokens or self.lex.is_a(toks[k].text, "by")
                    or self.lex.is_a(toks[k].text, "determiner") or toks[k].key in ("langsung", "personally")
                    or toks[k].text in "()" or (k > start and k - 1 in self.finder.title_tokens
                                                and self.lex.is_a(toks[k].text, "chain"))):
                break
            depth += toks[k].text == "(" and 1 or (toks[k].text == ")" and -1 or 0)
            k += 1
        return k

    def _foreign_companion(self, i, s):
        """"X was accompanied by Y" is a meeting when Y holds office in another state than X
        (a minister of X's own state accompanying X is X's delegation)."""
        toks = self.tokens
        by = next((t.i for t in toks[i + 1:min(s.last, i + 9)] if self.lex.is_a(t.text, "by")), None)
        if by is None:
            return False
        after = next((m for m in self.finder.mentions if m.start > by and m.start - by <= 5
                      and m.entity.kind == "Person" and not m.attributive), None)
        before = max((m for m in self.finder.mentions if m.sent == s.index and m.end <= i
                      and m.entity.kind == "Person" and not m.attributive), key=lambda m: m.start, default=None)
        if after is None or before is None:
            return False

        def states(e):
            return {r.of for r in self.finder.roles if r.holder is e and not r.former and r.of.kind == "State"}

        mine, theirs = states(before.entity), states(after.entity)
        return bool(mine) and bool(theirs) and not (mine & theirs)

    def _title_state(self, k):
        """A state's demonym that only qualifies the title after it ("welcomed Polish President X")."""
        m = self.finder.covered.get(k)
        return m is not None and m.attributive and m.entity.kind == "State" and m.end in self.finder.title_tokens

    def _attributive_participle(self, i, s):
        """A `participle` trigger between a determiner and a common noun is an adjective:
        "a negotiated solution", "the sanctioned entities" state no event of their own."""
        toks = self.tokens
        if not self.lex.is_a(toks[i].text, "participle") or i <= s.first or i + 1 >= s.last:
            return False
        nxt = toks[i + 1]
        return self.lex.is_a(toks[i - 1].text, "determiner") and nxt.alpha and not nxt.cap \
            and nxt.key not in self.lex.words and nxt.lower not in self.lex.triggers

    def _names_next(self, i, s):
        """An actor follows the word at once ("invited Kim", "undangan Presiden Trump"), not
        "an invited guest" or "negara mitra undangan"."""
        k = i + 1
        while k < s.last and (
                k in self.finder.title_tokens or self.lex.is_a(self.tokens[k].text, "determiner")
                or self.lex.is_a(self.tokens[k].text, "from")
                or (k in self.finder.covered and self.finder.covered[k].attributive and k - 1 in self.finder.title_tokens
                    and self.finder.covered[k].entity.kind == "State")
                or self._title_state(k)):
            # "mengundang Presiden Turki Erdogan": past the title and the state it names
            k = self.finder.covered[k].end if k in self.finder.covered else k + 1
        m = self.finder.covered.get(k)
        return m is not None and m.entity is not None and not m.attributive and m.entity.kind in ACTORS

    def _aid_cut(self, i, s):
        """Aid whose suspension a verb just before states: "halted its military aid"."""
        toks = self.tokens
        for t in reversed(toks[max(s.first, i - 6):i]):      # "suspended its development and budget aid"
            if t.i in self.finder.covered or t.text in (",", ";") or self.lex.is_a(t.text, "clause_break"):
                return False
            if self.lex.is_a(t.text, "ban"):
                return True
        return False

    def _barred(self, i, s):
        """A ban verb whose object, an actor, is kept "from" something: "barred X from entering"."""
        toks = self.tokens
        k = i + 1
        while k < s.last and k not in self.finder.covered and (
                k in self.finder.title_tokens or self.lex.is_a(toks[k].text, "determiner")
                or self._count([toks[k]]) is not None or toks[k].text.isdigit()):
            k += 1
        m = self.finder.covered.get(k)
        if m is None or m.entity is None:
            return False
        end = m.end          # "barred two Iranian officials from entering": the people of a state
        while end < min(s.last, m.end + 2) and toks[end].alpha and not toks[end].cap \
                and not self.lex.is_a(toks[end].text, "from") and not self.lex.is_a(toks[end].text, "entry") and (
                    toks[end].key not in self.lex.words or self.lex.is_a(toks[end].text, "person_keyword")):
            end += 1
        # "melarang X masuk ke wilayahnya": kept out, said with an entry verb instead of "from"
        return end < s.last and (self.lex.is_a(toks[end].text, "from") or self.lex.is_a(toks[end].text, "entry"))

    def _from_list(self, i, s):
        """A `listing` noun ("list", "whitelist") shortly after the "from" that follows word i."""
        toks = self.tokens
        k = next((t.i for t in toks[i + 1:min(s.last, i + 8)] if self.lex.is_a(t.text, "from")), None)
        return k is not None and any(self.lex.is_a(t.text, "listing") for t in toks[k + 1:min(s.last, k + 6)])

    def _sequel(self, i, s):
        """"a third round", "putaran ketiga", not followed by "of": another round of earlier talks."""
        toks = self.tokens
        if not self.lex.is_a(toks[i].text, "sequel"):
            return False
        nxt = toks[i + 1] if i + 1 < s.last else None
        prev = toks[i - 1] if i > s.first else None
        if nxt is not None and (self.lex.is_a(nxt.text, "of") or self.lex.is_a(nxt.text, "from")):
            return False
        return (prev is not None and self.lex.is_a(prev.text, "ordinal")) or (
            nxt is not None and self.lex.is_a(nxt.text, "ordinal"))

    def _earlier_talks(self, s):
        """The parties of the last meeting or call in this or the three sentences before."""
        for ev in reversed(self.events):
            if ev.cls in ("Meeting", "PhoneCall") and s.index - 3 <= ev.sent <= s.index and len(ev.core) >= 2:
                return list(ev.core)
        return []

    def _by_phone(self, k, s):
        """A phone or video word later in the same clause: "by phone", "lewat sambungan telepon"."""
        toks = self.tokens
        for t in toks[k:min(s.last, k + 9)]:
            if t.text in (",", ";", ":") or self.lex.is_a(t.text, "clause_break") \
                    or self.lex.is_a(t.text, "conj") or self.lex.is_a(t.text, "after"):
                return False
            if self.lex.is_a(t.text, "phone") and t.i not in self.finder.covered and (
                    t.key != "call" or self.lex.is_a(toks[t.i - 1].text, "determiner")):
                return True
        return False

    def _on_sidelines(self, i, s):
        """"on the sidelines of the meeting", "di sela-sela KTT": the venue, not an event."""
        back = [t.key for t in self.tokens[max(s.first, i - 4):i]]
        return "sidelines" in back or "sela" in back

    # -- modality -----------------------------------------------------------------------
