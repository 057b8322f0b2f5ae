"""Tokens with character offsets and sentences: the ground every extraction rule stands on.

A plain regex tokenizer instead of spaCy: it is 5-10x faster on this task, needs no 300 MB
install, and every rule above it wants the same few things (offsets, case, punctuation).
"""

import re
import unicodedata
from dataclasses import dataclass

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


def fold(text):
    """Lower case without accents: the key every lookup uses."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


def tokenize(text):
    tokens = []
    prev_end = 0
    for n, m in enumerate(TOKEN_RE.finditer(text)):
        s = m.group()
        first = s[0]
        letters = [c for c in s if c.isalpha()]
        tokens.append(Token(
            s, m.start(), m.end(), n, s.lower(), fold(s),
            first.isupper(), len(letters) > 1 and all(c.isupper() for c in letters),
            bool(letters), m.start() > prev_end or n == 0,
        ))
        prev_end = m.end()
    return tokens


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
