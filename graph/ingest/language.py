"""Which language an article is in: stopword counts (graph/lexicons/<lang>/stopwords.tsv)."""

import re
from functools import lru_cache
from pathlib import Path

from actorgraph.graph.errors import DataFileError

LEXICONS = Path(__file__).parent.parent / "lexicons"


def known_language(match):
    """The language code a regex match names, when we have a lexicon for it."""
    code = match.group(1).lower() if match else None
    return code if code in stopwords_by_language() else None


@lru_cache(maxsize=1)
def stopwords_by_language():
    """Stopword sets from graph/lexicons/<lang>/stopwords.tsv; a new language is a new file."""
    return {path.parent.name: read_stopwords(path) for path in sorted(LEXICONS.glob("*/stopwords.tsv"))}


def read_stopwords(path):
    """One stopword file: a `word` header, then one lower-case word a line."""
    words = set()
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    if lines[0].strip() != "word":
        raise DataFileError(path, "the first line must be the header `word`", line=1)
    for number, line in enumerate(lines[1:], start=2):
        word = line.strip()
        if not word:
            continue
        if word != word.lower() or not re.fullmatch(r"[^\W\d_]+(?:'[^\W\d_]+)?", word):
            raise DataFileError(path, f"{word!r} is not one lower-case word", line=number)
        if word in words:
            raise DataFileError(path, f"{word!r} is listed twice", line=number)
        words.add(word)
    return frozenset(words)


def detect_language(text, default="en"):
    """The language whose stopwords occur most often in the text (first 20,000 characters)."""
    counts = {lang: 0 for lang in stopwords_by_language()}
    for word in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text[:20000].lower()):
        for lang, words in stopwords_by_language().items():
            if word in words:
                counts[lang] += 1
    best = max(counts.values(), default=0)
    if best == 0:
        return default
    return sorted(lang for lang, n in counts.items() if n == best)[0]

