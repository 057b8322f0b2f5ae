"""Dates in the text, normalised against the article's publication date.

A date is returned as (value, precision) with precision "day", "month" or "year", written later
as xsd:date, xsd:gYearMonth or xsd:gYear: as precise as the text is and no more.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")


@dataclass(frozen=True)
class FoundDate:
    start: int            # token range
    end: int
    value: date
    precision: str        # day, month, year
    relative: bool        # computed from the publication date


def _month_back(day, months):
    m = day.month - 1 + months
    return date(day.year + m // 12, m % 12 + 1, 1)


def find_dates(tokens, first, last, lex, published, future_hint=None):
    """Every date expression in tokens[first:last]; ``future_hint(i)`` tells whether a bare
    weekday or month at token i points forward (planned events) or back (reported ones)."""
    found = []
    i = first
    while i < last:
        t = tokens[i]
        low = t.lower
        m = NUMERIC.match(t.text)
        if m:
            d, mo, y = map(int, m.groups())
            try:
                found.append(FoundDate(i, i + 1, date(y, mo, d), "day", False))
            except ValueError:
                pass
            i += 1
            continue
        # relative phrases, longest first
        hit = None
        for n in (3, 2, 1):
            phrase = " ".join(x.lower for x in tokens[i:i + n]) if i + n <= last else None
            if phrase and phrase in lex.relative:
                hit = (n, lex.relative[phrase])
                break
        if hit and published:
            n, (unit, off) = hit
            if unit == "day":
                found.append(FoundDate(i, i + n, published + timedelta(days=off), "day", True))
            elif unit == "week":
                found.append(FoundDate(i, i + n, published + timedelta(days=7 * off), "week", True))
            elif unit == "month":
                found.append(FoundDate(i, i + n, _month_back(published, off), "month", True))
            else:
                found.append(FoundDate(i, i + n, date(published.year + off, 1, 1), "year", True))
            i += n
            continue
        if low in lex.months:
            month = lex.months[low]
            day = year = None
            a, b = i, i + 1
            if i > first and tokens[i - 1].text.isdigit() and int(tokens[i - 1].text) <= 31:
                day, a = int(tokens[i - 1].text), i - 1
            elif b < last and tokens[b].text.isdigit() and int(tokens[b].text) <= 31 and len(tokens[b].text) <= 2:
                day, b = int(tokens[b].text), b + 1
                if b < last and tokens[b].text == ",":
                    b += 1
            if b < last and YEAR.match(tokens[b].text):
                year, b = int(tokens[b].text), b + 1
            if year is None and published:
                year = published.year
                forward = future_hint(i) if future_hint else False
                nxt = tokens[b].lower if b < last else ""
                if lex.is_a(nxt, "future"):
                    forward, b = True, b + 1
                elif lex.is_a(nxt, "past"):
                    forward, b = False, b + 1
                if forward and (month, day or 1) < (published.month, published.day if day else 1):
                    year += 1
                elif not forward and (month, day or 1) > (published.month, published.day if day else 31):
                    year -= 1
            if year:
                try:
                    value = date(year, month, day or 1)
                    found.append(FoundDate(a, b, value, "day" if day else "month", year is None))
                except ValueError:
                    pass
            i = b
            continue
        if low in lex.weekdays and published:
            # "Jumat (30/5/2025)": an explicit date right after wins
            if i + 2 < last and tokens[i + 1].text == "(" and NUMERIC.match(tokens[i + 2].text):
                i += 1
                continue
            wd = lex.weekdays[low]
            forward = future_hint(i) if future_hint else False
            delta = (wd - published.weekday()) % 7 if forward else -((published.weekday() - wd) % 7)
            found.append(FoundDate(i, i + 1, published + timedelta(days=delta), "day", True))
            i += 1
            continue
        if YEAR.match(t.text) and not (i > first and tokens[i - 1].lower in lex.months):
            found.append(FoundDate(i, i + 1, date(int(t.text), 1, 1), "year", False))
        i += 1
    return found


def xsd_date(found):
    """(lexical form, xsd datatype local name) for a FoundDate."""
    v = found.value
    if found.precision == "day":
        return v.isoformat(), "date"
    if found.precision == "month":
        return f"{v.year:04d}-{v.month:02d}", "gYearMonth"
    if found.precision == "year":
        return f"{v.year:04d}", "gYear"
    return None, None
