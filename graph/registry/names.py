"""The registry's vocabulary: actor kinds, role types, Wikidata IDs, and the keys names are
matched on and the slugs IRIs are made of."""

import re
import unicodedata

KINDS = ("Person", "State", "Organisation", "Place")
SUBCLASSES = {"InternationalOrganisation": "Organisation", "GovernmentBody": "Organisation",
              "PoliticalParty": "Organisation", "ArmedGroup": "Organisation"}
ROLE_TYPES = ("headOfState", "headOfGovernment", "leaderOf", "ministerOf", "spokespersonOf",
              "envoyOf", "memberOf")
QID = re.compile(r"^Q[1-9][0-9]*$")


def normalise(name: str) -> str:
    """The key names are matched on: casefold, no accents, no dots or apostrophes, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.translate(_NORMALISE_TABLE).split())


_NORMALISE_TABLE = str.maketrans({**{c: "" for c in ".'’‘`´ʼʻ"},
                                  **{c: " " for c in "-‐‑‒–—―_/"}})


def slugify(name: str) -> str:
    """The slug used in IRIs (docs/model.md): NFKD, accents dropped, lower case, runs of others as '-'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
