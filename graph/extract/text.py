"""Tokens with character offsets and sentences: the ground every extraction rule stands on.

A plain regex tokenizer instead of spaCy: it is 5-10x faster on this task, needs no 300 MB
install, and every rule above it wants the same few things (offsets, case, punctuation).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"            # U.S. U.N. (initialisms keep their dots)
    r"|\d+(?:[.,/:]\d+)*"             # numbers, 30/5/2025, 22.00
    r"|['’]s\b"                       # English possessive
    r"|[^\W_][\w]*(?:['’](?![sS]\b)[^\W\d_]+)*"  # words (G20, Sa'ud); hyphens are their own tokens
    r"|\S",
    re.UNICODE,
)
QUOTES = set("\"'“”‘’«»„")
TERMINALS = set(".!?…")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    i: int
    lower: str
    key: str          # lower case, accents stripped: what lexicons and gazetteers match
    cap: bool         # starts with an upper-case letter
    upper: bool       # all letters upper case (and more than one letter)
    alpha: bool
    space_before: bool


@dataclass(slots=True)
class Sentence:
    index: int
    first: int        # token index range [first, last)
    last: int
    start: int        # character offsets in the article text
    end: int
    paragraph: int


@lru_cache(maxsize=200_000)
def fold(text):
    """Lower case without accents: the key every lookup uses."""
    low = text.lower()
    if low.isascii():
        return low
    text = unicodedata.normalize("NFKD", low)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


def tokenize(text):
    tokens = []
    prev_end = 0
    for n, m in enumerate(TOKEN_RE.finditer(text)):
        s = m.group()
        start, end = m.span()
        cap, upper, alpha = _shape(s)
        tokens.append(Token(s, start, end, n, s.lower(), fold(s), cap, upper, alpha,
                            start > prev_end or n == 0))
        prev_end = end
    return tokens


@lru_cache(maxsize=200_000)
def _shape(s):
    """(starts upper-case, all upper-case with two or more letters, has letters)."""
    letters = [c for c in s if c.isalpha()]
    return s[0].isupper(), len(letters) > 1 and all(c.isupper() for c in letters), bool(letters)


@lru_cache(maxsize=50_000)
def name_tokens(name):
    """Tokens of a name (registry labels, aliases): cached, they recur in every article."""
    return tuple(tokenize(name))


def split_sentences(text, tokens, abbreviations=frozenset()):
    """Sentences: split at terminal punctuation before an upper-case word, and at every line break."""
    sentences = []
    if not tokens:
        return sentences
    first = 0
    paragraph = 0

    def close(last, next_paragraph=False):
        nonlocal first, paragraph
        if last > first:
            sentences.append(Sentence(len(sentences), first, last, tokens[first].start,
                                      tokens[last - 1].end, paragraph))
        first = last
        if next_paragraph:
            paragraph += 1

    n = len(tokens)
    for i in range(n):
        if i + 1 < n:
            gap = text[tokens[i].end:tokens[i + 1].start]
            if "\n" in gap:
                close(i + 1, next_paragraph=True)
                continue
        t = tokens[i]
        if t.text not in TERMINALS or i + 1 >= n:
            continue
        prev = tokens[i - 1] if i > 0 else None
        if t.text == "." and prev is not None and (
                prev.key in abbreviations or (len(prev.text) == 1 and prev.cap)):
            continue
        j = i + 1
        while j < n and tokens[j].text in QUOTES and not tokens[j].space_before:
            j += 1
        if j >= n:
            continue
        nxt = tokens[j]
        if nxt.cap or nxt.text[0].isdigit() or nxt.text in QUOTES:
            close(j)
    close(n)
    return sentences
