"""What reading yields: an Article (text and what is known of it) or an InputFailure."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

ARTICLE_NS = "https://w3id.org/actorgraph/id/article/"
# C0 controls but tab and line ends, DEL, lone surrogates (from &#xD800; in HTML or feeds): not
# text, not allowed in XML (RDF/XML, HTML export), and surrogates cannot even be encoded
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Dateline:
    """The place (and date) an article's body opens with, "JAKARTA, KOMPAS.com -".

    ``start``/``end`` are offsets in ``Article.text`` of what is kept of it (the place and date:
    the outlet's name is taken out of the text so that it never becomes an actor); ``outlet``
    is the name taken out, if any.
    """

    place: str
    start: int
    end: int
    outlet: str = None


@dataclass
class Article:
    """One article: its text (title first; evidence offsets count in it) and what is known of it."""

    text: str
    title: str = None
    date: datetime.date = None
    lang: str = None
    url: str = None
    source: str = "-"
    id: str = None
    warnings: list = field(default_factory=list)
    dateline: Dateline = None
    outlet: str = None  # the publisher, from front matter or the dateline

    @property
    def iri(self):
        key = self.url if self.url else self.text
        return ARTICLE_NS + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    @property
    def content_hash(self):
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class InputFailure:
    """An input (or one record of it) that could not be read; message is one line naming it."""

    source: str
    message: str
