"""Where a title's office is: the state, body or delegation a title found without an explicit
"of" belongs to ("Foreign Minister X" after "In Caracas,", "Ketua MPR X", "the RSF delegation is
headed by X", "juru bicara Menteri Y, X").

A mixin of ``RoleRules`` (graph/extract/roles.py), kept apart so each file stays readable; it
reads the finder's mentions, covered tokens and roles like the rest of the role rules.
"""

from actorgraph.graph.extract.context import RoleContext
from actorgraph.graph.extract.entities import Mention
from actorgraph.graph.extract.text import fold

# Words between an article and a title that do not change the post ("the acting chairman").
TITLE_MODIFIERS = {"special", "top", "senior", "chief", "new", "acting", "first", "plt", "pj", "current",
                   "interim", "incoming", "caretaker"}


class TitleScope(RoleContext):
    """The office a title names when the sentence says it only around the title."""

    def _state_led_by(self, s, left, noun):
        """The state mention in "<noun> <state> (yang) dipimpin (oleh)" right before the title at
        ``left``, where the noun is of the word class ``noun``; or None."""
        toks = self.tokens
        k = left - 1
        if k >= s.first and self.lex.is_a(toks[k].text, "by"):
            k -= 1
        if k < s.first or not self.lex.is_a(toks[k].text, "led_by"):
            return None
        k -= 1
        if k >= s.first and self.lex.is_a(toks[k].text, "relative"):
            k -= 1
        m = self.covered.get(k)
        if m is None or m.entity.kind != "State" or m.start - 1 < s.first \
                or not self.lex.is_a(toks[m.start - 1].text, noun):
            return None
        return m

    def _chamber_before(self, s, left):
        """"parlemen Irak (yang) dipimpin <title>": the state's chamber, a body of its own;
        returns its mention or None."""
        m = self._state_led_by(s, left, "chamber")
        if m is None:
            return None
        ent = self.entity_for_name(self._span_text(m.start - 1, m.end), "Organisation")
        self.mentions.remove(m)
        return self._add(Mention(m.start - 1, m.end, s.index, ent, how="name"))

    def _delegation_before(self, s, left):
        """"Delegasi Indonesia (yang) dipimpin (oleh) <title>": the state whose delegation the
        title's holder leads, or None."""
        return self._state_led_by(s, left, "delegation")

    def _skip_posting(self, j, s):
        """"Utusan Khusus Presiden untuk Timur Tengah, X": the posting's capitalised words up to
        the comma before the holder."""
        toks = self.tokens
        if j >= s.last or toks[j].key not in ("untuk", "for"):
            return j
        k = j + 1
        while k < s.last and k - j <= 4 and (toks[k].cap and toks[k].alpha or k in self.covered):
            k += 1
        if k > j + 1 and k < s.last and toks[k].text == ",":
            for x in range(j + 1, k):
                if x in self.covered:
                    self.covered[x].attributive = True
            return k
        return j

    def _opposition_body(self, s, j):
        """"Pemimpin oposisi Belarus (di pengasingan), X": the state's opposition is a body of its
        own that X leads; returns (mention, next token) or None."""
        toks = self.tokens
        if j + 1 >= s.last or toks[j].cap or not self.lex.is_a(toks[j].text, "opponents"):
            return None
        m = self.covered.get(j + 1)
        if m is None or m.start != j + 1 or m.entity.kind != "State":
            return None
        ent = self.entity_for_name(self._span_text(j, m.end), "Organisation")
        ent.part_of = None
        self.mentions.remove(m)
        body = self._add(Mention(j, m.end, s.index, ent, how="name"))
        k = m.end
        if k + 1 < s.last and self.lex.is_a(toks[k].text, "loc") and self.lex.is_a(toks[k + 1].text, "opponents"):
            k += 2               # "di pengasingan": in exile
        return body, k

    def _body_named_before(self, s, j):
        """"Ketua partai itu, X": "that party" is the last body of its kind named before (a party
        for "partai"); returns (mention, next token) or None."""
        toks = self.tokens
        if j + 1 >= s.last or toks[j].cap or not self.lex.is_a(toks[j].text, "org_keyword") \
                or not self.lex.is_a(toks[j + 1].text, "demonstrative"):
            return None
        party = toks[j].key in ("partai", "party")
        earlier = [m for m in self.mentions if m.end <= j and m.sent >= s.index - 2
                   and m.entity.kind == "Organisation" and (not party or "PoliticalParty" in m.entity.types
                                                             or fold(m.entity.label).split()[0] in ("partai", "party"))]
        if not earlier:
            return None
        ent = max(earlier, key=lambda m: m.start).entity
        return self._add(Mention(j, j + 2, s.index, ent, how="pronoun")), j + 2

    def _after_relative_copula(self, s, left):
        """The title opens "yang (juga) menjabat ..." / "who is also ...": the post is the
        relative clause's head's, read by _relative_holders."""
        toks = self.tokens
        k = left - 1
        then = False
        while k > s.first and (self.lex.is_a(toks[k].text, "copula") or self._then_at(k)):
            if self._then_at(k):
                then, k = True, k - 1    # "yang saat itu menjabat ...": the post was held then
            k -= 1
        if k < left - 1 and k >= s.first and self.lex.is_a(toks[k].text, "relative"):
            return "then" if then else "now"
        return None

    def _then_at(self, k):
        """"saat itu", "ketika itu" ending at token k: at that (past) time."""
        toks = self.tokens
        return k - 1 >= 0 and self.lex.is_a(toks[k].text, "demonstrative") and self.lex.is_a(toks[k - 1].text, "then")

    def _rival_government(self, j, s):
        """"of Myanmar's shadow government", "of Myanmar's National Unity Government",
        "pemerintahan bayangan": the post is in a body or a rival government named right after
        the state, not the state's own."""
        toks = self.tokens
        k = j + 1 if j < s.last and toks[j].text in ("'s", "’s") else j
        m = self.covered.get(k)
        if k > j and m is not None and m.start == k and m.entity.kind == "Organisation":
            return True          # "minister of Myanmar's National Unity Government": the body's post
        return any(self.lex.is_a(t.text, "rival_government") for t in toks[k:min(s.last, k + 3)])

    def _modifier_before_state(self, j, s):
        """"Perdana Menteri sementara Irak X", "Menteri Luar Negeri Kedua Brunei": a word that
        qualifies the post between the title and its state."""
        k = j
        while k < s.last and k - j < 2 and k not in self.covered and self.lex.is_a(self.tokens[k].text, "title_modifier"):
            k += 1
        m = self.covered.get(k)
        if k > j and m is not None and m.start == k and m.entity.kind == "State":
            return k
        return j

    def _skip_portfolio(self, j, last):
        """"Menteri Kelautan dan Perikanan Susi", "juru bicara Kementerian Luar Negeri Arrmanatha",
        "Minister of Foreign Affairs X": the portfolio between a title and the name."""
        toks = self.tokens
        k = j
        if k < last and toks[k].key in ("of", "for") and k + 1 < last and self.lex.is_a(toks[k + 1].text, "portfolio"):
            k += 1
        start = k
        while k < last and k not in self.covered and toks[k].cap and (
                self.lex.is_a(toks[k].text, "portfolio") or self.lex.is_a(toks[k].text, "ministry")
                or (k > start and self.lex.is_a(toks[k].text, "conj") and k + 1 < last
                    and self.lex.is_a(toks[k + 1].text, "portfolio"))
                or (k > start and toks[k].key in ("dan", "and", "serta"))):
            k += 1
        while k < last and k > start and toks[k].key in ("dan", "and", "serta", "of") and k + 1 < last \
                and self.lex.is_a(toks[k + 1].text, "portfolio"):
            k += 2
        return k if k > start else j

    def _skip_republic(self, j, last):
        """"Republik Prancis", "the Republic of Korea": the state's formal name around its name."""
        toks = self.tokens
        if j in self.covered:
            return j
        if j < last and self.lex.is_a(toks[j].text, "republic") and j + 1 < last and j + 1 in self.covered:
            return j + 1
        if j + 2 < last and self.lex.is_a(toks[j].text, "republic") and self.lex.is_a(toks[j + 1].text, "republic") \
                and j + 2 in self.covered:
            return j + 2             # "Kedutaan Besar Jepang": the embassy speaks for its state
        if j + 2 < last and self.lex.is_a(toks[j].text, "republic") and toks[j + 1].key == "of" \
                and j + 2 in self.covered:
            return j + 2
        return j

    def _org_before_title(self, s, ts):
        """"Eastern Liberation Front commander X": a new organisation's name (ending in its head
        noun, English word order) right before a leader's title."""
        toks = self.tokens
        k = ts - 1
        if self.lex.lang != "en" or k <= s.first or k in self.covered or not self.lex.is_a(toks[k].text, "org_keyword"):
            return None
        a = k
        while a - 1 >= s.first and ts - a < 5 and a - 1 not in self.covered and toks[a - 1].cap \
                and toks[a - 1].alpha and not self._is_function(toks[a - 1]) \
                and not self._match_title(a - 1, ts) and a - 1 not in self.dateline:
            a -= 1
        parent = self.covered.get(a - 1)
        if ts - a == 1 and parent is not None and parent.end == a and parent.entity.kind == "Organisation":
            return parent        # "African Union Commission Chairperson X": the body's own organ
        if ts - a < 2 or (a == s.first and self._headline(s)):
            return None
        ent = self.entity_for_name(self._span_text(a, ts), "Organisation")
        return self._add(Mention(a, ts, s.index, ent, how="name"))

    def _envoy_topic(self, j, k, s):
        """"special envoy for the peace process Bernard Aronson": a few common words of the
        mandate, then the name; where the name starts (else j)."""
        toks = self.tokens
        e = k
        while e < min(s.last, k + 4) and toks[e].alpha and not toks[e].cap and e not in self.covered \
                and (toks[e].key not in self.lex.words or self.lex.is_a(toks[e].text, "portfolio")):
            e += 1
        if e == k or e >= s.last or not toks[e].cap or e in self.covered:
            return j
        return e if self._name_span(s, e) is not None else j

    def _possessive_principal(self, s, ts, te):
        """"Its spokesman, X" (the state or body named last), "a spokeswoman for his ministry, X"
        (the state of the minister named last): whom a spokesperson speaks for."""
        toks = self.tokens
        k = ts - 1
        while k > s.first and toks[k].key in TITLE_MODIFIERS:
            k -= 1
        if k >= s.first and self.lex.is_a(toks[k].text, "state_pronoun"):
            last = max((m for m in self.mentions if m.start < k and m.entity.kind in ("State", "Organisation")
                        and (not m.attributive or m.how == "demonym")), key=lambda m: m.start, default=None)
            return last.entity if last is not None else None
        if te + 2 < s.last and toks[te].key == "for" and self.lex.is_a(toks[te + 1].text, "pronoun") \
                and self.lex.is_a(toks[te + 2].text, "ministry"):
            person = self._last_person(ts)
            states = [r.of for r in self.roles if r.holder is person and r.relation == "ministerOf" and not r.former]
            return states[-1] if states else None
        return None

    def _subject_state(self, s, ts, relation):
        """"Japan is preparing to ..., a decision Trade Minister X said": a bare minister's title
        later in a sentence whose subject is a state is a post of that state."""
        if relation != "ministerOf":
            return None
        first = self.covered.get(s.first)
        if first is None or first.start != s.first or first.entity.kind != "State" or first.attributive \
                or first.end >= ts or first.how == "demonym":
            return None
        return first.entity

    def _companion_state(self, s, ts):
        """"Ruto was accompanied by Foreign Affairs Cabinet Secretary X": a companion's bare
        title is a post of the state the accompanied leader holds office in."""
        toks = self.tokens
        k = ts - 1
        while k > s.first and (self.lex.is_a(toks[k].text, "portfolio") or self.lex.is_a(toks[k].text, "ministry")):
            k -= 1               # "Foreign Affairs Cabinet Secretary"
        if k - 1 <= s.first or not self.lex.is_a(toks[k].text, "by") or not self.lex.is_a(toks[k - 1].text, "accompany"):
            return None
        k -= 2
        while k >= s.first and self.lex.is_a(toks[k].text, "copula"):
            k -= 1
        m = self.covered.get(k)
        person = m.entity if m is not None else self.surnames.get(toks[k].key) if k >= s.first else None
        if person is None or person.kind != "Person":
            return None          # (a surname alone is read in the name pass, after the titles)
        states = {r.of for r in self.roles if r.holder is person and not r.former and r.of.kind == "State"}
        return states.pop() if len(states) == 1 else None

    def _opening_capital(self, s, ts):
        """"In Caracas, Foreign Minister X said": a sentence that opens in a capital and goes on
        with the title places the post in the capital's state."""
        toks = self.tokens
        if ts - s.first > 6 or not self.lex.is_a(toks[s.first].text, "loc"):
            return None
        m = self.covered.get(s.first + 1)
        if m is None or m.start != s.first + 1 or m.entity is None or m.end >= ts or toks[m.end].text != ",":
            return None
        if any(t.alpha and not self.lex.is_a(t.text, "determiner") and t.i not in self.title_tokens
               and t.key not in TITLE_MODIFIERS for t in toks[m.end + 1:ts]):
            return None
        state = self.gaz.capital_of.get(m.entity.iri)
        return self.entity_for_entry(state) if state is not None else None

    def _ministry_state(self, org):
        """"State Department spokesman X", "a Foreign Ministry spokeswoman": a ministry's
        spokesperson speaks for its state (a body whose name has a `ministry` word, part of a state)."""
        entry = org.entry
        if entry is None or entry.part_of is None:
            return org
        names = [org.label, *getattr(entry, "aliases", ())]
        if not any(self.lex.is_a(w, "ministry") for n in names for w in n.split()):
            return org
        state = self.registry.get(entry.part_of)
        if state is None or state.kind != "State":
            return org
        return self.entity_for_entry(state)
