"""Extraction cases: small texts we wrote, each with the facts it must and must not yield."""

from datetime import date
from pathlib import Path

import pytest

from actorgraph.graph.extract.events import shortcut_relation  # noqa: F401  (imported for its side-effect free API)
from actorgraph.graph.build import shortcut_pairs
from actorgraph.graph.extract.pipeline import extract_text

CASES = sorted((Path(__file__).parent / "cases" / "extract").glob("*.txt"))


def read_case(path):
    """Header lines: '# lang:', '# date:', '# + fact' (a role may add '| former' or '| current'),
    '# - forbidden fact', '# type: label | Kind' (the actor is found with that kind)."""
    meta, expect, forbid, body = {"types": []}, [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# + ") or line.startswith("# - "):
            fact = tuple(x.strip() for x in line[4:].split("|"))
            (expect if line[2] == "+" else forbid).append(fact)
        elif line.startswith("# type:") and not body:
            meta["types"].append(tuple(x.strip() for x in line[7:].split("|")))
        elif line.startswith("# ") and ":" in line and not body:
            k, v = line[2:].split(":", 1)
            meta[k.strip()] = v.strip()
        else:
            body.append(line)
    return meta, expect, forbid, "\n".join(body).strip() + "\n"


def facts_of(ex):
    out = set()
    for r in ex.roles:
        out.add((r.holder.label, r.relation, r.of.label))
        out.add((r.holder.label, r.relation, r.of.label, "former" if r.former else "current"))
    for ev in ex.events:
        rel = ev.relation
        for s, o in shortcut_pairs(ev):
            out.add((s.label, rel, o.label))
            if rel in ("metWith", "spokeWith", "inConflictWith", "plansToMeet"):
                out.add((o.label, rel, s.label))
    return out


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extraction_case(path, registry):
    meta, expect, forbid, text = read_case(path)
    ex = extract_text(text, registry, meta["lang"], date.fromisoformat(meta["date"]))
    got = facts_of(ex)
    missing = [f for f in expect if f not in got]
    wrong = [f for f in forbid if f in got]
    assert not missing and not wrong, f"missing {missing}, wrongly asserted {wrong}; got {sorted(got)}"
    kinds = {(e.label, e.kind) for e in ex.entities.values()}
    untyped = [t for t in meta["types"] if t not in kinds]
    assert not untyped, f"actors not found with their kind: {untyped}; got {sorted(kinds)}"


def events_of(text, registry, lang="en", day="2025-04-07"):
    ex = extract_text(text, registry, lang, date.fromisoformat(day))
    return [(ev.cls, ev.status, sorted(e.label for e in (ev.core or ev.participants))) for ev in ex.events]


def test_a_call_is_a_call_whatever_verb_carries_it(registry):
    evs = events_of("Macron held talks by phone with Erdogan on Monday. Netanyahu spoke with Kerry "
                    "on the phone on Friday. Scholz spoke to Macron on the plane.", registry)
    calls = [e for e in evs if e[0] == "PhoneCall"]
    assert len(calls) == 2 and all(e[1] == "Occurred" for e in calls)
    assert not any(e[0] == "Meeting" for e in evs)      # a chat on a plane is neither


def test_plural_subjects_resolve_to_the_group_named_before(registry):
    evs = events_of("Japan, Australia and the Philippines agreed to widen patrols. "
                    "The two sides and their allies stayed silent. "
                    "Defence chiefs of the three countries met in Manila on Thursday.", registry)
    assert ("Meeting", "Occurred", ["Australia", "Japan", "Philippines"]) in evs


def test_counterparts_meet_the_subject_not_each_other(registry):
    evs = events_of("French Foreign Minister Jean-Marc Ayrault met his German and Italian "
                    "counterparts in Paris on Sunday.", registry, day="2016-03-13")
    pairs = sorted(tuple(e[2]) for e in evs if e[0] == "Meeting")
    assert pairs == [("Germany", "Jean-Marc Ayrault"), ("Italy", "Jean-Marc Ayrault")]


def test_headline_takes_the_status_the_body_gives(registry):
    text = "Kunjungan Prabowo ke Tokyo Picu Perdebatan\n\nPrabowo dijadwalkan mengunjungi Tokyo pekan depan.\n"
    evs = events_of(text, registry, lang="id", day="2025-05-20")
    assert evs and all(e[0] == "Visit" and e[1] == "Planned" for e in evs)


def _states_in(ex, start, end):
    return [m.entity.label for m in ex.mentions if m.entity.kind == "State"
            and start <= ex.doc.tokens[m.start].start < end]


def test_dateline_place_is_no_actor(registry):
    """The place a story was filed from is no state acting: a mixed-case dateline the text
    shows, and a span the reader found (here the only sentence, which the text alone cannot tell)."""
    text = "Energy talks open\n\nBeijing (World Wire) - Russia held talks on energy supplies on Monday.\n"
    ex = extract_text(text, registry, "en", date(2025, 3, 14))
    at = text.index("Beijing")
    assert _states_in(ex, at, at + len("Beijing")) == []
    assert "Russia" in _states_in(ex, 0, len(text))
    one = "BEIJING - Russia held talks on energy supplies on Monday.\n"
    assert _states_in(extract_text(one, registry, "en", date(2025, 3, 14)), 0, 7) == ["China"]
    assert _states_in(extract_text(one, registry, "en", date(2025, 3, 14), (0, 9)), 0, 7) == []


def test_expected_to_meet_is_a_plan_and_a_venue_is_no_second_meeting(registry):
    evs = events_of("Lee Jae-myung spoke by phone with Shigeru Ishiba on Monday. The two are expected "
                    "to meet at the APEC leaders' meeting in Gyeongju in October.", registry)
    meetings = [e for e in evs if e[0] == "Meeting"]
    assert meetings == [("Meeting", "Planned", ["Lee Jae-myung", "Shigeru Ishiba"])]


def test_a_meeting_when_the_leaders_meet_is_hoped_for_not_held(registry):
    evs = events_of("Presiden Prabowo Subianto dan Perdana Menteri Anthony Albanese akan bertemu bulan depan. "
                    '"Kami berharap naskah itu sudah matang dan siap diteken saat kedua pemimpin bertemu," '
                    "kata Sugiono.", registry, lang="id")
    meetings = [e for e in evs if e[0] == "Meeting"]
    assert meetings and all(e[1] != "Occurred" for e in meetings)
