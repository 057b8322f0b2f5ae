"""From one article's text to actors, roles, memberships and events (no RDF here: see build)."""

from dataclasses import dataclass, field
from datetime import date

from actorgraph.graph.extract.events import EventFinder
from actorgraph.graph.extract.lexicon import load_lexicon
from actorgraph.graph.extract.entities import RoleFact
from actorgraph.graph.extract.mentions import MentionFinder
from actorgraph.graph.extract.text import split_sentences, tokenize


@dataclass
class Document:
    text: str
    lang: str
    date: date | None
    tokens: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    dateline: tuple = None      # (start, end) of the dateline the reader found, in characters

    def sentence_text(self, index):
        s = self.sentences[index]
        return self.text[s.start:s.end]


@dataclass
class Extraction:
    doc: Document
    entities: dict
    mentions: list
    roles: list
    events: list


def extract_text(text, registry, lang, published=None, dateline=None):
    """Run every extraction pass over one text in a known language; ``dateline`` is the
    reader's (start, end) of "JAKARTA -", the place of writing and no actor."""
    lex = load_lexicon(lang)
    tokens = tokenize(text)
    doc = Document(text, lang, published, tokens, split_sentences(text, tokens, lex.abbreviations), dateline)
    finder = MentionFinder(doc, registry, lex).run()
    roles = list(finder.roles) + find_memberships(doc, finder, lex) + find_delegation_heads(doc, finder, lex) \
        + find_relative_heads(doc, finder, lex)
    events = EventFinder(doc, finder, lex).find()
    return Extraction(doc, finder.entities, finder.mentions, _dedupe_roles(roles), events)


def _dedupe_roles(roles):
    seen = {}
    for r in roles:
        key = (r.holder.iri, r.relation, r.of.iri)
        old = seen.get(key)
        if old is None:
            r.sentences = [r.sent]
            seen[key] = r
        elif r.sent not in old.sentences:
            old.sentences.append(r.sent)
            old.former = old.former or r.former   # "former President X" once: the role is over
    return list(seen.values())


def find_memberships(doc, finder, lex):
    """"tiga negara di ASEAN, yakni A, B dan C", "the Quartet (A, B, C and D)", "X is a member of O"."""
    toks = doc.tokens
    facts = []
    by_sent = {}
    for m in finder.mentions:
        by_sent.setdefault(m.sent, []).append(m)

    def group_after(ms, idx):
        out = []
        j = idx
        while j < len(ms):
            m = ms[j]
            if m.entity.kind in ("State", "Organisation") and not m.attributive:
                out.append(m)
            if j + 1 < len(ms):
                gap = toks[m.end:ms[j + 1].start]
                if len(gap) <= 3 and all(t.text in (",", "(") or lex.is_a(t.text, "conj")
                                         or lex.is_a(t.text, "determiner") for t in gap):
                    j += 1
                    continue
            break
        return out

    for s in doc.sentences:
        ms = sorted(by_sent.get(s.index, []), key=lambda m: m.start)
        for n, m in enumerate(ms):
            org = m.entity
            if org.kind != "Organisation":
                continue
            a, b = m.start, m.end
            # "keanggotaan Indonesia di BRICS", "Finland joined NATO", "X bergabung dengan NATO"
            joined = _joined(toks, ms, n, s, lex)
            if joined is not None:
                facts.append(RoleFact(joined, "memberOf", org, False, s.index, confidence=0.7))
                continue
            # ORG ( A, B, C ) — a parenthesised list of states right after the organisation
            k = b
            if k < s.last and toks[k].text == "(" and n + 1 < len(ms) and ms[n + 1].start <= k + 2:
                members = group_after(ms, n + 1)
                if len(members) >= 2:
                    facts += [RoleFact(x.entity, "memberOf", org, False, s.index, confidence=0.8)
                              for x in members]
                    continue
            # "the bloc's members Germany, France and Italy", "ASEAN dan anggotanya Indonesia, ..."
            mem = next((t.i for t in toks[b:min(s.last, b + 3)] if lex.is_a(t.text, "member")), None)
            nxt = next((j for j, x in enumerate(ms) if x.start > b), None) if mem is not None else None
            if nxt is not None and ms[nxt].start == mem + 1:
                members = group_after(ms, nxt)
                if len(members) >= 2:
                    facts += [RoleFact(x.entity, "memberOf", org, False, s.index, confidence=0.7)
                              for x in members if x.entity is not org]
                    continue
            # "negara di ASEAN, yakni", "ISSG countries such as", "anggota NATO seperti"
            window = toks[max(s.first, a - 3):min(s.last, b + 4)]
            has_member = any(lex.is_a(t.text, "member") for t in window)
            nb = b + 3 if b + 2 < s.last and toks[b].text == "(" and toks[b + 2].text == ")" else b
            namely = next((t.i for t in toks[nb:min(s.last, nb + 5)] if lex.is_a(t.text, "namely")
                           or " ".join(x.lower for x in toks[t.i:t.i + 2]) in lex.words
                           and lex.is_a(" ".join(x.lower for x in toks[t.i:t.i + 2]), "namely")), None)
            if has_member and namely is not None:
                nxt = next((j for j, x in enumerate(ms) if x.start > namely), None)
                if nxt is not None and ms[nxt].start - namely <= 3:
                    members = group_after(ms, nxt)
                    facts += [RoleFact(x.entity, "memberOf", org, False, s.index, confidence=0.8)
                              for x in members if x.entity is not org]
                    if not any(lex.is_a(t.text, "copula") for t in toks[max(s.first, a - 3):a]):
                        continue     # "A dan B merupakan anggota O, sama seperti C": A and B too
            listed = _listed_members(toks, ms, n, s, lex)
            if listed:
                facts += [RoleFact(x.entity, "memberOf", org, False, s.index, confidence=0.7) for x in listed]
                continue
            # "X ... (salah satu) anggota (tetap) ORG", "X's permanent seat on the ORG"
            pre = toks[max(s.first, a - 4):a]
            if any(lex.is_a(t.text, "negation") for t in toks[max(s.first, a - 8):a]):
                continue             # "Ukraine is not a member of the bloc"
            marks = [t for t in pre if lex.is_a(t.text, "member") or lex.is_a(t.text, "founder")
                     or " ".join(x.lower for x in toks[t.i:t.i + 2]) == "seat on"]
            q = marks[0].i - 1 if marks else -1
            if any(lex.is_a(" ".join(x.lower for x in toks[t.i:t.i + 2]), "outside") for t in pre):
                continue             # "satu-satunya negara di luar GCC": outside the bloc
            if q > s.first and (toks[q].text[0].isdigit() or lex.is_a(toks[q].text, "quantity")) \
                    and not lex.is_a(toks[q - 1].text, "from") and not lex.is_a(toks[q - 1].text, "of"):
                listed = _list_before(toks, ms, q - 1, lex)
                facts += [RoleFact(x.entity, "memberOf", org, False, s.index, confidence=0.7)
                          for x in listed if x.entity is not org]
                continue             # "tiga anggota Hizbullah": people of the group, not states
            if marks:
                subj = next((x for x in ms if x.end <= a - 1 and x.entity.kind == "State"
                             and not x.attributive), None)
                cand = subj
                listed = group_after(ms, ms.index(subj)) if subj is not None else []
                last = listed[-1] if len(listed) > 1 and listed[-1].end < marks[0].i else subj
                if subj is not None and marks[0].i - last.end > 3 and not any(
                        lex.is_a(t.text, "copula") for t in toks[last.end:marks[0].i]):
                    subj = False     # "militer Israel menewaskan anggota Hizbullah": no membership
                elif subj is not None and last is not subj and all(x.entity.kind == "State" for x in listed):
                    # "Arab Saudi, UEA dan Bahrain merupakan anggota GCC": each state of the list
                    facts += [RoleFact(x.entity, "memberOf", org, False, s.index, confidence=0.7)
                              for x in listed[:-1] if x.entity is not org]
                    subj = last
                if subj is False and any(t.key in ("its", "their", "nya") for t in toks[max(s.first, a - 6):a]):
                    subj = cand      # "China ... to use its permanent seat on the Council"
                elif not subj and any(t.key in ("its", "their", "nya") for t in pre):
                    subj = next((x for x in reversed(finder.mentions) if x.start < a
                                 and x.entity.kind == "State" and not x.attributive), None)
                if subj and subj.entity is not org:
                    facts.append(RoleFact(subj.entity, "memberOf", org, False, s.index, confidence=0.7))
                elif subj is None:
                    # "Prancis ... salah satu dari lima anggota tetap DK PBB" with the subject after
                    after = next((x for x in ms if x.start >= b and x.entity.kind == "State"
                                  and not x.attributive), None)
                    if after is not None:
                        facts.append(RoleFact(after.entity, "memberOf", org, False, s.index, confidence=0.6))
    return facts


def _list_before(toks, ms, k, lex):
    """"Indonesia, Malaysia dan Singapura, tiga anggota ASEAN": the states listed right before
    the comma at k that opens the apposition (two or more, else nobody)."""
    if k < 1 or toks[k].text != ",":
        return []
    out = []
    end = k
    for m in sorted((m for m in ms if m.end <= k), key=lambda m: -m.start):
        gap = toks[m.end:end]
        if m.entity.kind != "State" or m.attributive or len(gap) > 2 or (out and not gap) or not all(
                t.text == "," or lex.is_a(t.text, "conj") for t in gap) or (not out and m.end != k):
            break
        out.append(m)
        end = m.start
    return out[::-1] if len(out) >= 2 else []


def _joined(toks, ms, n, s, lex):
    """The state whose joining or membership of the organisation ms[n] the sentence states."""
    org = ms[n]
    joins = [t.i for t in toks[max(s.first, org.start - 4):org.start] if lex.is_a(t.text, "join")]
    if not joins:
        return None
    between = toks[joins[-1] + 1:org.start]
    starts = {k.split()[0] for k in lex.triggers}
    if any(t.lower in starts for t in between):
        return None          # "join the fight against Islamic State" is no membership
    if joins[-1] > s.first and (lex.is_a(toks[joins[-1] - 1].text, "infinitive")
                                or lex.is_a(toks[joins[-1] - 1].text, "candidate")):
        return None          # "a candidate to join the EU", "bid to join": not (yet) a member
    if any(lex.is_a(t.text, "negation") or t.lower in lex.cues or lex.is_a(t.text, "candidate")
           for t in toks[max(s.first, org.start - 10):org.start]):
        return None          # "Sweden has not yet joined NATO", "akan bergabung" (only planned)
    before = [m for m in ms[:n] if m.entity.kind == "State" and not m.attributive and m.end <= org.start]
    if not before:
        return None
    cand = before[-1]
    if org.start - cand.end > 8:
        return None
    return cand.entity


def _listed_members(toks, ms, n, s, lex):
    """"A, B and C are members of O", "A and B, together with C, make up O": every state of
    the list that ends right before the copula (or the `compose` verb) is a member."""
    org = ms[n]
    k = org.start - 1
    while k > s.first and lex.is_a(toks[k].text, "determiner"):
        k -= 1
    if lex.is_a(toks[k].text, "of") and k - 1 > s.first and lex.is_a(toks[k - 1].text, "member"):
        k -= 2               # "are (all) members of the"
    elif k - 1 > s.first and lex.is_a(toks[k - 1].text + " " + toks[k].text, "compose"):
        k -= 2               # "make up the", "form the"
    elif lex.is_a(toks[k].text, "compose"):
        k -= 1
    else:
        return []
    while k > s.first and (lex.is_a(toks[k].text, "copula") or toks[k].key in ("all", "both", "now", ",")):
        k -= 1
    if any(lex.is_a(t.text, "negation") for t in toks[max(s.first, k - 1):org.start]):
        return []            # "A and B are not members of O"
    last = next((j for j in range(n - 1, -1, -1) if ms[j].end == k + 1), None)
    if last is None:
        return []
    out = []
    j = last
    while j >= 0:
        m = ms[j]
        if m.entity.kind != "State" or m.attributive:
            break
        out.append(m)
        if j == 0:
            break
        gap = toks[ms[j - 1].end:m.start]
        words = " ".join(t.lower for t in gap if t.text != "," and not lex.is_a(t.text, "determiner"))
        if len(gap) > 4 or not all(t.text == "," or lex.is_a(t.text, "conj") or lex.is_a(t.text, "determiner")
                                    or lex.is_a(words, "with") for t in gap):
            break
        j -= 1
    return [m for m in out if m.entity is not org.entity] if len(out) >= 2 else []


def find_delegation_heads(doc, finder, lex):
    """"The RSF delegation is headed by X", "X leads the FARC side", "the government team is led
    by Y": whoever heads a side's delegation represents that side (envoyOf)."""
    toks = doc.tokens
    facts = []
    by_start = {m.start: m for m in finder.mentions}
    by_end = {}
    for m in finder.mentions:
        by_end.setdefault(m.end, m)
    teams = {w for w, c in lex.words.items() if "team" in c}
    for s in doc.sentences:
        for i in range(s.first + 1, s.last):
            if toks[i].lower not in teams:
                continue
            side = _team_side(toks, by_end, finder, s, i, lex)
            if side is None:
                continue
            holder = None
            k = i + 1
            while k < s.last and lex.is_a(toks[k].text, "copula"):
                k += 1
            if k + 1 < s.last and lex.is_a(toks[k].text, "lead") and lex.is_a(toks[k + 1].text, "by"):
                j, commas = k + 2, 0
                while j < min(s.last, k + 10) and commas < 2 and (
                        j not in by_start or by_start[j].entity.kind != "Person"):
                    commas += toks[j].text == ","
                    j += 1       # "led by former Nigerian head of state X", "by the group's spokesman, X"
                m = by_start.get(j)
                if m is not None and m.entity.kind == "Person":
                    holder = m.entity
            else:
                # "..., Ivan Marquez, leads the FARC side": the person before the verb
                a = i - 1
                while a > s.first and not lex.is_a(toks[a].text, "lead") and i - a < 6:
                    a -= 1
                if lex.is_a(toks[a].text, "lead") and not lex.is_a(toks[a + 1].text, "by"):
                    b = a - 1 if toks[a - 1].text == "," else a
                    m = by_end.get(b)
                    if m is not None and m.entity.kind == "Person":
                        holder = m.entity
            if holder is not None and holder is not side:
                facts.append(RoleFact(holder, "envoyOf", side, False, s.index, confidence=0.7))
    return facts


def _team_side(toks, by_end, finder, s, i, lex):
    """The side a delegation noun at i belongs to: "the RSF team", "Sudan's delegation", "the
    Sudanese team", "the government team" (the state whose government the article named)."""
    m = by_end.get(i)
    if m is None and i - 1 > s.first and toks[i - 1].text in ("'s", "’s"):
        m = by_end.get(i - 1)
    if m is not None and m.entity.kind in ("State", "Organisation"):
        return m.entity
    if toks[i - 1].key == "government":
        states = [x for x in finder.mentions if x.start < i and x.entity.kind == "State" and x.end + 1 < len(toks)
                  and (toks[x.end].text in ("'s", "’s") and toks[x.end + 1].key == "government"
                       or x.how == "demonym" and toks[x.end].key == "government")]
        if states:
            return states[-1].entity
    return None


def find_relative_heads(doc, finder, lex):
    """"X, who now chairs the National Council ...", "Y, who heads Sudan's ruling Sovereign
    Council": a relative clause whose `lead` verb takes an organisation makes X its leader."""
    toks = doc.tokens
    facts = []
    by_start = {m.start: m for m in finder.mentions}
    for m in finder.mentions:
        if m.entity.kind != "Person" or m.end + 3 >= len(toks):
            continue
        s = doc.sentences[m.sent]
        k = m.end
        if toks[k].text == "," and lex.is_a(toks[k + 1].text, "determiner"):
            # "X, the former head of the presidential guard, who now chairs ...": past the apposition
            close = next((j for j in range(k + 2, min(s.last - 1, k + 12)) if toks[j].text == ","), None)
            if close is not None and not any(j in by_start for j in range(k + 1, close)):
                k = close
        if toks[k].text != "," or not lex.is_a(toks[k + 1].text, "relative"):
            continue
        k += 2
        who = k
        while k < s.last and toks[k].alpha and not toks[k].cap and not lex.is_a(toks[k].text, "lead") and k - who < 3:
            k += 1               # "who now chairs", "who also heads"
        if k >= s.last or not lex.is_a(toks[k].text, "lead") or lex.is_a(toks[k + 1].text, "by"):
            continue
        j = k + 1
        while j < min(s.last, k + 7) and (j not in by_start or by_start[j].entity.kind != "Organisation") \
                and toks[j].text not in (",", ";") and (j not in by_start or by_start[j].entity.kind == "State"):
            j += 1               # "the", "Sudan's ruling"
        org = by_start.get(j)
        if org is not None and org.entity.kind == "Organisation":
            facts.append(RoleFact(m.entity, "leaderOf", org.entity, False, s.index, confidence=0.7))
    return facts
